"""Digital Practice Guide: the guidance service.

``create_app`` builds the app from its parts, lowest first (``docs/architecture.md``
says what may import what): the database, errors and security headers, then people,
publishing and the taxonomy's commands, then the extension's roll-out, the JSON APIs
and the admin pages.
"""

from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template

from . import (
    admin,
    api,
    backups,
    db,
    errors,
    people,
    publishing,
    rollout,
    security,
    serve,
    taxonomy,
)
from .config import DEFAULTS, check_hours, cors_origins, from_environment, instance_path

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
        instance_path=test_config.pop("INSTANCE_PATH", None) or instance_path(),
    )
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    app.config["CORS_ORIGINS_LIST"] = cors_origins(app.config["CORS_ORIGINS"])
    check_hours(app.config["CHECK_HOURS"])
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    backups.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    people.init_app(app)
    publishing.init_app(app)
    taxonomy.init_app(app)
    rollout.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    serve.init_app(app)
    app.register_blueprint(home)
    return app
