"""Format 2 at /api/v2, and format 1 for the extensions installed before it at /api/v1:
one published version, two representations, each with its own ETag."""

import copy
import gzip
import json

import pytest

from server.db import session_scope, upgrade_database
from server.publishing import store
from server.taxonomy.convert import fold
from server.taxonomy.document import canonical_json, sha256_hex, validate_format1
from tests.samples import minimal_format1, minimal_taxonomy, store_as_published


def test_v2_serves_the_document_as_published(client):
    response = client.get("/api/v2/taxonomy")
    assert response.status_code == 200
    body = response.get_json()
    assert body["taxonomy"] == minimal_taxonomy()
    assert body["sha256"] == sha256_hex(canonical_json(body["taxonomy"]))
    assert response.headers["X-Taxonomy-Version"] == "1"


def test_v1_serves_the_same_version_folded_into_format_1(client):
    body = client.get("/api/v1/taxonomy").get_json()
    assert body["version"] == 1
    assert body["taxonomy"] == fold(minimal_taxonomy())
    validate_format1(body["taxonomy"])
    assert body["sha256"] == sha256_hex(canonical_json(body["taxonomy"]))


def test_each_format_has_its_own_etag_and_its_own_304(client):
    v1, v2 = client.get("/api/v1/taxonomy"), client.get("/api/v2/taxonomy")
    assert v1.headers["ETag"] != v2.headers["ETag"]
    for path, etag in (
        ("/api/v1/taxonomy", v1.headers["ETag"]),
        ("/api/v2/taxonomy", v2.headers["ETag"]),
    ):
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    # An ETag of one format is no proof of holding the other.
    assert (
        client.get("/api/v2/taxonomy", headers={"If-None-Match": v1.headers["ETag"]}).status_code
        == 200
    )
    assert v1.headers["Cache-Control"] == v2.headers["Cache-Control"]


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_gzip_in_both_formats(client, api):
    plain = client.get(f"/api/{api}/taxonomy")
    zipped = client.get(f"/api/{api}/taxonomy", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'


def publish_format1(app):
    """A version published before format 2 existed: stored as it was written."""
    upgrade_database(app)
    client = app.test_client()
    client.get("/api/v2/taxonomy")  # seeds version 1
    document = minimal_format1()
    document["meta"]["title"] = "Written in format 1"
    store_as_published(app, document, 2, "before the upgrade", "format 1")
    return document


def test_a_format_1_version_is_served_as_it_was_at_v1_only(app, client, monkeypatch):
    document = publish_format1(app)
    monkeypatch.setitem(app.config, "SNAPSHOT_TTL", 0)
    cache = app.extensions["practice_guide_published"]
    cache._checked_at = float("-inf")  # look again now
    assert client.get("/api/v1/taxonomy").get_json()["taxonomy"] == document
    assert client.get("/api/v1/taxonomy/versions/2").get_json()["taxonomy"] == document
    refused = client.get("/api/v2/taxonomy/versions/2")
    assert refused.status_code == 404
    body = refused.get_json()
    assert body["code"] == "not_in_this_format"
    assert "/api/v1" in body["message"] and "format 2" in body["message"]
    # The version before it is in format 2, and stays readable in both.
    assert client.get("/api/v2/taxonomy/versions/1").status_code == 200
    assert client.get("/api/v1/taxonomy/versions/1").status_code == 200


def test_versions_are_listed_at_both(client):
    client.get("/api/v2/taxonomy")
    assert (
        client.get("/api/v1/taxonomy/versions").get_json()
        == client.get("/api/v2/taxonomy/versions").get_json()
    )


# --- A category for one reader --------------------------------------------------------------


@pytest.fixture
def reader_app(app):
    """The small guidance with a region, a profile, a site with uses and a citation."""
    document = minimal_taxonomy()
    document["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
    document["profiles"] = [{"id": "hipaa", "question": "Are you a HIPAA covered entity?"}]
    us = next(c for c in document["cautions"] if c["id"] == "us-contracts")
    us["applies_if"] = ["hipaa"]
    illinois = copy.deepcopy(us)
    illinois.update(
        id="illinois-ai",
        title="Illinois: no AI therapy",
        headline="Illinois limits AI in therapy",
        jurisdictions=["us-il"],
        stage=["anytime"],
    )
    del illinois["applies_if"]
    document["cautions"].append(illinois)
    document["categories"][2]["cautions"].append("illinois-ai")  # video
    document["cautions"][0]["references"] = [{"ref": "ref-one", "section": "4.2"}]
    document["sites"][1]["uses"] = [
        {"id": "sessions", "label": "Sessions with clients", "categories": ["live-chat"]},
        {"id": "personal", "label": "Personal", "categories": []},
    ]
    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*"]
    upgrade_database(app)
    with session_scope(app) as session:
        store.ensure_seeded(session, app.config["DEFAULT_TAXONOMY_PATH"])
        version = store.publish(session, document, author="test", change_note="reader")
    app.extensions["practice_guide_published"].note_published(version)
    return app


def cautions_of(client, query=""):
    response = client.get(f"/api/v2/categories/video{query}")
    assert response.status_code == 200, response.get_json()
    return [caution["id"] for caution in response.get_json()["cautions"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["us-contracts", "illinois-ai", "general-privacy"]),
        ("?jurisdiction=uk", ["general-privacy"]),
        ("?jurisdiction=us", ["us-contracts", "general-privacy"]),
        ("?jurisdiction=us-il", ["us-contracts", "illinois-ai", "general-privacy"]),
        ("?jurisdiction=us&profile=", ["general-privacy"]),
        ("?jurisdiction=us&profile=hipaa", ["us-contracts", "general-privacy"]),
        ("?stage=before", ["illinois-ai", "general-privacy"]),
        ("?stage=choosing&jurisdiction=us-il&profile=hipaa", ["us-contracts", "illinois-ai"]),
        ("?site=zoom", ["us-contracts", "illinois-ai", "general-privacy", "zoom-ai"]),
    ],
)
def test_only_what_applies_in_the_order_it_comes(reader_app, query, expected):
    assert cautions_of(reader_app.test_client(), query) == expected


def test_citations_are_spelled_out_with_their_section(reader_app):
    body = reader_app.test_client().get("/api/v2/categories/video").get_json()
    privacy = next(c for c in body["cautions"] if c["id"] == "general-privacy")
    assert privacy["references"] == [
        {"reference": {**minimal_taxonomy()["references"][0]}, "section": "4.2"}
    ]
    assert privacy["headline"] and privacy["action"] and privacy["detail"]
    assert body["references"][0]["section"] is None


def test_a_use_decides_whether_a_category_applies(reader_app):
    client = reader_app.test_client()
    sessions = client.get("/api/v2/categories/live-chat?site=gmail&use=sessions").get_json()
    personal = client.get("/api/v2/categories/live-chat?site=gmail&use=personal").get_json()
    assert sessions["applies"] is True and sessions["cautions"]
    assert personal["applies"] is False and personal["cautions"] == []
    gmail = next(site for site in sessions["sites"] if site["id"] == "gmail")
    assert [use["id"] for use in gmail["uses"]] == ["sessions", "personal"]


def test_a_site_s_excludes_come_with_its_patterns_at_v2_only(reader_app):
    client = reader_app.test_client()
    sites = client.get("/api/v2/categories/video").get_json()["sites"]
    zoom = next(site for site in sites if site["id"] == "zoom")
    assert zoom["exclude"] == ["https://zoom.us/pricing*"]
    assert all(site["exclude"] == [] for site in sites if site["id"] != "zoom")
    # Format 1 has no excludes: the extensions that read it would refuse the field.
    assert "exclude" not in json.dumps(client.get("/api/v1/taxonomy").get_json())
    assert "exclude" not in json.dumps(client.get("/api/v1/categories/video").get_json())


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?stage=someday", 400),
        ("?jurisdiction=Not%20an%20id", 400),
        ("?use=sessions", 400),
        ("?site=nowhere", 404),
        ("?site=gmail&use=games", 404),
    ],
)
def test_a_reader_query_that_cannot_be_answered_says_why(reader_app, query, status):
    response = reader_app.test_client().get(f"/api/v2/categories/video{query}")
    assert response.status_code == status
    assert response.get_json()["message"]


