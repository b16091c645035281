"""The admin JSON API under /api/v1/admin/, authenticated by API tokens only."""

from flask import Blueprint

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")


def init_app(app):
    # Token-authenticated and cookie-blind, so CSRF tokens do not apply.
    app.extensions["practice_guide_csrf"].exempt(bp)
    app.register_blueprint(bp)
