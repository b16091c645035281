"""The admin JSON API under /api/v1/admin/, authenticated by API tokens only.

Automation works on the shared draft exactly as people do in the admin pages: the
same validation, the same review steps and two-person rule, the same audit log (with
channel "api" and the token's user as actor). Every change names the revision it is
based on with ``If-Match: "draft-<revision>"``, so a script never overwrites a change
it has not seen.

Error codes, besides those every endpoint can answer (401, 403, 400 invalid_input):
``invalid_taxonomy`` 400, ``unsupported_media_type`` 415, ``precondition_required``
428 (no If-Match), ``precondition_failed`` 412 (stale revision), ``review_refused``
409 (a review step not possible now) and ``nothing_to_publish`` 409.
"""

import re

from flask import Blueprint, abort, current_app, g, jsonify, request, url_for
from marshmallow import ValidationError

from ..db import get_session
from ..errors import error_response
from ..models import as_utc, storable_number
from ..people.auth import token_required
from ..publishing import audit, drafts, store
from ..publishing.importing import import_into_draft
from ..taxonomy import strict_json
from ..taxonomy.document import TaxonomyInvalid
from .public import version_list_response, version_summary
from .schemas import (
    AuditListSchema,
    AuditQuerySchema,
    DraftStateSchema,
    PublishRequestSchema,
    ReviewRequestSchema,
    VersionSummarySchema,
)

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")

REVISION_TAG = re.compile(r"draft-(\d+)")
REALM = 'Bearer realm="Digital Practice Guide admin API"'


draft_state_schema = DraftStateSchema()
review_request_schema = ReviewRequestSchema()
publish_request_schema = PublishRequestSchema()
audit_query_schema = AuditQuerySchema()
audit_list_schema = AuditListSchema()
version_summary_schema = VersionSummarySchema()


# --- Views ------------------------------------------------------------------------------


@bp.get("/draft")
@token_required("edit")
def draft():
    return _draft_response(_current_draft())


@bp.put("/draft")
@token_required("edit")
def replace_draft():
    expected = _expected_revision()
    if not request.is_json:
        abort(
            415,
            description="Send the taxonomy document as JSON (Content-Type: application/json).",
        )
    imported = import_into_draft(
        get_session(),
        request.get_data(),
        source="a document sent to the admin API",
        actor=g.api_user.username,
        channel="api",
        expected_revision=expected,
        default_path=current_app.config["DEFAULT_TAXONOMY_PATH"],
    )
    converted = None
    if imported.converted:
        converted = {
            "from_format": imported.from_format,
            "taken_from_draft": [
                {"path": problem.path, "message": problem.message} for problem in imported.converted
            ],
        }
    return _draft_response(imported.draft, converted=converted)


@bp.post("/draft/review-request")
@token_required("edit")
def request_review():
    expected = _expected_revision()
    options = _options(review_request_schema)
    changed = drafts.request_review(
        get_session(),
        expected_revision=expected,
        actor=g.api_user.username,
        channel="api",
        note=options["note"],
    )
    return _draft_response(changed)


@bp.post("/draft/approve")
@token_required("review")
def approve():
    changed = drafts.approve(
        get_session(),
        expected_revision=_expected_revision(),
        actor=g.api_user.username,
        channel="api",
        review_required=current_app.config["REVIEW_REQUIRED"],
    )
    return _draft_response(changed)


