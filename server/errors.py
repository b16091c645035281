"""One error shape for the whole API: ``{code, status, message, errors?}``.

Views only ``abort()`` or raise; this module turns every HTTPException,
marshmallow ValidationError and unexpected failure into that shape. Non-API
paths get a small HTML page with the same facts.
"""

import logging

from flask import jsonify, make_response, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from .taxonomy.document import flatten_errors

log = logging.getLogger(__name__)

JSON_PREFIXES = ("/api/", "/healthz")


def error_response(status, code, message, errors=None):
    payload = {"code": code, "status": status, "message": message}
    if errors:
        payload["errors"] = errors
    if request.path.startswith(JSON_PREFIXES):
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


def handle_unexpected(exc):
    # Log the traceback for operators; the client gets no internals.
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal_server_error", InternalServerError.description)


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(Exception, handle_unexpected)
