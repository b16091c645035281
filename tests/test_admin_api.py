"""The admin JSON API: bearer tokens only, If-Match on every change, the review flow and
the two-person rule, errors in the API's one shape, and its OpenAPI description."""

import copy

import pytest
from openapi_spec_validator import validate as validate_openapi
from sqlalchemy import select

from server.db import session_scope
from server.models import AuditEvent
from server.people.tokens import revoke_token
from tests.conftest import SETUP_ACTOR, token_for
from tests.samples import minimal_format1, minimal_taxonomy

DRAFT = "/api/v1/admin/draft"


def edited(text="Check who else can see this, and where it is stored."):
    document = minimal_taxonomy()
    document["cautions"][0]["detail"] = text
    return document


def assert_error(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["status"], body["code"]) == (status, code)
    assert body["message"]
    return body


def api_events(app):
    with session_scope(app) as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.channel == "api").order_by(AuditEvent.id)
        ).all()
        return [(event.actor, event.action) for event in events]


# --- Who may call it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authorization", "invalid_token"),
    [
        (None, False),
        ("Bearer dpg_not-a-real-token", True),
        ("Bearer ", True),
        ("Basic YWRhOnBhc3N3b3Jk", True),
        ("dpg_without-a-scheme", True),
    ],
)
def test_no_valid_token_gets_401_with_a_bearer_challenge(
    client, accounts, authorization, invalid_token
):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get(DRAFT, headers=headers)
    assert_error(response, 401, "unauthorized")
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer realm=")
    assert ('error="invalid_token"' in challenge) == invalid_token


def test_a_signed_in_browser_without_a_token_gets_401(browser_for):
    browser = browser_for("ada")
    assert browser.get("/admin/").status_code == 200
    assert_error(browser.client.get(DRAFT), 401, "unauthorized")
    refused = browser.client.put(DRAFT, json=edited(), headers={"If-Match": '"draft-1"'})
    assert_error(refused, 401, "unauthorized")


def test_the_token_decides_the_role_not_the_cookie(app, browser_for):
    browser = browser_for("ada")
    headers = {"Authorization": f"Bearer {token_for(app, 'ann')}"}
    assert_error(browser.client.get("/api/v1/admin/audit", headers=headers), 403, "forbidden")


def test_a_revoked_token_gets_401(app, api_for):
    api = api_for("ann")
    assert api.get(DRAFT).status_code == 200
    with session_scope(app) as session:
        from server.people.tokens import list_tokens

        (token, _user), *_ = list_tokens(session)
        revoke_token(session, token, actor=SETUP_ACTOR, channel="cli")
        session.commit()
    assert_error(api.get(DRAFT), 401, "unauthorized")


@pytest.mark.parametrize(
    ("username", "method", "path"),
    [
        ("ann", "post", "/api/v1/admin/draft/approve"),
        ("ann", "post", "/api/v1/admin/draft/publish"),
        ("ann", "get", "/api/v1/admin/audit"),
        ("rita", "get", "/api/v1/admin/audit"),
    ],
)
def test_a_role_without_the_permission_gets_403(api_for, username, method, path):
    api = api_for(username)
    response = getattr(api.client, method)(path, headers={**api.headers, "If-Match": '"draft-1"'})
    assert_error(response, 403, "forbidden")


def test_csrf_tokens_are_not_needed_with_a_bearer_token(api_for):
    assert api_for("ann").put(DRAFT, edited(), revision=1).status_code == 200


# --- The draft --------------------------------------------------------------------------


def test_get_draft_gives_the_document_its_state_and_an_etag(api_for):
    response = api_for("ann").get(DRAFT)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"draft-1"'
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["revision"] == 1
    assert (body["state"], body["status"]) == ("editing", "unchanged")
    assert body["base_version"] == 1
    assert body["editors"] == []
    assert body["review_requested_by"] is None and body["approved_by"] is None
    assert body["taxonomy"] == minimal_taxonomy()


def test_put_replaces_the_draft_and_gives_the_new_etag(app, api_for):
    api = api_for("ann")
    response = api.put(DRAFT, edited("New wording."), revision=1)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["ETag"] == '"draft-2"'
    body = response.get_json()
    assert (body["revision"], body["status"], body["updated_by"]) == (2, "edited", "ann")
    assert body["editors"] == ["ann"]
    assert body["taxonomy"]["cautions"][0]["detail"] == "New wording."
    assert api.get(DRAFT).get_json()["taxonomy"]["cautions"][0]["detail"] == "New wording."
    assert api_events(app) == [("ann", "import")]


