"""A service upgraded from before format 2: its published guidance and draft are in
format 1. Nothing breaks, old extensions keep their guidance, and the admin is told
how to bring it to format 2."""

import pytest

from server.db import session_scope
from server.publishing import store
from tests.samples import minimal_format1, minimal_taxonomy, store_as_published

PAGES = [
    "/admin/",
    "/admin/cautions",
    "/admin/categories",
    "/admin/sites",
    "/admin/references",
    "/admin/review",
    "/admin/history",
    "/admin/preview",
    "/admin/lab",
]


@pytest.fixture
def format1_published(app):
    with session_scope(app) as session:
        assert store.get_current(session) is None
    document = minimal_format1()
    store_as_published(app, document, 1, "practice-guide (shipped default)", "Before format 2")
    return document


@pytest.mark.parametrize("path", PAGES)
def test_admin_pages_work_on_a_format1_draft(format1_published, browser_for, path):
    browser = browser_for("ada")
    response = browser.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)


def test_old_extensions_keep_their_guidance_new_ones_are_told_why_not(format1_published, client):
    old = client.get("/api/v1/taxonomy")
    assert old.status_code == 200
    assert old.get_json()["taxonomy"] == format1_published
    new = client.get("/api/v2/taxonomy")
    assert new.status_code == 404
    assert new.get_json()["code"] == "not_in_this_format"
    assert "/api/v1" in new.get_json()["message"]


def test_rolling_back_to_a_format1_version_is_refused_with_the_way_forward(
    format1_published, app, browser_for
):
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
