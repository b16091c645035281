"""User accounts: creating them, checking passwords, roles. No defaults, no plain text.

Passwords are hashed with scrypt (werkzeug.security). A user created without a
password gets a random one-time password, shown once to whoever created the account.
"""

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .models import User

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


def create_user(session, username, role, password=None):
    """Create an account; return (user, one_time_password or None)."""
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
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise AccountError(f"There is already a user called '{username}'.") from exc
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
