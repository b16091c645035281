"""The public, read-only API: guidance for extensions and anyone else.

There is deliberately no endpoint that receives the pages a user visits:
clients download the whole taxonomy and classify on their own device.
"""

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask_cors import CORS
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_session, writable
from ..errors import error_response
from ..models import as_utc
from ..publishing import store
from ..taxonomy import format1, views
from ..taxonomy.applicability import Reader
from ..taxonomy.schemas import SCHEMA_VERSION
from .openapi import openapi_document
from .schemas import (
    CategoryListSchema,
    HealthSchema,
    JurisdictionQuerySchema,
    ReaderQuerySchema,
    ResolvedCategorySchema,
    VersionListQuerySchema,
    VersionListSchema,
)

bp = Blueprint("api", __name__)

version_list_query = VersionListQuerySchema()
jurisdiction_query = JurisdictionQuerySchema()
reader_query = ReaderQuerySchema()
version_list_schema = VersionListSchema()
category_list_schema = CategoryListSchema()
resolved_category_schema = ResolvedCategorySchema()
health_schema = HealthSchema()

IMMUTABLE = "public, max-age=31536000, immutable"
CHECK_HOURS_HEADER = "X-Taxonomy-Check-Hours"


def published():
    return current_app.extensions["practice_guide_published"]


class NotModified(Response):
    """A 304 that keeps Last-Modified. Werkzeug drops it along with the body's headers,
    but it is a validator (clients may revalidate with If-Modified-Since) and the CORS
    headers expose it, so it is sent as the 200 sent it."""

    def get_wsgi_headers(self, environ):
        headers = super().get_wsgi_headers(environ)
        if "Last-Modified" in self.headers:
            headers["Last-Modified"] = self.headers["Last-Modified"]
        return headers


def snapshot_response(snapshot, schema_version, cache_control):
    """200 with the prepared bytes of the version in that format, 304 when the client
    already has them, 404 when the version was never written in that format."""
    representation = snapshot.in_format(schema_version)
    if representation is None:
        return error_response(
            404,
            "not_in_this_format",
            f"Version {snapshot.version} is in format {snapshot.schema_version}, which "
            f"/api/v{schema_version} does not serve. It is served at "
            f"/api/v{snapshot.schema_version}; the next version published here will be in "
            f"format {SCHEMA_VERSION}.",
        )
    gzipped = request.accept_encodings["gzip"] > 0
    headers = {
        "ETag": representation.etag_for(gzipped),
        "Cache-Control": cache_control,
        "Last-Modified": snapshot.last_modified,
        "Vary": "Accept-Encoding",
        "X-Taxonomy-Version": str(snapshot.version),
    }
    if representation.matches(request.headers.get("If-None-Match")):
        return NotModified(status=304, headers=headers)
    body = representation.gzip_body if gzipped else representation.body
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(body, status=200, headers=headers, mimetype="application/json")


# Each format at its own address: /api/v1 for the extensions installed before format 2
# (folded from format 2), /api/v2 for the current one. The same ETag, 304 and gzip rules.
FORMATS = {"v1": format1.SCHEMA_VERSION, "v2": SCHEMA_VERSION}


@bp.get("/api/<any(v1, v2):api>/taxonomy")
def taxonomy(api):
    max_age = current_app.config["TAXONOMY_MAX_AGE"]
    response = snapshot_response(
        published().current(), FORMATS[api], f"public, max-age={max_age}, must-revalidate"
    )
    # How often extensions should come back (304s too: most checks find nothing new).
    response.headers[CHECK_HOURS_HEADER] = str(current_app.config["CHECK_HOURS"])
    return response


@bp.get("/api/<any(v1, v2):api>/taxonomy/versions")
def versions(api):
    return version_list_response()


def version_summary(version):
    """A published version without its document (a row of store.list_versions, or the
    version itself)."""
    return {
        "version": version.number,
        "sha256": version.sha256,
        "published_at": as_utc(version.created_at),
        "author": version.author,
        "change_note": version.change_note,
    }