def test_categories_are_listed_in_both_formats(client):
    v1 = client.get("/api/v1/categories").get_json()["categories"]
    v2 = client.get("/api/v2/categories").get_json()["categories"]
    assert [c["id"] for c in v1] == [c["id"] for c in v2]


def test_the_v1_category_is_folded(client):
    body = client.get("/api/v1/categories/video").get_json()
    privacy = body["cautions"][0]
    assert privacy["text"] == "Check who else can see the screen. Check who else can see this."
    assert json.dumps(body).count("headline") == 0


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_the_guidance_says_how_often_to_check_for_it_again(client, api):
    """Three hours by default, on the 200 and on the 304 (most checks find nothing new),
    and readable by a page on another origin."""
    full = client.get(f"/api/{api}/taxonomy", headers={"Origin": "https://a.example"})
    assert full.headers["X-Taxonomy-Check-Hours"] == "3"
    assert "X-Taxonomy-Check-Hours" in full.headers["Access-Control-Expose-Headers"]
    again = client.get(f"/api/{api}/taxonomy", headers={"If-None-Match": full.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["X-Taxonomy-Check-Hours"] == "3"
    # A single version is a record, not the feed: no advice to come back.
    assert "X-Taxonomy-Check-Hours" not in client.get(f"/api/{api}/taxonomy/versions/1").headers


@pytest.mark.app_config(CHECK_HOURS=1)
def test_the_check_interval_is_a_setting(client):
    assert client.get("/api/v2/taxonomy").headers["X-Taxonomy-Check-Hours"] == "1"


@pytest.mark.parametrize("value", [0, 25, 2.5, "3", True])
def test_a_check_interval_extensions_would_refuse_stops_the_start(tmp_path, value):
    from server import create_app

    with pytest.raises(ValueError, match="CHECK_HOURS"):
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "CHECK_HOURS": value})