def test_put_of_a_format_1_document_says_what_it_took_from_the_draft(app, api_for):
    api = api_for("ann")
    response = api.put(DRAFT, minimal_format1(), revision=1)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["converted"]["from_format"] == 1
    taken = {entry["path"]: entry["message"] for entry in body["converted"]["taken_from_draft"]}
    assert "cautions[0].action" in taken and "references[0].kind" in taken
    assert taken["cautions[0].action"].startswith("Taken from the draft: check it.")
    assert body["taxonomy"]["schema_version"] == 2
    assert "converted" not in api.put(DRAFT, minimal_taxonomy(), revision=2).get_json()


def test_put_of_a_format_1_document_with_a_new_caution_lists_what_to_write(app, api_for):
    old = minimal_format1()
    old["cautions"].append({"id": "fresh", "title": "Fresh", "text": "New.", "severity": "low"})
    old["sites"][0]["cautions"].append("fresh")
    response = api_for("ann").put(DRAFT, old, revision=1)
    body = assert_error(response, 400, "invalid_taxonomy")
    assert set(body["errors"]) >= {"cautions[3].action", "cautions[3].force", "_document"}
    assert api_events(app) == []


@pytest.mark.parametrize("if_match", [None, "*"])
def test_put_without_a_revision_is_428(app, api_for, if_match):
    api = api_for("ann")
    headers = {**api.headers, **({"If-Match": if_match} if if_match else {})}
    response = api.client.put(DRAFT, json=edited(), headers=headers)
    body = assert_error(response, 428, "precondition_required")
    assert "If-Match" in body["message"]
    assert api.get(DRAFT).get_json()["revision"] == 1
    assert api_events(app) == []


def test_put_based_on_an_old_revision_is_412_and_loses_nothing(app, api_for):
    ann, rita = api_for("ann"), api_for("rita")
    assert ann.put(DRAFT, edited("Ann's wording."), revision=1).status_code == 200
    response = rita.put(DRAFT, edited("Rita's wording."), revision=1)
    body = assert_error(response, 412, "precondition_failed")
    assert "ann" in body["message"] and "revision 2" in body["message"]
    assert response.headers["ETag"] == '"draft-2"'
    kept = rita.get(DRAFT).get_json()
    assert kept["taxonomy"]["cautions"][0]["detail"] == "Ann's wording."
    assert api_events(app) == [("ann", "import")]


def test_an_if_match_that_is_no_draft_revision_is_412(api_for):
    api = api_for("ann")
    response = api.client.put(
        DRAFT, json=edited(), headers={**api.headers, "If-Match": '"something-else"'}
    )
    body = assert_error(response, 412, "precondition_failed")
    assert '"draft-1"' in body["message"]


def test_an_if_match_listing_several_revisions_is_412(app, api_for):
    ann, rita = api_for("ann"), api_for("rita")
    assert ann.put(DRAFT, edited("Ann's wording."), revision=1).status_code == 200
    every = ", ".join(f'"draft-{number}"' for number in range(1, 50))
    response = rita.client.put(
        DRAFT, json=edited("Rita's wording."), headers={**rita.headers, "If-Match": every}
    )
    body = assert_error(response, 412, "precondition_failed")
    assert "exactly one" in body["message"]
    assert rita.get(DRAFT).get_json()["taxonomy"]["cautions"][0]["detail"] == "Ann's wording."


def test_an_invalid_document_is_400_with_every_problem_by_path(app, api_for):
    api = api_for("ann")
    document = minimal_taxonomy()
    document["sites"][0]["categories"] = ["fax"]
    document["references"][0]["url"] = "http://insecure.example/"
    body = assert_error(api.put(DRAFT, document, revision=1), 400, "invalid_taxonomy")
    assert body["message"] == "Nothing was saved: 3 problems in the taxonomy document."
    assert body["errors"] == {
        "references[0].url": ["Must be an https: address.", "Not a valid URL."],
        "sites[0].categories[0]": ["Unknown category 'fax'."],
    }
    assert api.get(DRAFT).get_json()["revision"] == 1
    assert api_events(app) == []


def test_a_site_s_excludes_are_taken_and_checked_against_its_hosts(app, api_for):
    api = api_for("ann")
    document = minimal_taxonomy()
    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*", "https://example.org/*"]
    body = assert_error(api.put(DRAFT, document, revision=1), 400, "invalid_taxonomy")
    assert list(body["errors"]) == ["sites[0].exclude[1]"]
    assert (
        "under the host of one of the site's own patterns"
        in body["errors"]["sites[0].exclude[1]"][0]
    )

    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*"]
    response = api.put(DRAFT, document, revision=1)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert api.get(DRAFT).get_json()["taxonomy"]["sites"][0]["exclude"] == [
        "https://zoom.us/pricing*"
    ]


