"""One error shape for the whole API: ``{code, status, message, errors?}``.

Views only ``abort()`` or raise; this module turns every HTTPException,
marshmallow ValidationError and unexpected failure into that shape. Non-API
paths get a small HTML page with the same facts.

A database that is busy or out of reach (db.DatabaseUnavailable) is a 503 with
Retry-After. Pages where people type (the editing forms, sign-in, review) catch it
themselves and show the form again as typed; any other form gets a page that can send
what was submitted again.
"""

import logging

from flask import jsonify, make_response, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from .config import is_api_path
from .db import DatabaseUnavailable, rollback_session
from .taxonomy.document import flatten_errors

log = logging.getLogger(__name__)

# Seconds to wait before trying again after a 503: a lock held past the busy timeout is
# rare and usually short (a long publish, a backup).
RETRY_AFTER_SECONDS = 5


def error_response(status, code, message, errors=None):
    payload = {"code": code, "status": status, "message": message}
    if errors:
        payload["errors"] = errors
    if is_api_path(request.path):
        response = jsonify(payload)
        response.status_code = status
        return response
    return make_response(render_template("error.html", **payload), status)


def _code_for(exc):
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def handle_http_exception(exc):
    response = error_response(exc.code, _code_for(exc), exc.description or exc.name)
    if exc.code == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def handle_validation_error(exc):
    grouped = {}
    for problem in flatten_errors(exc.messages):
        grouped.setdefault(problem.path or "_request", []).append(problem.message)
    return error_response(400, "invalid_input", "The request has invalid values.", grouped)


def unavailable_message(exc):
    """What to tell people when the database did not take a request (nothing was saved)."""
    if exc.busy:
        return (
            "The database is busy with another change and did not take this one in time. "
            "Nothing was saved: try again in a few seconds."
        )
    return "The database cannot be reached right now. Nothing was saved: try again shortly."


def unavailable_code(exc):
    return "database_busy" if exc.busy else "database_unavailable"


def handle_unavailable(exc):
    rollback_session()
    log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.orig)
    status, code, message = 503, unavailable_code(exc), unavailable_message(exc)
    if is_api_path(request.path) or request.method != "POST":
        response = error_response(status, code, message)
    else:
        response = make_response(
            render_template(
                "error.html",
                status=status,
                code=code,
                message=message,
                resend=_resendable_form(),
                resend_to=request.full_path.rstrip("?"),
                had_files=bool(request.files),
            ),
            status,
        )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _resendable_form():
    """The submitted fields, to send again with one click: never a password (it would sit
    in the page), and files cannot be carried (the page says to choose them again)."""
    return [
        (name, value) for name, value in request.form.items(multi=True) if "password" not in name
    ]


def handle_unexpected(exc):
    # Log the traceback for operators; the client gets no internals.
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal_server_error", InternalServerError.description)


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(DatabaseUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