@bp.post("/draft/publish")
@token_required("review")
def publish():
    expected = _expected_revision()
    options = _options(publish_request_schema)
    version = drafts.publish(
        get_session(),
        expected_revision=expected,
        actor=g.api_user.username,
        channel="api",
        change_note=options["change_note"],
        review_required=current_app.config["REVIEW_REQUIRED"],
    )
    current_app.extensions["practice_guide_published"].note_published(version)
    response = jsonify(version_summary_schema.dump(version_summary(version)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.version", api="v2", number=version.number)
    return response


@bp.get("/versions")
@token_required("edit")
def versions():
    return version_list_response()


@bp.get("/audit")
@token_required("manage")
def audit_events():
    query = audit_query_schema.load(request.args)
    events, total = audit.list_events(get_session(), **query)
    items = [
        {
            "id": event.id,
            "at": as_utc(event.at),
            "actor": event.actor,
            "channel": event.channel,
            "action": event.action,
            "action_label": audit.ACTIONS.get(event.action, event.action),
            "summary": event.summary,
            "details": audit.details_of(event),
        }
        for event in events
    ]
    payload = {"events": items, "total": total, "limit": query["limit"], "offset": query["offset"]}
    return jsonify(audit_list_schema.dump(payload))


# --- Helpers ----------------------------------------------------------------------------


def _current_draft():
    return drafts.get_draft(get_session(), current_app.config["DEFAULT_TAXONOMY_PATH"])


def _expected_revision():
    """The draft revision the client's change is based on, from If-Match (required)."""
    condition = request.if_match
    if not condition or condition.star_tag:
        abort(
            428,
            description='Send If-Match with the draft\'s ETag (such as "draft-7"), from '
            "GET /api/v1/admin/draft, so that nobody's change is overwritten unseen.",
        )
    revisions = {
        _revision_in(found) for tag in condition.as_set() if (found := REVISION_TAG.fullmatch(tag))
    }
    current = _current_draft()
    if len(revisions) != 1 or len(condition.as_set()) != 1:
        # Several tags would let a client claim every revision at once.
        abort(
            412,
            description="If-Match must name exactly one draft revision; the current one is "
            f'"draft-{current.revision}".',
        )
    # A stale revision is refused by drafts.* with DraftConflict (412 below).
    return revisions.pop()


def _revision_in(found):
    """The revision a ``draft-<n>`` tag names; a number no revision can have is refused
    (it would otherwise be an overflow, or with 4,300 digits more, a crash)."""
    revision = storable_number(found.group(1))
    if revision is None:
        shown = found.group(0) if len(found.group(0)) <= 30 else found.group(0)[:30] + "…"
        message = f'"{shown}" names no possible revision: send the ETag of the draft.'
        raise ValidationError({"If-Match": [message]})
    return revision


def _options(schema):
    """An optional JSON object body, loaded through ``schema``."""
    if not request.get_data().strip():
        return schema.load({})
    if not request.is_json:
        abort(415, description="Send the request body as JSON (Content-Type: application/json).")
    try:
        body = strict_json.loads(request.get_data())
    except strict_json.JSONProblem as exc:
        abort(400, description=f"The request body is not valid JSON: {exc}")
    return schema.load(body)


def _draft_response(current, converted=None):
    db = get_session()
    status = drafts.status_of(db, current)
    payload = draft_state_schema.dump(
        {
            "revision": current.revision,
            "state": current.state,
            "status": status,
            "status_label": drafts.STATUS_LABELS[status],
            "base_version": current.base_version,
            "updated_at": as_utc(current.updated_at),
            "updated_by": current.updated_by,
            "editors": drafts.editors_of(current),
            "review_requested_by": current.review_requested_by,
            "review_requested_at": _utc(current.review_requested_at),
            "review_note": current.review_note,
            "approved_by": current.approved_by,
            "approved_at": _utc(current.approved_at),
        }
    )
    payload["taxonomy"] = drafts.document_of(current)
    if converted:
        payload["converted"] = converted
    response = jsonify(payload)
    response.set_etag(f"draft-{current.revision}")
    return response


def _utc(moment):
    return None if moment is None else as_utc(moment)


# --- Errors: the API's one shape, with the codes documented above -------------------------


@bp.errorhandler(TaxonomyInvalid)
def _invalid_taxonomy(exc):
    return error_response(
        400, "invalid_taxonomy", f"Nothing was saved: {exc}.", exc.as_error_dict()
    )


@bp.errorhandler(drafts.DraftConflict)
def _stale_revision(exc):
    response = error_response(412, "precondition_failed", str(exc))
    response.set_etag(f"draft-{exc.draft.revision}")
    return response


@bp.errorhandler(drafts.ReviewError)
def _review_refused(exc):
    return error_response(409, "review_refused", str(exc))


@bp.errorhandler(store.NothingToPublish)
def _nothing_to_publish(exc):
    return error_response(409, "nothing_to_publish", f"The draft is {exc}.")


@bp.after_request
def _api_headers(response):
    # Drafts and the audit log are not for shared caches.
    response.headers["Cache-Control"] = "no-store"
    if response.status_code == 401:
        challenge = REALM
        if "Authorization" in request.headers:
            challenge += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    return response


def init_app(app):
    # Token-authenticated and cookie-blind, so CSRF tokens do not apply.
    app.extensions["practice_guide_csrf"].exempt(bp)
    app.register_blueprint(bp)