def test_a_body_that_is_not_json_is_refused_clearly(api_for):
    api = api_for("ann")
    headers = {**api.headers, "If-Match": '"draft-1"'}
    as_text = api.client.put(DRAFT, data="title: nope", headers=headers, content_type="text/plain")
    assert "application/json" in assert_error(as_text, 415, "unsupported_media_type")["message"]
    broken = api.client.put(DRAFT, data="{ nope", headers=headers, content_type="application/json")
    body = assert_error(broken, 400, "invalid_taxonomy")
    assert body["errors"]["_document"][0].startswith("Not valid JSON")


def test_saving_the_same_content_changes_nothing(app, api_for):
    response = api_for("ann").put(DRAFT, minimal_taxonomy(), revision=1)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"draft-1"'
    assert api_events(app) == []


# --- Review and publish -----------------------------------------------------------------


def test_the_whole_flow_editor_puts_reviewer_approves_and_publishes(app, client, api_for):
    ann, rita = api_for("ann"), api_for("rita")
    before = client.get("/api/v2/taxonomy")
    assert ann.put(DRAFT, edited("Published through the API."), revision=1).status_code == 200

    asked = ann.post(f"{DRAFT}/review-request", {"note": "Clearer privacy caution"}, revision=2)
    assert asked.status_code == 200, asked.get_data(as_text=True)
    assert asked.headers["ETag"] == '"draft-3"'
    body = asked.get_json()
    assert (body["status"], body["review_requested_by"]) == ("in_review", "ann")
    assert body["review_note"] == "Clearer privacy caution"

    approved = rita.post(f"{DRAFT}/approve", revision=3)
    assert approved.status_code == 200, approved.get_data(as_text=True)
    assert (approved.get_json()["status"], approved.get_json()["approved_by"]) == (
        "approved",
        "rita",
    )

    published = rita.post(f"{DRAFT}/publish", {"change_note": "Clearer caution"}, revision=4)
    assert published.status_code == 201, published.get_data(as_text=True)
    assert published.headers["Location"] == "/api/v2/taxonomy/versions/2"
    summary = published.get_json()
    assert (summary["version"], summary["author"]) == (2, "rita")
    assert summary["change_note"] == "Clearer caution"

    after = client.get("/api/v2/taxonomy")
    assert after.get_json()["version"] == 2
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json()["taxonomy"]["cautions"][0]["detail"] == "Published through the API."
    assert client.get(published.headers["Location"]).status_code == 200

    reset = ann.get(DRAFT).get_json()
    assert (reset["status"], reset["base_version"], reset["editors"]) == ("unchanged", 2, [])
    assert api_events(app) == [
        ("ann", "import"),
        ("ann", "review-request"),
        ("rita", "approve"),
        ("rita", "publish"),
    ]


def test_two_person_rule_whoever_changed_it_cannot_approve_it(app, api_for):
    rita, rob = api_for("rita"), api_for("rob")
    rita.put(DRAFT, edited(), revision=1)
    rita.post(f"{DRAFT}/review-request", revision=2)
    refused = rita.post(f"{DRAFT}/approve", revision=3)
    assert "two-person rule" in assert_error(refused, 409, "review_refused")["message"]
    assert_error(api_for("ann").post(f"{DRAFT}/approve", revision=3), 403, "forbidden")
    assert rob.post(f"{DRAFT}/approve", revision=3).status_code == 200


def test_publishing_needs_an_approval_when_review_is_required(api_for):
    rita = api_for("rita")
    rita.put(DRAFT, edited(), revision=1)
    refused = rita.post(f"{DRAFT}/publish", {"change_note": "Too soon"}, revision=2)
    assert "approval" in assert_error(refused, 409, "review_refused")["message"]


def test_without_the_two_person_rule_a_reviewer_publishes_an_edited_draft(app, api_for):
    app.config["REVIEW_REQUIRED"] = False
    rita = api_for("rita")
    rita.put(DRAFT, edited(), revision=1)
    assert rita.post(f"{DRAFT}/publish", {"change_note": "Alone"}, revision=2).status_code == 201


