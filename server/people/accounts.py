"""User accounts: creating them, checking passwords, roles. No defaults, no plain text.

Passwords are hashed with scrypt (werkzeug.security). A user created without a
password gets a random one-time password, shown once to whoever created the account.
Only an app in TESTING mode hashes cheaply, so that test suites creating hundreds of
accounts do not spend minutes on deliberately slow hashing.
"""

import re
import secrets
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import User
from ..publishing import audit

ROLES = ("editor", "reviewer", "admin")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MIN_PASSWORD_LENGTH = 12
PASSWORD_HASH = "scrypt"
# One iteration of PBKDF2: only for apps with TESTING set (see password_hash_method).
TESTING_PASSWORD_HASH = "pbkdf2:sha256:1"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def password_hash_method():
    """scrypt, except in an app configured for testing. Checking a password reads the
    method from its stored hash, so either kind of hash is always checked correctly."""
    if has_app_context() and current_app.config.get("TESTING"):
        return TESTING_PASSWORD_HASH
    return PASSWORD_HASH


@cache
def _no_such_user(method):
    """A fixed hash to check against when the user does not exist, so that a wrong
    username costs as much time as a wrong password and reveals nothing."""
    return generate_password_hash("not a real password", method=method)


def hash_password(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return generate_password_hash(password, method=password_hash_method())


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
    user = get_user(session, username)
    if user is None or not user.active:
        check_password_hash(_no_such_user(password_hash_method()), password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def user_count(session):
    return session.scalar(select(func.count()).select_from(User))


def get_user(session, username):
    """The account called ``username`` (any case), or None. A name that no account can
    have (control characters, say, which PostgreSQL would refuse) is not looked up."""
    username = (username or "").strip().lower()
    if not USERNAME.fullmatch(username):
        return None
    return session.scalars(select(User).where(User.username == username)).first()


def list_users(session):
    return session.scalars(select(User).order_by(User.username)).all()


# The roles whose people may approve and publish (server.people.auth's "review").
APPROVING_ROLES = ("reviewer", "admin")


def approvers(session, excluding=()):
    """The usernames of active people who may approve, leaving out ``excluding``."""
    rows = session.scalars(
        select(User.username)
        .where(User.active.is_(True), User.role.in_(APPROVING_ROLES))
        .order_by(User.username)
    ).all()
    return [name for name in rows if name not in set(excluding)]


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
