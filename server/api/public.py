"""The public, read-only API: guidance for extensions and anyone else.

There is deliberately no endpoint that receives the pages a user visits:
clients download the whole taxonomy and classify on their own device.
"""

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask_cors import CORS
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_session
from ..models import as_utc
from ..publishing import store
from ..taxonomy import views
from .openapi import openapi_document
from .schemas import (
    CategoryListSchema,
    HealthSchema,
    JurisdictionQuerySchema,
    ResolvedCategorySchema,
    VersionListQuerySchema,
    VersionListSchema,
)

bp = Blueprint("api", __name__)

version_list_query = VersionListQuerySchema()
jurisdiction_query = JurisdictionQuerySchema()
version_list_schema = VersionListSchema()
category_list_schema = CategoryListSchema()
resolved_category_schema = ResolvedCategorySchema()
health_schema = HealthSchema()

IMMUTABLE = "public, max-age=31536000, immutable"


def published():
    return current_app.extensions["practice_guide_published"]


def snapshot_response(snapshot, cache_control):
    """200 with prepared bytes, or 304 when the client already has this version."""
    gzipped = request.accept_encodings["gzip"] > 0
    headers = {
        "ETag": snapshot.etag_for(gzipped),
        "Cache-Control": cache_control,
        "Last-Modified": snapshot.last_modified,
        "Vary": "Accept-Encoding",
        "X-Taxonomy-Version": str(snapshot.version),
    }
    if snapshot.matches(request.headers.get("If-None-Match")):
        return Response(status=304, headers=headers)
    body = snapshot.gzip_body if gzipped else snapshot.body
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(body, status=200, headers=headers, mimetype="application/json")


@bp.get("/api/v1/taxonomy")
def taxonomy():
    max_age = current_app.config["TAXONOMY_MAX_AGE"]
    return snapshot_response(published().current(), f"public, max-age={max_age}, must-revalidate")


@bp.get("/api/v1/taxonomy/versions")
def versions():
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


@bp.get("/api/v1/taxonomy/versions/<int:number>")
def version(number):
    try:
        snapshot = published().version(number)
    except store.VersionNotFound:
        abort(404, f"Version {number} has not been published.")
    return snapshot_response(snapshot, IMMUTABLE)


@bp.get("/api/v1/categories")
def categories():
    snapshot = published().current()
    payload = {
        "version": snapshot.version,
        "categories": views.category_summaries(snapshot.document),
    }
    return jsonify(category_list_schema.dump(payload))


@bp.get("/api/v1/categories/<category_id>")
def category(category_id):
    query = jurisdiction_query.load(request.args)
    snapshot = published().current()
    found = views.find_category(snapshot.document, category_id)
    if found is None:
        abort(404, f"There is no category '{category_id}'.")
    resolved = views.resolve_category(snapshot.document, found, query.get("jurisdiction"))
    return jsonify(resolved_category_schema.dump({"version": snapshot.version, **resolved}))


@bp.get("/healthz")
def healthz():
    try:
        session = get_session()
        session.execute(text("SELECT 1"))
        number = store.current_number(session)
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        body = {"status": "unavailable", "database": "unreachable", "version": None}
        return jsonify(health_schema.dump(body)), 503
    response = jsonify(health_schema.dump({"status": "ok", "database": "ok", "version": number}))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document())


def init_app(app):
    app.register_blueprint(bp)
    # Only the read-only public endpoints are shared across origins; nothing with
    # credentials, and nothing under /api/v1/admin/.
    origins = app.config["CORS_ORIGINS_LIST"]
    CORS(
        app,
        resources={r"^/api/v1/(?!admin/).*$": {}, r"^/healthz$": {}},
        origins=origins,
        send_wildcard=origins == "*",
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match", "If-Modified-Since"],
        expose_headers=["ETag", "Last-Modified", "X-Taxonomy-Version"],
        supports_credentials=False,
        max_age=86400,
    )