def version_list_response():
    """The page of versions the query string asks for; the admin API serves it too."""
    query = version_list_query.load(request.args)
    rows, total = store.list_versions(get_session(), query["limit"], query["offset"])
    items = [version_summary(row) for row in rows]
    return jsonify(version_list_schema.dump({"versions": items, "total": total, **query}))


@bp.get("/api/<any(v1, v2):api>/taxonomy/versions/<int:number>")
def version(api, number):
    try:
        snapshot = published().version(number)
    except store.VersionNotFound:
        abort(404, f"Version {number} has not been published.")
    return snapshot_response(snapshot, FORMATS[api], IMMUTABLE)


@bp.get("/api/<any(v1, v2):api>/categories")
def categories(api):
    snapshot = published().current()
    document = _document(snapshot, FORMATS[api])
    payload = {"version": snapshot.version, "categories": views.category_summaries(document)}
    return jsonify(category_list_schema.dump(payload))


@bp.get("/api/v1/categories/<category_id>")
def category(category_id):
    query = jurisdiction_query.load(request.args)
    snapshot = published().current()
    document = _document(snapshot, format1.SCHEMA_VERSION)
    found = _category(document, category_id)
    resolved = views.resolve_category(document, found, query.get("jurisdiction"))
    return jsonify(resolved_category_schema.dump({"version": snapshot.version, **resolved}))


@bp.get("/api/v2/categories/<category_id>")
def category_for_reader(category_id):
    """One category for one reader: what applies to them, in the order it comes."""
    profiles = [item for item in request.args.getlist("profile") if item]  # "profile=": none
    query = reader_query.load({**request.args, "profile": profiles})
    snapshot = published().current()
    document = _document(snapshot, SCHEMA_VERSION)
    found = _category(document, category_id)
    reader = Reader(
        jurisdictions=(query["jurisdiction"],) if "jurisdiction" in query else None,
        profiles=frozenset(query["profile"]) if "profile" in request.args else None,
        stage=query.get("stage"),
    )
    site = None
    if "site" in query:
        site = next((item for item in document["sites"] if item["id"] == query["site"]), None)
        if site is None:
            abort(404, f"There is no site '{query['site']}'.")
    elif "use" in query:
        abort(400, "A use belongs to a site: give the site too (site=...).")
    try:
        resolved = views.resolve_for_reader(document, found, reader, site, query.get("use"))
    except LookupError as exc:
        abort(404, str(exc))
    return jsonify({"version": snapshot.version, **resolved})


def _document(snapshot, schema_version):
    document = snapshot.documents.get(schema_version)
    if document is None:
        abort(404, f"Version {snapshot.version} is not in format {schema_version}.")
    return document


def _category(document, category_id):
    found = views.find_category(document, category_id)
    if found is None:
        abort(404, f"There is no category '{category_id}'.")
    return found


@bp.get("/healthz")
def healthz():
    """200 "ok"; 200 "degraded" while the database reads but takes no writes (the
    guidance is still served, edits and sign-ins wait); 503 when it cannot be reached."""
    try:
        session = get_session()
        session.execute(text("SELECT 1"))
        number = store.current_number(session)
        can_write = writable()
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        body = {"status": "unavailable", "database": "unreachable", "version": None}
        response = jsonify(health_schema.dump(body))
        response.status_code = 503
    else:
        if can_write:
            body = {"status": "ok", "database": "ok", "version": number}
        else:
            current_app.logger.warning("health check: the database takes no writes")
            body = {"status": "degraded", "database": "not_writable", "version": number}
        response = jsonify(health_schema.dump(body))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document())


def init_app(app):
    app.register_blueprint(bp)
    # Only the read-only public endpoints (both formats) are shared across origins;
    # nothing with credentials, and nothing under /api/v1/admin/.
    origins = app.config["CORS_ORIGINS_LIST"]
    CORS(
        app,
        resources={r"^/api/v[12]/(?!admin/).*$": {}, r"^/healthz$": {}},
        origins=origins,
        send_wildcard=origins == "*",
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match", "If-Modified-Since"],
        expose_headers=["ETag", "Last-Modified", "X-Taxonomy-Version", CHECK_HOURS_HEADER],
        supports_credentials=False,
        max_age=86400,
    )
