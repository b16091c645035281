"""Defences for the browser-facing parts: the secret key, CSRF tokens, cookie flags and
security headers, request values refused before any view (NUL; JSON read strictly).
The sign-in rate limits are in people/throttle.py."""

import os
import secrets
from pathlib import Path

from flask import request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from marshmallow import ValidationError
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import is_api_path
from .taxonomy.plain_text import without_control
from .taxonomy.strict_json import loads as strict_loads

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class BrowserOnlySessions(SecureCookieSessionInterface):
    """Cookie sessions for the pages people sign in to, none for the JSON API.

    The public API must stay cookie-blind (no ``Vary: Cookie``, nothing for shared
    caches to split on) and the admin API authenticates by token only; skipping the
    session there also saves signing work on every extension update check.
    """

    def open_session(self, app, request):
        if is_api_path(request.path):
            return self.null_session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if session is not None and isinstance(session, self.null_session_class):
            return
        super().save_session(app, session, response)


def _secret_key(app):
    """The configured key, or one generated once and kept in the instance folder, so a
    fresh install never signs cookies with a key that is published in this repository."""
    configured = app.config.get("SECRET_KEY")
    if configured:
        return configured
    path = Path(app.instance_path) / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    # Several workers may start at once: write a private temporary file, then link it
    # into place, which fails if another process won; everyone then reads one key.
    temporary = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="utf-8").strip()


def _security_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


def _refuse_nul():
    """NUL has no place in any value sent here, and PostgreSQL cannot store it: refuse it
    in the query, form fields and file names before any view looks at them (400
    invalid_input, each such field named). Fields refuse the other control characters
    where they have no place, in their own words."""
    values = list(request.args.items(multi=True))
    if not is_api_path(request.path):
        # Forms are for the pages; the JSON API reads its bodies itself (and refuses forms).
        values += request.form.items(multi=True)
        values += [(name, file.filename or "") for name, file in request.files.items(multi=True)]
    found = {
        without_control(name) or "_request": [NUL_MESSAGE]
        for name, value in values
        if "\x00" in name + value
    }
    if found:
        raise ValidationError(found)


NUL_MESSAGE = "Must not contain the NUL control character."


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading with taxonomy.strict_json: ``request.get_json()`` answers 400
    for a key given twice, NaN, deep nesting or an endless number, as for any JSON it
    cannot read."""

    def loads(self, s, **kwargs):
        return strict_loads(s)


def _no_store_for_admin(response):
    if request.path.startswith("/admin"):
        # Guidance drafts and user lists must not linger in shared caches or history.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    app.json = StrictJSONProvider(app)
    app.config["SECRET_KEY"] = _secret_key(app)
    app.session_interface = BrowserOnlySessions()
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
    if app.config["SECURE_COOKIES"]:
        # The __Host- prefix makes browsers refuse the cookie unless it is Secure,
        # host-only and for the whole site.
        app.config["SESSION_COOKIE_NAME"] = "__Host-dpg_session"
    else:
        app.config["SESSION_COOKIE_NAME"] = "dpg_session"
    # A form may stay open for a long edit; the token is bound to the session anyway.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=app.config["PROXY_HOPS"],
            x_proto=app.config["PROXY_HOPS"],
            x_host=app.config["PROXY_HOPS"],
        )
    csrf = CSRFProtect(app)
    app.extensions["practice_guide_csrf"] = csrf
    app.before_request(_refuse_nul)
    app.after_request(_security_headers)
    app.after_request(_no_store_for_admin)
