"""A service upgraded from before format 2: its published guidance and draft are in
format 1. Old extensions keep their guidance; at start the draft is brought to format 2
where the shipped default says what format 1 cannot; otherwise the admin pages say
what to do instead of failing."""

import pytest

from server.db import session_scope
from server.publishing import audit, drafts, store
from server.publishing.format_upgrade import UPGRADE_ACTOR, draft_in_format1
from tests.samples import minimal_format1, minimal_taxonomy, store_as_published

FORMAT2_PAGES = [
    "/admin/cautions",
    "/admin/cautions/general-privacy",
    "/admin/categories",
    "/admin/sites",
    "/admin/references",
    "/admin/profiles",
    "/admin/details",
    "/admin/preview",
    "/admin/lab",
]
OTHER_PAGES = ["/admin/", "/admin/review", "/admin/history", "/admin/import"]


def format1_document(with_local_caution=False):
    document = minimal_format1()
    if with_local_caution:
        # Written on this server: the shipped default has nothing to take its action from.
        document["cautions"].append(
            {"id": "local-rule", "title": "Our own rule", "text": "Ask first.", "severity": "low"}
        )
        document["categories"][0]["cautions"].append("local-rule")
    return document


@pytest.fixture
def publish_format1(app):
    def publish(**options):
        with session_scope(app) as session:
            assert store.get_current(session) is None
        document = format1_document(**options)
        store_as_published(app, document, 1, "practice-guide (shipped default)", "Before 2")
        return document

    return publish


def draft_of(app):
    with app.app_context(), session_scope(app) as session:
        return drafts.get_draft(session)


def test_old_extensions_keep_their_guidance_new_ones_are_told_why_not(publish_format1, client):
    document = publish_format1()
    old = client.get("/api/v1/taxonomy")
    assert old.status_code == 200
    assert old.get_json()["taxonomy"] == document
    new = client.get("/api/v2/taxonomy")
    assert new.status_code == 404
    assert new.get_json()["code"] == "not_in_this_format"
    assert "/api/v1" in new.get_json()["message"]


def test_starting_the_service_converts_the_draft_taking_the_rest_from_the_default(
    app, publish_format1, accounts
):
    publish_format1()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    draft = draft_of(app)
    assert not draft_in_format1(draft)
    taken = ("action", "stage", "force", "basis")
    shipped = {caution["id"]: caution for caution in minimal_taxonomy()["cautions"]}
    for caution in drafts.document_of(draft)["cautions"]:
        assert {key: caution[key] for key in taken} == {
            key: shipped[caution["id"]][key] for key in taken
        }
        assert caution["detail"].endswith(shipped[caution["id"]]["detail"])  # format 1's text
    with app.app_context(), session_scope(app) as session:
        events, _total = audit.list_events(session, limit=5, actions=("import",))
        assert events[0].actor == UPGRADE_ACTOR
        assert "format 1 draft" in events[0].summary
        assert store.current_number(session) == 1  # published only after review
    # Starting again changes nothing.
    revision = draft.revision
    app.test_cli_runner().invoke(args=["init-db"])
    assert draft_of(app).revision == revision


def test_a_draft_it_cannot_convert_is_left_and_the_pages_say_what_to_do(
    app, publish_format1, browser_for
):
    publish_format1(with_local_caution=True)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert draft_in_format1(draft_of(app))
    browser = browser_for("ada")
    for path in FORMAT2_PAGES:
        response = browser.get(path)
        assert response.status_code == 409, path
        page = response.get_data(as_text=True)
        assert "The draft is in format 1" in page
        assert "upgrade-format" in page
    for path in OTHER_PAGES:
        assert browser.get(path).status_code in (200, 405), path
    assert "still in format 1" in browser.get("/admin/").get_data(as_text=True)


def test_rolling_back_to_a_format1_version_is_refused_with_the_way_forward(
    app, publish_format1, browser_for
):
    publish_format1()
    with app.app_context(), session_scope(app) as session:
        store.publish(session, minimal_taxonomy(), author="ada", change_note="Format 2")
    browser = browser_for("rita")
    response = browser.submit("/admin/history/1/rollback", {"reason": "Undo the upgrade"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "is in format 1" in page
    assert "upgrade-format" in page
    with app.app_context(), session_scope(app) as session:
        assert store.current_number(session) == 2
