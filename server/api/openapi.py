"""The OpenAPI 3 document, generated from the marshmallow schemas so that it cannot drift
from what the server enforces.

The public read-only API comes first, then the token-authenticated admin API
(``admin.py``). The taxonomy's own schemas are registered as ``server.taxonomy.json_schema``
names them, so the document and the published JSON Schema describe the same format.
"""

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from ..models import INTEGER_MAX
from ..taxonomy import format1
from ..taxonomy.json_schema import TAXONOMY_SCHEMAS
from . import schemas

ERROR_RESPONSE = {
    "description": "An error, in the API's one error shape.",
    "content": {"application/json": {"schema": "Error"}},
}

# Format 1's own parts (the rest it shares with format 2), for /api/v1.
FORMAT1_SCHEMAS = {
    "Format1Jurisdiction": format1.JurisdictionSchema,
    "Format1Category": format1.CategorySchema,
    "Format1Caution": format1.CautionSchema,
    "Format1Reference": format1.ReferenceSchema,
    "Format1Site": format1.SiteSchema,
    "Format1Taxonomy": format1.TaxonomySchema,
}

# The taxonomy's own schemas first: nested schemas come before the schemas that use them,
# so each keeps its own name.
SCHEMAS = {
    "Error": schemas.ErrorSchema,
    **TAXONOMY_SCHEMAS,
    "VersionSummary": schemas.VersionSummarySchema,
    "PublishedTaxonomy": schemas.PublishedTaxonomySchema,
    **FORMAT1_SCHEMAS,
    "PublishedTaxonomyFormat1": schemas.PublishedTaxonomyFormat1Schema,
    "VersionList": schemas.VersionListSchema,
    "CategorySummary": schemas.CategorySummarySchema,
    "CategoryList": schemas.CategoryListSchema,
    "ResolvedSite": schemas.ResolvedSiteSchema,
    "ResolvedCaution": schemas.ResolvedCautionSchema,
    "ResolvedCategory": schemas.ResolvedCategorySchema,
    "ResolvedCitation": schemas.ResolvedCitationSchema,
    "ReaderCaution": schemas.ReaderCautionSchema,
    "ReaderSite": schemas.ReaderSiteSchema,
    "ReaderCategory": schemas.ReaderCategorySchema,
    "Health": schemas.HealthSchema,
    "Draft": schemas.DraftSchema,
    "TakenField": schemas.TakenFieldSchema,
    "Conversion": schemas.ConversionSchema,
    "ImportedDraft": schemas.ImportedDraftSchema,
    "ReviewRequest": schemas.ReviewRequestSchema,
    "PublishRequest": schemas.PublishRequestSchema,
    "AuditEvent": schemas.AuditEventSchema,
    "AuditList": schemas.AuditListSchema,
}


def _json(schema, description, headers=None):
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


