"""Configuration defaults and the environment variables that override them.

Layers, later wins: these defaults, ``instance/config.py``, environment variables,
then the ``test_config`` dict given to ``create_app``. Nothing here runs at import
time beyond defining constants.
"""

import os
from pathlib import Path

# Where shared/ and extension/ are read from: the repository in a checkout (and an
# editable install), else the copies a wheel carries in server/bundled/ (setup.py).
_CHECKOUT = Path(__file__).resolve().parent.parent
REPO_ROOT = (
    _CHECKOUT
    if (_CHECKOUT / "shared" / "taxonomy.json").is_file()
    else Path(__file__).resolve().parent / "bundled"
)

DEFAULTS = {
    # Signs session cookies. Unset: a random key is made once and kept in the instance
    # folder (instance/secret_key). Several servers behind one address need the same key.
    "SECRET_KEY": None,
    # A SQLAlchemy URL; None means a SQLite file in the instance folder.
    "DATABASE_URL": None,
    # Seconds a write waits for another that holds the lock (SQLite's busy timeout,
    # PostgreSQL's lock_timeout) before the request is answered 503 with Retry-After.
    # Below gunicorn's 30-second worker timeout, so a waiting worker is never killed.
    "DATABASE_BUSY_TIMEOUT": 15.0,
    "DEFAULT_TAXONOMY_PATH": str(REPO_ROOT / "shared" / "taxonomy.json"),
    # Origins allowed to read the public API from a browser. The API is read-only
    # and credential-free, so any origin is safe by default.
    "CORS_ORIGINS": "*",
    # How often installed extensions should check for new guidance, in hours, sent with
    # the guidance (X-Taxonomy-Check-Hours). Extensions keep it between 1 and 24 and
    # spread their checks by ±10%; a managed policy or the practitioner's own choice wins.
    "CHECK_HOURS": 3,
    # Seconds shared caches and clients may reuse /api/v1/taxonomy before revalidating.
    "TAXONOMY_MAX_AGE": 300,
    # Seconds a worker trusts its prepared snapshot before asking the database whether
    # another process has published. A publish in this process is seen at once.
    "SNAPSHOT_TTL": 2.0,
    # Largest request body accepted anywhere (taxonomy documents are capped separately).
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    # The two-person rule: whoever changed the draft cannot approve it. On by default
    # because guidance reaches every installed extension; a practitioner working alone
    # can turn it off (then a reviewer may publish an edited draft without approval).
    "REVIEW_REQUIRED": True,
    # Session cookies only over HTTPS (browsers also accept them on http://localhost and
    # 127.0.0.1). Turn off only for a plain-HTTP deployment on a trusted network.
    "SECURE_COOKIES": True,
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (0: none).
    "PROXY_HOPS": 0,
    # Password attempts (sign-in, the password form) per client address and per account.
    # They are counted in the database, shared by every worker and server on it; a
    # RATELIMIT_STORAGE_URI ("memory://": per process, "redis://...") counts there instead.
    "LOGIN_RATE_LIMIT": "5 per minute;30 per hour",
    "LOGIN_ACCOUNT_RATE_LIMIT": "10 per 15 minutes;50 per day",
    "RATELIMIT_STORAGE_URI": None,
    # A signed-in session ends after this long, or after this long without activity.
    "SESSION_MAX_HOURS": 12,
    "SESSION_IDLE_MINUTES": 120,
    # The https address staff browsers reach this service at, for the organisation's
    # extension build (practice-guide extension build, the admin Roll-out page). Unset:
    # the address of the request that asks for the build.
    "PUBLIC_URL": None,
    # The extension's signing key. Unset: instance/extension-key.pem, made on first use.
    "EXTENSION_KEY_PATH": None,
    "HOST": "127.0.0.1",
    "PORT": 5080,
    "WORKERS": 2,
    "THREADS": 4,
}

# Environment variable -> (config key, converter).
ENVIRONMENT = {
    "DATABASE_URL": ("DATABASE_URL", str),
    "DATABASE_BUSY_TIMEOUT": ("DATABASE_BUSY_TIMEOUT", float),
    "SECRET_KEY": ("SECRET_KEY", str),
    "CORS_ORIGINS": ("CORS_ORIGINS", str),
    "PUBLIC_URL": ("PUBLIC_URL", str),
    "EXTENSION_KEY_PATH": ("EXTENSION_KEY_PATH", str),
    "HOST": ("HOST", str),
    "PORT": ("PORT", int),
    "WEB_CONCURRENCY": ("WORKERS", int),
    "TAXONOMY_MAX_AGE": ("TAXONOMY_MAX_AGE", int),
    "CHECK_HOURS": ("CHECK_HOURS", int),
    "REVIEW_REQUIRED": ("REVIEW_REQUIRED", "flag"),
    "SECURE_COOKIES": ("SECURE_COOKIES", "flag"),
    "PROXY_HOPS": ("PROXY_HOPS", int),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", str),
    "LOGIN_ACCOUNT_RATE_LIMIT": ("LOGIN_ACCOUNT_RATE_LIMIT", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
}
_FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _flag(raw):
    try:
        return _FLAGS[raw.strip().lower()]
    except KeyError:
        raise ValueError("use true or false") from None


def from_environment(environ=None):
    """Return the config values set through environment variables."""
    environ = os.environ if environ is None else environ
    values = {}
    for name, (key, convert) in ENVIRONMENT.items():
        raw = environ.get(name)
        if raw not in (None, ""):
            try:
                values[key] = _flag(raw) if convert == "flag" else convert(raw)
            except ValueError as exc:
                raise ValueError(
                    f"environment variable {name}={raw!r} is not valid: {exc}"
                ) from exc
    return values


def instance_path(environ=None):
    """The instance folder (SQLite file, secret key, config.py) from INSTANCE_PATH, or None
    for Flask's default: ``instance/`` in a checkout, ``<prefix>/var/server-instance`` for
    a wheel install, which a server would rather keep in /var/lib or a volume."""
    environ = os.environ if environ is None else environ
    value = environ.get("INSTANCE_PATH")
    # Flask wants it absolute.
    return str(Path(value).resolve()) if value else None


# The range extensions accept for CHECK_HOURS (extension/lib/sync-policy.js).
CHECK_HOURS_RANGE = range(1, 25)


def check_hours(value):
    """The CHECK_HOURS setting, refused at start when extensions would not take it."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in CHECK_HOURS_RANGE:
        raise ValueError(f"CHECK_HOURS={value!r} is not valid: use a whole number from 1 to 24")
    return value


def cors_origins(value):
    """Turn the CORS_ORIGINS setting (``*`` or a comma-separated list) into flask-cors form."""
    if isinstance(value, (list, tuple)):
        return list(value)
    value = (value or "").strip()
    if value == "*":
        return "*"
    return [origin.strip() for origin in value.split(",") if origin.strip()]


def is_api_path(path):
    """The API (/api itself included) and the health check answer JSON, without sessions;
    every other path is a page for people."""
    return path in ("/api", "/healthz") or path.startswith(("/api/", "/healthz/"))