def test_review_steps_check_their_input_and_state(api_for):
    ann, rita = api_for("ann"), api_for("rita")
    nothing = ann.post(f"{DRAFT}/review-request", revision=1)
    assert "nothing to review" in assert_error(nothing, 409, "review_refused")["message"]
    assert_error(ann.post(f"{DRAFT}/review-request"), 428, "precondition_required")
    ann.put(DRAFT, edited(), revision=1)
    too_long = ann.post(f"{DRAFT}/review-request", {"note": "x" * 2001}, revision=2)
    assert "note" in assert_error(too_long, 400, "invalid_input")["errors"]
    unknown = ann.post(f"{DRAFT}/review-request", {"nope": 1}, revision=2)
    assert "nope" in assert_error(unknown, 400, "invalid_input")["errors"]
    no_note = rita.post(f"{DRAFT}/publish", {}, revision=2)
    assert "change_note" in assert_error(no_note, 400, "invalid_input")["errors"]
    not_json = rita.client.post(
        f"{DRAFT}/publish",
        data="change_note=x",
        content_type="application/x-www-form-urlencoded",
        headers={**rita.headers, "If-Match": '"draft-2"'},
    )
    assert_error(not_json, 415, "unsupported_media_type")
    stale = rita.post(f"{DRAFT}/approve", revision=1)
    assert_error(stale, 412, "precondition_failed")


# --- Versions and the audit log ------------------------------------------------------------


def test_versions_are_listed_like_the_public_list(api_for, client):
    api = api_for("ann")
    api.get(DRAFT)  # the first use publishes the default as version 1
    body = api.get("/api/v1/admin/versions").get_json()
    assert body == client.get("/api/v1/taxonomy/versions").get_json()
    assert body["total"] == 1 and body["versions"][0]["version"] == 1
    assert_error(api.get("/api/v1/admin/versions?limit=0"), 400, "invalid_input")


def test_the_audit_log_is_filtered_and_paged(app, api_for):
    ann, ada = api_for("ann"), api_for("ada")
    ann.put(DRAFT, edited("One."), revision=1)
    ann.put(DRAFT, edited("Two."), revision=2)
    ann.post(f"{DRAFT}/review-request", revision=3)
    body = ada.get("/api/v1/admin/audit?action=import&limit=1").get_json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 1, 0)
    (newest,) = body["events"]
    assert (newest["actor"], newest["channel"], newest["action"]) == ("ann", "api", "import")
    assert newest["action_label"] == "Imported a whole taxonomy into the draft"
    assert (
        newest["summary"]
        == "Imported a document sent to the admin API into the draft: 1 caution changed"
    )
    assert newest["details"] == {"revision": 3}
    older = ada.get("/api/v1/admin/audit?action=import&limit=1&offset=1").get_json()
    assert older["events"][0]["details"] == {"revision": 2}
    by_ann = ada.get("/api/v1/admin/audit?actor=ann").get_json()
    assert [event["action"] for event in by_ann["events"]] == [
        "review-request",
        "import",
        "import",
    ]
    bad = assert_error(ada.get("/api/v1/admin/audit?action=delete-all"), 400, "invalid_input")
    assert "action" in bad["errors"]


def test_the_admin_api_offers_no_way_to_change_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/admin/audit"):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}


def test_the_admin_api_is_not_shared_across_origins(api_for):
    api = api_for("ann")
    response = api.client.get(DRAFT, headers={**api.headers, "Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


# --- The OpenAPI document ------------------------------------------------------------------


def test_every_admin_route_is_documented_with_its_responses(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate_openapi(document)
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    routes = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin_api.")]
    assert routes
    for rule in routes:
        documented = document["paths"].get(rule.rule)
        assert documented, f"{rule.rule} is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = documented.get(method.lower())
            assert operation, f"{method} {rule.rule} is not documented"
            assert operation["security"] == [{"bearerAuth": []}]
            assert {"401", "403"} <= set(operation["responses"])
            if method in ("PUT", "POST"):
                assert {"412", "428"} <= set(operation["responses"]), rule.rule
                assert any(p["name"] == "If-Match" for p in operation["parameters"])
    publish = document["paths"]["/api/v1/admin/draft/publish"]["post"]["responses"]
    assert {"201", "409"} <= set(publish)
    assert "Draft" in document["components"]["schemas"]


def test_the_documented_draft_matches_what_is_served(api_for, client):
    document = client.get("/api/v1/openapi.json").get_json()
    schema = copy.deepcopy(document["components"]["schemas"]["Draft"])
    served = api_for("ann").get(DRAFT).get_json()
    assert set(served) == set(schema["properties"])
    assert set(schema["required"]) <= set(served)