ETAG_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Strong validator of the version."},
    "Cache-Control": {"schema": {"type": "string"}},
    "X-Taxonomy-Version": {"schema": {"type": "integer"}},
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "The ETag the client holds; answered with 304 when it is current.",
}
NOT_MODIFIED = {"description": "The client's copy is current.", "headers": ETAG_HEADERS}
# The current version's answers also say how often to come back.
CHECK_HEADERS = {
    **ETAG_HEADERS,
    "X-Taxonomy-Check-Hours": {
        "schema": {"type": "integer", "minimum": 1, "maximum": 24},
        "description": "How often, in hours, extensions should check for new guidance.",
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}
UNAVAILABLE = {
    "description": (
        "The database is busy: another change held it for longer than the busy timeout "
        "(code `database_busy`), or it cannot be reached (code `database_unavailable`). "
        "Nothing was saved; try again after Retry-After seconds."
    ),
    "content": {"application/json": {"schema": "Error"}},
    "headers": RETRY_AFTER,
}


def _error(description, headers=None):
    response = {"description": description, "content": {"application/json": {"schema": "Error"}}}
    if headers:
        response["headers"] = headers
    return response


def _format_paths(api, document, description):
    """The taxonomy's paths in one format (``document``: its PublishedTaxonomy schema)."""
    number = {
        "in": "path",
        "name": "number",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": INTEGER_MAX},
    }
    not_in_format = _error(
        "Not served in this format: the version was written in another one (code "
        "`not_in_this_format`), or nothing is published at that number (`not_found`)."
    )
    return {
        f"/api/{api}/taxonomy": {
            "get": {
                "summary": f"The current published guidance ({description})",
                "description": "The whole taxonomy, for clients to classify pages on their "
                "own device.",
                "parameters": [IF_NONE_MATCH],
                "responses": {
                    "200": _json(document, "The current version.", CHECK_HEADERS),
                    "304": {**NOT_MODIFIED, "headers": CHECK_HEADERS},
                    "404": not_in_format,
                    "503": UNAVAILABLE,
                    "default": ERROR_RESPONSE,
                },
            }
        },
        f"/api/{api}/taxonomy/versions": {
            "get": {
                "summary": "Published versions, newest first",
                "parameters": [{"in": "query", "schema": schemas.VersionListQuerySchema}],
                "responses": {
                    "200": _json("VersionList", "A page of versions."),
                    "503": UNAVAILABLE,
                    "default": ERROR_RESPONSE,
                },
            }
        },
        f"/api/{api}/taxonomy/versions/{{number}}": {
            "get": {
                "summary": f"One published version, immutable ({description})",
                "parameters": [number, IF_NONE_MATCH],
                "responses": {
                    "200": _json(document, "That version.", ETAG_HEADERS),
                    "304": NOT_MODIFIED,
                    "404": not_in_format,
                    "503": UNAVAILABLE,
                    "default": ERROR_RESPONSE,
                },
            }
        },
        f"/api/{api}/categories": {
            "get": {
                "summary": "The categories of the current guidance",
                "responses": {
                    "200": _json("CategoryList", "Every category."),
                    "404": not_in_format,
                    "503": UNAVAILABLE,
                    "default": ERROR_RESPONSE,
                },
            }
        },
    }


CATEGORY_ID = {"in": "path", "name": "category_id", "required": True, "schema": {"type": "string"}}

PATHS = {
    **_format_paths("v1", "PublishedTaxonomyFormat1", "format 1, for extensions installed earlier"),
    "/api/v1/categories/{category_id}": {
        "get": {
            "summary": "One category with its cautions, references and sites resolved (format 1)",
            "parameters": [CATEGORY_ID, {"in": "query", "schema": schemas.JurisdictionQuerySchema}],
            "responses": {
                "200": _json("ResolvedCategory", "The category."),
                "404": ERROR_RESPONSE,
                "503": UNAVAILABLE,
                "default": ERROR_RESPONSE,
            },
        }
    },
    **_format_paths("v2", "PublishedTaxonomy", "format 2"),
    "/api/v2/categories/{category_id}": {
        "get": {
            "summary": "One category for one reader: only what applies, in the order it comes",
            "description": "Each query parameter is optional; what is not given is not "
            "filtered on. `profile` may be repeated; `profile=` alone means that no profile "
            "holds. Cautions come by force (must first), severity, then document order.",
            "parameters": [CATEGORY_ID, {"in": "query", "schema": schemas.ReaderQuerySchema}],
            "responses": {
                "200": _json("ReaderCategory", "The category as it applies to the reader."),
                "400": _error("A query value is not valid, or a use without its site."),
                "404": ERROR_RESPONSE,
                "503": UNAVAILABLE,
                "default": ERROR_RESPONSE,
            },
        }
    },
    "/healthz": {
        "get": {
            "summary": "Whether the database is reachable and writable, and the current version",
            "responses": {
                "200": _json(
                    "Health",
                    "Serving: `ok`, or `degraded` while the database takes no writes "
                    "(the guidance is still served; edits and sign-ins answer 503).",
                ),
                "503": _json("Health", "The database is unreachable."),
            },
        }
    },
}


# --- The admin API ----------------------------------------------------------------------

BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "An API token (dpg_...), sent as `Authorization: Bearer <token>`. Cookies are "
        "ignored on the admin API."
    ),
}
ROLES_FOR = {
    "edit": "editor, reviewer or admin",
    "review": "reviewer or admin",
    "manage": "admin",
}


