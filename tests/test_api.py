"""The public, read-only API."""

import gzip
import json

import pytest

from server.publishing import store
from tests.samples import minimal_taxonomy


def get_taxonomy(client, **headers):
    return client.get("/api/v1/taxonomy", headers=headers)


def test_taxonomy_is_served_with_its_version(client):
    response = get_taxonomy(client)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["version"] == 1
    assert body["taxonomy"]["schema_version"] == 1
    assert body["taxonomy"]["meta"]["title"] == "Test guidance"
    assert response.headers["X-Taxonomy-Version"] == "1"
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["Last-Modified"].endswith("GMT")


def test_etag_is_strong_and_revalidation_gives_304(client):
    first = get_taxonomy(client)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = get_taxonomy(client, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_stale_etag_gets_the_full_document(client):
    response = get_taxonomy(client, **{"If-None-Match": '"something-else"'})
    assert response.status_code == 200


def test_gzip_when_accepted(client):
    plain = get_taxonomy(client)
    zipped = get_taxonomy(client, **{"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    # Either variant's ETag revalidates.
    for etag in (zipped.headers["ETag"], plain.headers["ETag"]):
        response = get_taxonomy(client, **{"If-None-Match": etag, "Accept-Encoding": "gzip"})
        assert response.status_code == 304


def test_identity_when_gzip_refused(client):
    response = get_taxonomy(client, **{"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in response.headers


def test_revalidation_does_not_touch_the_database(app, client, monkeypatch):
    etag = get_taxonomy(client).headers["ETag"]
    app.config["SNAPSHOT_TTL"] = 3600
    engine = app.extensions["practice_guide_db"]["engine"]

    def no_database(*_args, **_kwargs):
        raise AssertionError("the 304 path opened a database connection")

    monkeypatch.setattr(engine, "connect", no_database)
    monkeypatch.setattr(engine, "raw_connection", no_database)
    assert get_taxonomy(client, **{"If-None-Match": etag}).status_code == 304


def test_a_publish_is_served_at_once_with_a_new_etag(app, client):
    old = get_taxonomy(client)
    document = minimal_taxonomy()
    document["meta"]["title"] = "Revised guidance"
    with app.app_context():
        from server.db import get_session

        version = store.publish(get_session(), document, author="lead", change_note="revise")
    app.extensions["practice_guide_published"].note_published(version)
    new = get_taxonomy(client, **{"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200
    assert new.headers["ETag"] != old.headers["ETag"]
    assert new.get_json()["version"] == 2
    assert new.get_json()["taxonomy"]["meta"]["title"] == "Revised guidance"


def test_another_process_publishing_is_seen_after_the_ttl(app, client, monkeypatch):
    get_taxonomy(client)
    document = minimal_taxonomy()
    document["meta"]["title"] = "From the CLI"
    with app.app_context():
        from server.db import get_session

        store.publish(get_session(), document, author="cli", change_note="import")
    cache = app.extensions["practice_guide_published"]
    monkeypatch.setattr(cache, "_checked_at", float("-inf"))  # the TTL has run out
    assert get_taxonomy(client).get_json()["version"] == 2


def test_versions_list_and_one_version(app, client):
    with app.app_context():
        from server.db import get_session

        document = minimal_taxonomy()
        document["meta"]["title"] = "Second"
        get_taxonomy(client)
        store.publish(get_session(), document, author="lead", change_note="second")
    listing = client.get("/api/v1/taxonomy/versions").get_json()
    assert listing["total"] == 2
    assert [v["version"] for v in listing["versions"]] == [2, 1]
    assert listing["versions"][0]["change_note"] == "second"
    assert listing["versions"][0]["published_at"].endswith("+00:00")
    assert "taxonomy" not in listing["versions"][0]
    first = client.get("/api/v1/taxonomy/versions/1")
    assert first.get_json()["taxonomy"]["meta"]["title"] == "Test guidance"
    assert "immutable" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/api/v1/taxonomy/versions/1", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_versions_paging(client):
    get_taxonomy(client)
    page = client.get("/api/v1/taxonomy/versions?limit=1&offset=1").get_json()
    assert page["versions"] == [] and page["limit"] == 1 and page["offset"] == 1


def test_categories(client):
    body = client.get("/api/v1/categories").get_json()
    assert body["version"] == 1
    ids = [category["id"] for category in body["categories"]]
    assert "video" in ids and len(ids) == 9
    assert set(body["categories"][0]) == {"id", "name", "groups", "mode", "mode_note", "summary"}


def test_category_is_resolved(client):
    body = client.get("/api/v1/categories/video").get_json()
    assert body["groups"][0]["id"] == "working-online"
    assert [c["id"] for c in body["cautions"]] == ["general-privacy", "us-contracts"]
    assert body["cautions"][0]["references"][0]["url"] == "https://example.org/guidance"
    assert body["references"][0]["title"] == "A reference"
    assert body["sites"] == [{"id": "zoom", "name": "Zoom", "patterns": ["https://*.zoom.us/*"]}]


def test_category_cautions_filtered_by_jurisdiction(client):
    uk = client.get("/api/v1/categories/video?jurisdiction=uk").get_json()
    us = client.get("/api/v1/categories/video?jurisdiction=us").get_json()
    assert [c["id"] for c in uk["cautions"]] == ["general-privacy"]
    assert [c["id"] for c in us["cautions"]] == ["general-privacy", "us-contracts"]


def assert_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("get", "/api/v1/categories/fax", 404, "not_found"),
        ("get", "/api/v1/taxonomy/versions/99", 404, "not_found"),
        ("post", "/api/v1/taxonomy", 405, "method_not_allowed"),
        ("delete", "/api/v1/categories/video", 405, "method_not_allowed"),
    ],
)
def test_errors_have_one_json_shape(client, method, url, status, code):
    assert_error(getattr(client, method)(url), status, code)


def test_malformed_query_gives_field_errors(client):
    body = assert_error(client.get("/api/v1/taxonomy/versions?limit=lots"), 400, "invalid_input")
    assert "limit" in body["errors"]
    body = assert_error(
        client.get("/api/v1/categories/video?jurisdiction=U K"), 400, "invalid_input"
    )
    assert "jurisdiction" in body["errors"]


def test_oversized_body_gives_413_in_the_same_shape(app):
    from flask import request

    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.post("/api/v1/_echo")
    def _echo():
        return {"size": len(request.get_data())}

    response = app.test_client().post("/api/v1/_echo", data=b"x" * 100)
    assert_error(response, 413, response.get_json()["code"])
    assert "too large" in response.get_json()["code"].replace("_", " ")


def test_unexpected_failure_is_json_without_internals(app, client, monkeypatch):
    cache = app.extensions["practice_guide_published"]

    def explode():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(cache, "current", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    body = assert_error(get_taxonomy(client), 500, "internal_server_error")
    assert "secret" not in json.dumps(body)


def test_healthz(client):
    get_taxonomy(client)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "version": 1}


def test_healthz_reports_an_unreachable_database(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    engine = app.extensions["practice_guide_db"]["engine"]

    def unreachable(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(engine, "connect", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_cors_only_on_read_only_endpoints(app, client):
    origin = {"Origin": "chrome-extension://abcdefghijklmnopabcdefghijklmnop"}
    response = client.get("/api/v1/taxonomy", headers=origin)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/api/v1/taxonomy",
        headers={
            **origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "POST" not in preflight.headers.get("Access-Control-Allow-Methods", "")
    home = client.get("/", headers=origin)
    assert "Access-Control-Allow-Origin" not in home.headers


def test_cors_origins_can_be_restricted(tmp_path, default_taxonomy_path):
    from server import create_app

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "restricted"),
            "DEFAULT_TAXONOMY_PATH": str(default_taxonomy_path),
            "CORS_ORIGINS": "chrome-extension://allowed, moz-extension://also",
        }
    )
    client = app.test_client()
    allowed = client.get("/api/v1/taxonomy", headers={"Origin": "chrome-extension://allowed"})
    other = client.get("/api/v1/taxonomy", headers={"Origin": "https://elsewhere.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "chrome-extension://allowed"
    assert "Access-Control-Allow-Origin" not in other.headers
    app.extensions["practice_guide_db"]["engine"].dispose()


def test_no_endpoint_receives_visited_pages(app):
    """Privacy by design: what the extension can reach (everything outside the signed-in
    admin area and the token-only admin API) is reads that take no URL from the client."""
    public = [
        rule
        for rule in app.url_map.iter_rules()
        if not rule.rule.startswith(("/admin", "/api/v1/admin"))
    ]
    assert public
    for rule in public:
        assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule
    for rule in app.url_map.iter_rules():
        assert "url" not in rule.arguments and "host" not in rule.arguments


def test_home_page_is_html(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Digital Practice Guide" in response.data
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.mimetype == "text/html"
