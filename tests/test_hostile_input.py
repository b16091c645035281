"""Input a hostile user would send: numbers beyond any column's range, bodies that cannot
be parsed, control characters. Each gets a clear 4xx in the API's one error shape (or
the friendly page), never a 500, on SQLite and PostgreSQL alike."""

import copy
import io
import json

import pytest

from server.db import session_scope
from server.models import INTEGER_MAX
from server.publishing import store
from tests.conftest import PASSWORD
from tests.test_admin_review import edit_draft

HUGE = "9" * 20  # beyond SQLite's 64-bit integers
INT4 = str(INTEGER_MAX + 1)  # beyond PostgreSQL's INTEGER columns
INT8 = str(2**63)


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["code"] == code and body["status"] == status, body
    assert body["message"]
    if field is not None:
        assert body["errors"][field], body
    return body


# --- Numbers beyond the columns' range --------------------------------------------------


@pytest.mark.parametrize("number", [HUGE, INT4, INT8])
def test_a_version_number_beyond_any_column_is_not_found(client, number):
    body = assert_error(client.get(f"/api/v1/taxonomy/versions/{number}"), 404, "not_found")
    assert f"Version {number} has not been published" in body["message"]


@pytest.mark.parametrize("path", ["/api/v1/taxonomy/versions", "/api/v1/admin/versions"])
@pytest.mark.parametrize("parameter", ["offset", "limit"])
@pytest.mark.parametrize("number", [HUGE, INT4, INT8])
def test_a_version_list_parameter_beyond_range_is_a_400(api_for, path, parameter, number):
    api = api_for("ann")
    response = api.get(f"{path}?{parameter}={number}")
    assert_error(response, 400, "invalid_input", parameter)


@pytest.mark.parametrize("parameter", ["offset", "limit"])
@pytest.mark.parametrize("number", [HUGE, INT4, INT8])
def test_an_audit_parameter_beyond_range_is_a_400(api_for, parameter, number):
    response = api_for("ada").get(f"/api/v1/admin/audit?{parameter}={number}")
    assert_error(response, 400, "invalid_input", parameter)


def test_the_largest_offset_in_range_is_an_empty_page(api_for):
    api = api_for("ada")
    for path in ("/api/v1/taxonomy/versions", "/api/v1/admin/versions", "/api/v1/admin/audit"):
        response = api.get(f"{path}?offset={INTEGER_MAX}")
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.get_json()["offset"] == INTEGER_MAX


def integer_routes(app):
    """(rule, methods) of every route with an integer in its path."""
    for rule in app.url_map.iter_rules():
        if any(type(c).__name__ == "IntegerConverter" for c in rule._converters.values()):
            yield rule


@pytest.mark.parametrize("number", [HUGE, INT4, INT8, "9" * 5000])
def test_every_route_with_a_number_in_its_path_answers_404_beyond_range(app, browser_for, number):
    from tests.conftest import csrf_token_in

    browser = browser_for("ada")
    token = csrf_token_in(browser.get("/admin/").get_data(as_text=True))
    routes = list(integer_routes(app))
    assert routes, "no route has a number in its path"
    for rule in routes:
        values = {name: number for name in rule.arguments}
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<int:{name}>", value)
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = browser.client.open(
                path, method=method, data={"csrf_token": token, "reason": "because"}
            )
            assert response.status_code == 404, (method, path[:80], response.status_code)


def test_admin_pages_with_numbers_beyond_range_in_the_query(browser_for):
    browser = browser_for("ada")
    for page in (HUGE, "9" * 5000, "²", "١"):
        assert browser.get(f"/admin/audit?page={page}").status_code == 200
        assert browser.get(f"/admin/history?page={page}").status_code == 200
    for value in (HUGE, INT4, "²"):
        response = browser.get(f"/admin/history/compare?from={value}&to=1")
        assert response.status_code == 400
        assert "There is no version" in response.get_data(as_text=True)


def test_a_form_revision_beyond_range_is_refused_clearly(browser_for):
    browser = browser_for("ann")
    for revision in (HUGE, "9" * 5000, "²"):
        response = browser.submit(
            "/admin/details", {"revision": revision, "title": "x"}, form_page="/admin/details"
        )
        assert response.status_code == 400, (revision, response.status_code)
        assert "draft revision" in response.get_data(as_text=True)


