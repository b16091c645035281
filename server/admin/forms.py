"""Small helpers shared by the admin pages' form handling."""

from flask import abort, current_app, request

from ..db import get_session
from ..publishing.drafts import get_draft


def expected_revision():
    """The draft revision the submitted form was based on (a hidden field)."""
    raw = request.form.get("revision", "")
    if not raw.isdigit():
        abort(400, description="The form is missing the draft revision; reload the page.")
    return int(raw)


def current_draft():
    return get_draft(get_session(), current_app.config["DEFAULT_TAXONOMY_PATH"])