UNAUTHORIZED = _error(
    "No token, or a token that is unknown, revoked or belongs to a deactivated user "
    "(code `unauthorized`).",
    {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "A Bearer challenge."}},
)
FORBIDDEN = _error("The token's user does not have the role for this (code `forbidden`).")
DRAFT_ETAG = {
    "ETag": {
        "schema": {"type": "string"},
        "description": 'The draft\'s revision, such as "draft-7": send it back in If-Match.',
    },
    "Cache-Control": {"schema": {"type": "string"}, "description": "Always no-store."},
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string", "pattern": '^"draft-[0-9]+"$'},
    "example": '"draft-7"',
    "description": (
        "The ETag of the draft the change is based on (from GET /api/v1/admin/draft). "
        "A change based on an older revision, or any other tag, is refused with 412, so "
        "nobody's work is overwritten unseen; `*` is not enough (428)."
    ),
}
PRECONDITION_RESPONSES = {
    "412": _error(
        "The draft changed since that revision (code `precondition_failed`); the response "
        "carries the current ETag.",
        {"ETag": DRAFT_ETAG["ETag"]},
    ),
    "428": _error("If-Match is missing (code `precondition_required`)."),
}
REVIEW_REFUSED = _error(
    "The step is not possible in the draft's state, or the two-person rule forbids it "
    "(code `review_refused`); the message says why."
)
INVALID_INPUT = _error(
    "The body or query has invalid values, or If-Match names a revision beyond any "
    "possible (code `invalid_input`); or the body is not JSON this service reads (code "
    "`bad_request`): a key given twice, NaN or Infinity, nesting more than 64 levels deep, "
    "a number of more than 100 characters."
)
UNSUPPORTED = _error("The body is not JSON (code `unsupported_media_type`).")


def _admin(permission, summary, description, responses, parameters=(), body=None):
    operation = {
        "summary": summary,
        "description": f"{description}\n\nNeeds a token whose user is {ROLES_FOR[permission]}.",
        "tags": ["admin"],
        "security": [{"bearerAuth": []}],
        "parameters": list(parameters),
        "responses": {
            **responses,
            "401": UNAUTHORIZED,
            "403": FORBIDDEN,
            "503": UNAVAILABLE,
            "default": ERROR_RESPONSE,
        },
    }
    if body is not None:
        operation["requestBody"] = body
    return operation


