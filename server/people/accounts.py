"""User accounts: creating them, checking passwords, roles. No defaults, no plain text.

Passwords are hashed with scrypt (werkzeug.security). A user created without a
password gets a random one-time password, shown once to whoever created the account.
"""

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import User
from ..publishing import audit

ROLES = ("editor", "reviewer", "admin")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MIN_PASSWORD_LENGTH = 12
# A fixed hash to check against when the user does not exist, so that a wrong username
# costs as much time as a wrong password and reveals nothing.
_NO_SUCH_USER = generate_password_hash("not a real password")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def hash_password(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return generate_password_hash(password, method="scrypt")


def create_user(session, username, role, password=None, *, actor="command line", channel="cli"):
    """Create an account; return (user, one_time_password or None). The account and its
    audit event (by ``actor`` through ``channel``) are committed together."""
    username = (username or "").strip().lower()
    if not USERNAME.fullmatch(username):
        raise AccountError(
            "A username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'."
        )
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    one_time = None
    if password is None:
        one_time = secrets.token_urlsafe(18)
        password = one_time
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        must_change_password=one_time is not None,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise AccountError(f"There is already a user called '{username}'.") from exc
    try:
        audit.record(
            session,
            actor=actor,
            channel=channel,
            action="user-create",
            summary=f"Created {role} '{username}'",
            username=username,
            role=role,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return user, one_time


def authenticate(session, username, password):
    """The active user with these credentials, or None (in the same time either way)."""
    user = session.scalars(
        select(User).where(User.username == (username or "").strip().lower())
    ).first()
    if user is None or not user.active:
        check_password_hash(_NO_SUCH_USER, password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def user_count(session):
    return session.scalar(select(func.count()).select_from(User))


def get_user(session, username):
    return session.scalars(
        select(User).where(User.username == (username or "").strip().lower())
    ).first()


def list_users(session):
    return session.scalars(select(User).order_by(User.username)).all()


def change_password(session, user, new_password):
    """Set a password the user chose; the one-time flag is cleared. The caller commits."""
    user.password_hash = hash_password(new_password)
    user.must_change_password = False


def reset_password(session, user):
    """Give the user a new one-time password (returned, to show once). The caller commits."""
    one_time = secrets.token_urlsafe(18)
    user.password_hash = hash_password(one_time)
    user.must_change_password = True
    return one_time


def update_user(session, user, *, role=None, active=None):
    """Change a role or (de)activate; refuse to leave the service without an active admin.
    The caller commits."""
    if role is not None and role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    new_role = user.role if role is None else role
    new_active = user.active if active is None else active
    if user.role == "admin" and user.active and (new_role != "admin" or not new_active):
        # Lock every active admin row, always in the same order, so that two admins
        # demoting each other at once are serialised and the second sees the first.
        admins = session.scalars(
            select(User.id)
            .where(User.role == "admin", User.active.is_(True))
            .order_by(User.id)
            .with_for_update()
        ).all()
        if not [admin for admin in admins if admin != user.id]:
            raise AccountError("This is the only active admin: make someone else admin first.")
    user.role = new_role
    user.active = new_active
