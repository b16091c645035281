"""Small helpers shared by the admin pages' form handling."""

from flask import abort, current_app, make_response, request

from ..db import get_session, rollback_session
from ..errors import RETRY_AFTER_SECONDS, unavailable_message
from ..models import storable_number
from ..publishing.drafts import get_draft


def expected_revision():
    """The draft revision the submitted form was based on (a hidden field)."""
    revision = storable_number(request.form.get("revision"))
    if revision is None:
        abort(400, description="The form is missing the draft revision; reload the page.")
    return revision


def current_draft():
    return get_draft(get_session(), current_app.config["DEFAULT_TAXONOMY_PATH"])


def busy(page):
    """Answer a form the database did not take (DatabaseUnavailable) with ``page()``:
    the form again, as it was typed, with 503 and Retry-After. The page is rendered
    after the failed transaction is rolled back, so that it can read what it shows."""
    rollback_session()
    response = make_response(page(), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def typed_kept(exc):
    """The message above a form shown again after the database did not take it."""
    return f"{unavailable_message(exc)} What you typed is below: save it again."
