"""API tokens for automation: random secrets shown once, stored only as SHA-256 hashes.

A token acts as the user it belongs to, with that user's role. A token has 256 bits
of randomness, so a fast hash is enough: nobody can guess one from its hash.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from ..models import ApiToken, User, as_utc, utcnow
from ..publishing import audit

TOKEN_PREFIX = "dpg_"
# Recording every use would write to the database on every request; a minute is precise
# enough to tell whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(ValueError):
    """A token request that cannot be carried out; the message says why."""


def hash_token(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session, user, name, *, actor, channel):
    """Add a token for ``user``, by ``actor`` through ``channel``; return (row, secret).
    The token and its audit event are committed together."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise TokenError("Give the token a name of 1-80 characters, e.g. what will use it.")
    if not user.active:
        raise TokenError(f"{user.username} is deactivated and cannot have tokens.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        user_id=user.id,
        token_hash=hash_token(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        created_by=actor,
    )
    session.add(token)
    session.flush()
    _record(session, token, user, actor, channel, "token-create", "Created API token", "for")
    return token, secret


def revoke_token(session, token, *, actor, channel):
    """Revoke (once), with its audit event, committed together. Returns False when it was
    already revoked (nothing is written)."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    owner = session.get(User, token.user_id)
    _record(session, token, owner, actor, channel, "token-revoke", "Revoked API token", "of")
    return True


def _record(session, token, user, actor, channel, action, verb, preposition):
    """Add the audit event and commit; on any failure nothing of the change stays."""
    try:
        audit.record(
            session,
            actor=actor,
            channel=channel,
            action=action,
            summary=f"{verb} '{token.name}' {preposition} {user.username}",
            token_id=token.id,
            username=user.username,
            prefix=token.prefix,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise


def list_tokens(session):
    """Every token with its user, newest first: [(token, user)]."""
    return session.execute(
        select(ApiToken, User).join(User, ApiToken.user_id == User.id).order_by(ApiToken.id.desc())
    ).all()


def authenticate_token(session, secret):
    """The active user a live token belongs to, or None. Records when it was used."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(secret))
    ).first()
    if row is None:
        return None
    token, user = row
    if token.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= LAST_USED_PRECISION:
        token.last_used_at = now
        session.commit()
    return user
