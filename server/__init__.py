"""Digital Practice Guide: the guidance service."""

from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template

from . import admin, admin_api, api, auth, db, errors, security, strict_json, throttle
from .config import DEFAULTS, cors_origins, from_environment
from .published import PublishedCache
from .store import ensure_seeded

home = Blueprint("home", __name__)


@home.get("/")
def index():
    snapshot = current_app.extensions["practice_guide_published"].current()
    return render_template("index.html", snapshot=snapshot)


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, the environment, then test_config."""
    test_config = dict(test_config or {})
    # Tests give each app its own instance folder (and so its own SQLite file).
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=test_config.pop("INSTANCE_PATH", None),
    )
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    app.config["CORS_ORIGINS_LIST"] = cors_origins(app.config["CORS_ORIGINS"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    strict_json.init_app(app)
    db.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    throttle.init_app(app)
    auth.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    admin_api.init_app(app)
    app.register_blueprint(home)
    _init_published(app)

    from . import cli

    cli.init_app(app)
    return app


def _init_published(app):
    state = app.extensions["practice_guide_db"]

    default_path = app.config["DEFAULT_TAXONOMY_PATH"]
    app.extensions["practice_guide_published"] = PublishedCache(
        session_factory=state["sessionmaker"],
        ttl=app.config["SNAPSHOT_TTL"],
        seed=lambda session: ensure_seeded(session, default_path),
    )
