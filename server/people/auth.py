"""Who is asking: signed-in people (Flask-Login, server-side session records) and API
tokens, and what each role may do.

The session cookie holds only a random token. Its hash names a row in
``login_sessions``; signing in always makes a new one (no session fixation) and
signing out deletes it (a copied cookie stops working).
"""

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import delete

from ..db import get_session
from ..models import LoginSession, User, as_utc, utcnow
from ..publishing import audit
from .tokens import authenticate_token

# What each role may do. Reviewers also edit; admins may do everything.
PERMISSIONS = {
    "edit": frozenset({"editor", "reviewer", "admin"}),
    "review": frozenset({"reviewer", "admin"}),
    "manage": frozenset({"admin"}),
}
# Writing last_seen_at on every request would make every page view a write.
SEEN_PRECISION = timedelta(minutes=1)


class Principal(UserMixin):
    """The signed-in user, as Flask-Login sees them: ``get_id`` is the session token."""

    def __init__(self, user, token):
        self.user = user
        self.token = token

    def get_id(self):
        return self.token

    @property
    def username(self):
        return self.user.username

    @property
    def role(self):
        return self.user.role

    def can(self, permission):
        return self.user.role in PERMISSIONS[permission]


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _load_principal(token):
    db = get_session()
    record = db.get(LoginSession, _hash(token))
    if record is None:
        return None
    user = db.get(User, record.user_id)
    now = utcnow()
    config = current_app.config
    expired = now - as_utc(record.created_at) > timedelta(
        hours=config["SESSION_MAX_HOURS"]
    ) or now - as_utc(record.last_seen_at) > timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    if expired or user is None or not user.active:
        db.delete(record)
        db.commit()
        return None
    if now - as_utc(record.last_seen_at) >= SEEN_PRECISION:
        record.last_seen_at = now
        db.commit()
    return Principal(user, token)


def sign_in(user):
    """Start a fresh session for ``user``: whatever the browser held before is dropped."""
    db = get_session()
    previous = session.get("_user_id")
    if previous:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(previous)))
    _forget_expired(db)
    session.clear()
    token = secrets.token_urlsafe(32)
    db.add(LoginSession(token_hash=_hash(token), user_id=user.id))
    audit.record(db, actor=user.username, channel="web", action="sign-in", summary="Signed in")
    db.commit()
    login_user(Principal(user, token))


def sign_out():
    """End this session everywhere it was copied to."""
    db = get_session()
    if current_user.is_authenticated:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(current_user.token)))
        audit.record(
            db, actor=current_user.username, channel="web", action="sign-out", summary="Signed out"
        )
        db.commit()
    logout_user()
    session.clear()


def end_sessions_of(db, user, keep=None):
    """Sign ``user`` out everywhere (deactivated, password reset), or everywhere but the
    session with token ``keep`` (they changed their own password). The caller commits."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.token_hash != _hash(keep))
    db.execute(query)


def _forget_expired(db):
    """Remove sessions past their limits whose cookies never came back."""
    config = current_app.config
    now = utcnow()
    db.execute(
        delete(LoginSession).where(
            (LoginSession.created_at < now - timedelta(hours=config["SESSION_MAX_HOURS"]))
            | (LoginSession.last_seen_at < now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]))
        )
    )


def permission_required(permission):
    """Pages: anonymous visitors go to the sign-in page, others without the role get 403.
    Someone holding a one-time password must choose their own before anything else."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.user.must_change_password:
                return redirect(url_for("admin.change_password", next=request.full_path))
            if permission and not current_user.can(permission):
                abort(403, description="Your role does not allow this.")
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorate


def signed_in_required(view):
    """Any signed-in user (the password page itself must not redirect to itself)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapped.required_permission = "signed-in"
    return wrapped


def token_required(permission):
    """The admin API: a bearer token and nothing else (cookies are ignored, so a page on
    another site cannot act through a signed-in browser). 401 without, 403 without role."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
            user = None
            if scheme.lower() == "bearer":
                user = authenticate_token(get_session(), secret.strip())
            if user is None:
                abort(401, description="A valid API token is required (Authorization: Bearer).")
            if user.role not in PERMISSIONS[permission]:
                abort(403, description="This token's user does not have the role for this.")
            g.api_user = user
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorate


def safe_next(target, fallback):
    """Only a path on this service's admin area: never an open redirect, nothing that
    could not go into a Location header."""
    if (
        target
        and target.startswith("/admin")
        and target.isprintable()
        and "\\" not in target
        and " " not in target
    ):
        return target
    return fallback


def init_app(app):
    manager = LoginManager()
    manager.login_view = "admin.login"
    manager.login_message = "Please sign in to continue."
    manager.login_message_category = "info"
    # Our own session records do what "strong" protection approximates, without
    # signing people out when their address changes (mobile networks, VPNs).
    manager.session_protection = None
    manager.user_loader(_load_principal)
    manager.init_app(app)