@pytest.mark.parametrize("number", [HUGE, INT4])
@pytest.mark.parametrize(
    ("command", "words"),
    [(["export", "--version"], "does not exist"), (["revoke-token"], "There is no API token")],
)
def test_the_command_line_refuses_numbers_beyond_range_clearly(runner, command, words, number):
    runner.invoke(args=["init-db"])
    result = runner.invoke(args=[*command, number])
    assert result.exit_code == 1, (result.output, result.exception)
    assert words in result.output


# --- Bodies that cannot be parsed, and keys given twice ---------------------------------

DEEP = "[" * 1000 + "]" * 1000
DEEPER = '{"a":' + "[" * 100_000 + "]" * 100_000 + "}"
LONG_NUMBER = "1" * 5000
UNPARSEABLE = {
    "nested 1,000 deep": DEEP,
    "nested 100,000 deep": DEEPER,
    "a number of 5,000 digits": LONG_NUMBER,
    "a long number inside": '{"note": "x", "n": ' + LONG_NUMBER + "}",
    "NaN": '{"note": NaN}',
    "Infinity": '{"note": -Infinity}',
    "a number beyond floats": '{"note": 1e400}',
    "a key twice": '{"note": "first", "note": "second"}',
    "not UTF-8": b'{"note": "\xff"}',
}


def document_text(document, duplicate_meta=False):
    """The taxonomy as JSON text, optionally with its "meta" key given twice."""
    text = json.dumps(document)
    if duplicate_meta:
        text = text.replace('"meta":', f'"meta": {json.dumps(document["meta"])}, "meta":', 1)
    return text


@pytest.fixture
def put_draft(api_for):
    api = api_for("ann")
    revision = api.get("/api/v1/admin/draft").headers["ETag"]

    def put(body):
        headers = {**api.headers, "If-Match": revision}
        return api.client.put(
            "/api/v1/admin/draft", data=body, content_type="application/json", headers=headers
        )

    return put


