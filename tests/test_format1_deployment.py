"""A service upgraded from before format 2: its published guidance and draft are in
format 1. Nothing breaks, old extensions keep their guidance, and the admin is told
how to bring it to format 2."""

import pytest

from server.db import session_scope
from server.publishing import store
from tests.samples import minimal_format1, store_as_published

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