def _body(schema, description, required=True):
    return {
        "required": required,
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


DRAFT_OK = _json("Draft", "The draft as it is now.", DRAFT_ETAG)

ADMIN_PATHS = {
    "/api/v1/admin/draft": {
        "get": _admin(
            "edit",
            "The shared draft",
            "The one draft of the guidance, its review state and its whole taxonomy. "
            "Its ETag names the revision to send back in If-Match.",
            {"200": DRAFT_OK},
        ),
        "put": _admin(
            "edit",
            "Replace the draft with a whole taxonomy document",
            "The document is validated whole: on any problem nothing is saved and every "
            "problem is listed by its path (`errors`). Saving withdraws a pending review "
            "request or approval. Audited as `draft-edit` with channel `api`. A format 1 "
            "document is converted: what format 1 cannot say (a caution's action, stage, "
            "force and basis, a reference's kind) is taken from the draft's item with the "
            "same id and listed in `converted`; anything that is in neither refuses the "
            "document (400), each such field listed in `errors` with what to write.",
            {
                "200": _json(
                    "ImportedDraft",
                    "The draft as it is now; `converted` says what a format 1 document took "
                    "from the draft.",
                    DRAFT_ETAG,
                ),
                "400": _error(
                    "The document is not valid guidance (code `invalid_taxonomy`); `errors` "
                    "maps each path, such as `categories[3].cautions[1]`, to its problems. "
                    "A body that is not JSON this service reads (a key given twice, NaN or "
                    "Infinity, nesting more than 64 levels deep, a number of more than 100 "
                    "characters) is listed under `_document`. An If-Match naming a revision "
                    "beyond any possible is `invalid_input`."
                ),
                **PRECONDITION_RESPONSES,
                "415": UNSUPPORTED,
            },
            [IF_MATCH],
            _body(
                {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Taxonomy"},
                        {"$ref": "#/components/schemas/Format1Taxonomy"},
                    ]
                },
                "The whole taxonomy document, in format 2 or (converted) format 1.",
            ),
        ),
    },
    "/api/v1/admin/draft/review-request": {
        "post": _admin(
            "edit",
            "Ask for review of the draft",
            "Only an edited draft can be sent for review. Audited as `review-request`.",
            {
                "200": DRAFT_OK,
                "400": INVALID_INPUT,
                "409": REVIEW_REFUSED,
                **PRECONDITION_RESPONSES,
                "415": UNSUPPORTED,
            },
            [IF_MATCH],
            _body("ReviewRequest", "An optional note for the reviewer.", required=False),
        ),
    },
    "/api/v1/admin/draft/approve": {
        "post": _admin(
            "review",
            "Approve the draft under review",
            "With the two-person rule on (the default), nobody who changed the draft since "
            "the last publish may approve it. Audited as `approve`.",
            {
                "200": DRAFT_OK,
                "400": INVALID_INPUT,
                "409": REVIEW_REFUSED,
                **PRECONDITION_RESPONSES,
            },
            [IF_MATCH],
        ),
    },
    "/api/v1/admin/draft/publish": {
        "post": _admin(
            "review",
            "Publish the draft as a new version",
            "With the two-person rule on, only an approved draft can be published. Every "
            "extension picks the new version up at its next check. Audited as `publish`.",
            {
                "201": _json(
                    "VersionSummary",
                    "Published.",
                    {
                        "Location": {
                            "schema": {"type": "string"},
                            "description": "The new version: /api/v1/taxonomy/versions/{n}.",
                        }
                    },
                ),
                "400": INVALID_INPUT,
                "409": _error(
                    "The draft cannot be published now (code `review_refused`), or it is "
                    "the same as the published guidance (code `nothing_to_publish`)."
                ),
                **PRECONDITION_RESPONSES,
                "415": UNSUPPORTED,
            },
            [IF_MATCH],
            _body("PublishRequest", "The change note for the version history."),
        ),
    },
    "/api/v1/admin/versions": {
        "get": _admin(
            "edit",
            "Published versions, newest first",
            "The same list as /api/v1/taxonomy/versions, for automation that holds a token.",
            {"200": _json("VersionList", "A page of versions."), "400": INVALID_INPUT},
            [{"in": "query", "schema": schemas.VersionListQuerySchema}],
        ),
    },
    "/api/v1/admin/audit": {
        "get": _admin(
            "manage",
            "The audit log, newest first",
            "Who did what and when, through the admin pages (`web`), this API (`api`) or "
            "the command line (`cli`). Read-only: events are never changed or deleted.",
            {"200": _json("AuditList", "A page of events."), "400": INVALID_INPUT},
            [{"in": "query", "schema": schemas.AuditQuerySchema}],
        ),
    },
}


@cache
def openapi_document():
    spec = APISpec(
        title="Digital Practice Guide API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Read-only guidance for the Digital Practice Guide extension. Clients download "
                "the whole taxonomy and classify pages locally; no endpoint receives visited URLs."
                "\n\nUnder /api/v1/admin/, automation edits, reviews and publishes the guidance "
                "with an API token (an admin creates one on the API tokens page or with "
                "`practice-guide create-token`). A token acts as its user, with that user's role."
            )
        },
    )
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    spec.components.security_scheme("bearerAuth", BEARER_SCHEME)
    for path, operations in {**PATHS, **ADMIN_PATHS}.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