@pytest.mark.parametrize("body", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
def test_an_unparseable_taxonomy_is_a_400_and_nothing_is_saved(put_draft, api_for, body):
    body = assert_error(put_draft(body), 400, "invalid_taxonomy", "_document")
    assert "Nothing was saved" in body["message"]
    assert api_for("ann").get("/api/v1/admin/draft").headers["ETag"] == '"draft-1"'


def test_a_key_given_twice_in_a_taxonomy_is_named(put_draft, taxonomy):
    body = assert_error(
        put_draft(document_text(taxonomy, duplicate_meta=True)), 400, "invalid_taxonomy"
    )
    assert body["errors"]["_document"] == ['The key "meta" appears twice in one object.']
    # The same document without the repetition is accepted.
    assert put_draft(document_text(taxonomy)).status_code == 200


@pytest.mark.parametrize("body", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
@pytest.mark.parametrize("path", ["review-request", "publish"])
def test_an_unparseable_options_body_is_a_400(api_for, app, path, body):
    api = api_for("rita")
    response = api.client.post(
        f"/api/v1/admin/draft/{path}",
        data=body,
        content_type="application/json",
        headers={**api.headers, "If-Match": '"draft-1"'},
    )
    body = assert_error(response, 400, "bad_request")
    assert body["message"].startswith("The request body is not valid JSON")


@pytest.mark.parametrize("tag", ["draft-" + "9" * 5000, "draft-" + HUGE, "draft-" + INT4])
def test_an_if_match_revision_beyond_range_is_a_400(api_for, taxonomy, tag):
    api = api_for("ann")
    response = api.client.put(
        "/api/v1/admin/draft",
        data=json.dumps(taxonomy),
        content_type="application/json",
        headers={**api.headers, "If-Match": f'"{tag}"'},
    )
    body = assert_error(response, 400, "invalid_input", "If-Match")
    assert len(body["errors"]["If-Match"][0]) < 300  # the tag is not echoed whole


@pytest.mark.parametrize("body", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
def test_an_unparseable_file_is_refused_by_the_import_page(browser_for, body):
    browser = browser_for("ann")
    token = browser.csrf_token("/admin/transfer")
    raw = body if isinstance(body, bytes) else body.encode()
    response = browser.client.post(
        "/admin/import",
        data={"csrf_token": token, "revision": "1", "file": (io.BytesIO(raw), "hostile.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "hostile.json was not imported" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
def test_an_unparseable_file_is_refused_by_check(runner, tmp_path, body):
    path = tmp_path / "hostile.json"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    result = runner.invoke(args=["check", str(path)])
    assert result.exit_code == 1
    assert "problem" in result.output and "Traceback" not in result.output


# --- Control characters ----------------------------------------------------------------

CONTROLS = ["\x00", "\x01", "\x1b", "\x7f"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_sign_in_with_a_control_character_in_the_username_is_refused_clearly(
    browser_for, control
):
    browser = browser_for()
    response = browser.submit("/admin/login", {"username": f"ann{control}", "password": PASSWORD})
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    # The same browser then signs in as usual.
    assert browser.sign_in("ann").status_code == 302


@pytest.mark.parametrize("control", CONTROLS)
def test_an_audit_filter_with_a_control_character_is_a_400(api_for, control):
    response = api_for("ada").get("/api/v1/admin/audit", query_string={"actor": f"a{control}"})
    assert_error(response, 400, "invalid_input", "actor")


@pytest.mark.parametrize("control", CONTROLS)
def test_the_audit_page_says_it_ignored_a_filter_with_a_control_character(browser_for, control):
    response = browser_for("ada").get("/admin/audit", query_string={"actor": f"a{control}"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "control character" in page


@pytest.mark.parametrize("control", CONTROLS)
def test_notes_with_a_control_character_are_refused_by_the_api(api_for, control, taxonomy):
    ann, rita = api_for("ann"), api_for("rita")
    taxonomy["meta"]["title"] = "Changed"
    assert ann.put("/api/v1/admin/draft", taxonomy, revision=1).status_code == 200
    response = ann.post(
        "/api/v1/admin/draft/review-request", {"note": f"see{control}this"}, revision=2
    )
    assert_error(response, 400, "invalid_input", "note")
    assert ann.post("/api/v1/admin/draft/review-request", {}, revision=2).status_code == 200
    assert rita.post("/api/v1/admin/draft/approve", revision=3).status_code == 200
    response = rita.post(
        "/api/v1/admin/draft/publish", {"change_note": f"new{control}title"}, revision=4
    )
    assert_error(response, 400, "invalid_input", "change_note")


@pytest.mark.parametrize("control", CONTROLS)
def test_notes_names_and_paths_with_a_control_character_are_refused_by_the_pages(
    app, browser_for, control
):
    ann, ada = browser_for("ann"), browser_for("ada")
    assert edit_draft(app) == 2
    response = ann.submit(
        "/admin/review/request",
        {"revision": "2", "note": f"a{control}b"},
        form_page="/admin/review",
    )
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)

    response = ada.submit(
        "/admin/tokens/new", {"username": "ann", "name": f"bot{control}"}, form_page="/admin/tokens"
    )
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)

    with session_scope(app) as session:
        second = copy.deepcopy(store.document_of(store.get_current(session)))
        second["meta"]["title"] = "Second"
        store.publish(session, second, author="test", change_note="second")
    response = ada.submit(
        "/admin/history/1/rollback",
        {"reason": f"a{control}b"},
        form_page="/admin/history/1/rollback",
    )
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)

    assert ada.get(f"/admin/users/ann{control}").status_code == 404


@pytest.mark.parametrize("control", CONTROLS)
def test_the_command_line_refuses_a_token_name_with_a_control_character(runner, accounts, control):
    result = runner.invoke(args=["create-token", "ann", f"bot{control}"])
    assert result.exit_code == 1
    assert "control character" in result.output


def test_a_nul_anywhere_in_a_query_or_form_is_refused_before_any_view(client, browser_for):
    response = client.get("/api/v1/categories/video", query_string={"jurisdiction": "\x00"})
    assert_error(response, 400, "invalid_input", "jurisdiction")
    response = client.get("/api/v1/taxonomy", query_string={"anything": "a\x00"})
    assert_error(response, 400, "invalid_input", "anything")
    page = browser_for("ann").get("/admin/categories", query_string={"q": "\x00"})
    assert page.status_code == 400
    assert "NUL" in page.get_data(as_text=True)
