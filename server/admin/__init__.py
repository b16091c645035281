"""The admin area (/admin): server-rendered pages for signing in, editing the draft,
review and publishing, history, users and tokens. Pages work without JavaScript.

Each module adds its views to ``bp``; ``NAVIGATION`` lists the pages the layout links
to, shown only to people whose role may use them.
"""

from flask import Blueprint, current_app, request, url_for
from flask_login import current_user

from ..models import as_utc

bp = Blueprint("admin", __name__, url_prefix="/admin")

# (endpoint, label, permission needed to see the link)
NAVIGATION = (
    ("admin.dashboard", "Dashboard", "edit"),
    ("admin.categories", "Categories", "edit"),
    ("admin.cautions", "Cautions", "edit"),
    ("admin.references", "References", "edit"),
    ("admin.sites", "Sites", "edit"),
    ("admin.profiles", "Profiles", "edit"),
    ("admin.details", "Details", "edit"),
    ("admin.lab", "Pattern lab", "edit"),
    ("admin.preview", "Preview", "edit"),
    ("admin.transfer", "Import & export", "edit"),
    ("admin.history", "History", "edit"),
    ("admin.rollout", "Roll-out", "review"),
    ("admin.audit_log", "Audit log", "manage"),
    ("admin.users", "Users", "manage"),
    ("admin.tokens", "API tokens", "manage"),
)


@bp.app_context_processor
def _navigation():
    def links():
        if not current_user.is_authenticated:
            return []
        return [
            (endpoint, label)
            for endpoint, label, permission in NAVIGATION
            if endpoint in current_app.view_functions and current_user.can(permission)
        ]

    def current_section():
        """The navigation entry whose address is the longest prefix of this page's."""
        best, length = None, 0
        for endpoint, _label in links():
            base = url_for(endpoint)
            matches = request.path == base or (
                endpoint != "admin.dashboard" and request.path.startswith(base.rstrip("/") + "/")
            )
            if matches and len(base) > length:
                best, length = endpoint, len(base)
        return best

    return {"admin_links": links, "admin_section": current_section}


def init_app(app):
    # Import the view modules for their side effect of adding routes to bp.
    from . import (  # noqa: F401
        dashboard,
        editing,
        format_gate,
        history,
        people,
        preview_page,
        rollout,
        signin,
        tools,
    )

    app.register_blueprint(bp)
    app.add_template_filter(as_utc, "utc")
