"""A database that takes no writes for longer than the busy timeout: another process
holds the write lock (SQLite: BEGIN EXCLUSIVE on the file; PostgreSQL: every table
locked against writes). Nothing is lost: the API answers 503 with Retry-After, pages
show the form again as typed, reading goes on, and /healthz says so."""

import sqlite3
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text, update

from server.db import get_engine, session_scope
from server.models import Base, LoginSession, utcnow
from tests.conftest import PASSWORD, AdminBrowser
from tests.test_admin_editing import changed, document_now, form_of, open_form, revision_now
from tests.test_admin_review import edit_draft

# A short busy timeout keeps the tests quick; production waits 15 seconds.
pytestmark = pytest.mark.app_config(DATABASE_BUSY_TIMEOUT=0.3)


@contextmanager
def database_locked(app):
    """Another connection holds the write lock until the block ends."""
    engine = get_engine(app)
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(engine.url.database, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # in WAL mode readers carry on
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    other = create_engine(engine.url)
    try:
        with other.connect() as connection, connection.begin():
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"LOCK TABLE {tables} IN EXCLUSIVE MODE"))
            yield
    finally:
        other.dispose()


def assert_busy(response):
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"


def test_an_api_save_is_a_503_with_retry_after_and_nothing_is_saved(app, api_for, taxonomy):
    ann = api_for("ann")
    assert ann.get("/api/v1/admin/draft").headers["ETag"] == '"draft-1"'
    taxonomy["meta"]["title"] = "Saved once the lock is gone"
    with database_locked(app):
        response = ann.put("/api/v1/admin/draft", taxonomy, revision=1)
        assert_busy(response)
        body = response.get_json()
        assert body["code"] == "database_busy" and body["status"] == 503
        assert "Nothing was saved" in body["message"]
        # Reading goes on meanwhile.
        assert ann.get("/api/v1/admin/draft").status_code == 200
    assert revision_now(app) == 1
    assert ann.put("/api/v1/admin/draft", taxonomy, revision=1).status_code == 200
    assert document_now(app)["meta"]["title"] == "Saved once the lock is gone"


def test_an_edit_shows_the_form_again_with_what_was_typed(app, browser_for):
    ann = browser_for("ann")
    path = "/admin/cautions/general-privacy"
    typed = "Check who can see the screen, and who can hear you."
    form = changed(open_form(ann, path), detail=typed)
    with database_locked(app):
        response = ann.client.post(path, data=form)
    assert_busy(response)
    page = response.get_data(as_text=True)
    assert "The database is busy" in page and "Nothing was saved" in page
    # The same form, with what was typed and the revision it was based on: save it again.
    again = form_of(page, path)
    assert again["detail"] == [typed] and again["revision"] == ["1"]
    assert revision_now(app) == 1
    assert ann.client.post(path, data=again).status_code == 302
    assert (
        next(c for c in document_now(app)["cautions"] if c["id"] == "general-privacy")["detail"]
        == typed
    )


def test_a_refused_publish_keeps_its_change_note(app, browser_for):
    edit_draft(app, actor="ann")
    rita = browser_for("rita")
    app.config["REVIEW_REQUIRED"] = False
    form = form_of(rita.get("/admin/review").get_data(as_text=True), "/admin/publish")
    form["change_note"] = ["Clearer privacy caution"]
    with database_locked(app):
        response = rita.client.post("/admin/publish", data=form)
    assert_busy(response)
    again = form_of(response.get_data(as_text=True), "/admin/publish")
    assert again["change_note"] == ["Clearer privacy caution"]
    assert rita.client.post("/admin/publish", data=again).status_code == 302


def test_signing_in_says_the_database_is_busy_and_keeps_the_username(app, accounts):
    browser = AdminBrowser(app.test_client())
    token = browser.csrf_token()
    with database_locked(app):
        response = browser.client.post(
            "/admin/login", data={"username": "ann", "password": PASSWORD, "csrf_token": token}
        )
    assert_busy(response)
    page = response.get_data(as_text=True)
    assert "The database is busy" in page and 'value="ann"' in page
    assert browser.sign_in("ann").status_code == 302


def test_any_other_form_can_be_sent_again_from_the_error_page(app, browser_for):
    ada = browser_for("ada")
    token = ada.csrf_token("/admin/tokens")
    fields = {"csrf_token": token, "username": "ann", "name": "pipeline"}
    with database_locked(app):
        response = ada.client.post("/admin/tokens/new", data=fields)
    assert_busy(response)
    page = response.get_data(as_text=True)
    assert "Send it again" in page
    resend = form_of(page, "/admin/tokens/new")
    assert resend == {name: [value] for name, value in fields.items()}
    created = ada.client.post("/admin/tokens/new", data=resend)
    assert created.status_code == 200 and "pipeline" in created.get_data(as_text=True)


def test_passwords_are_never_put_in_the_page_to_send_again(app, browser_for):
    ann = browser_for("ann")
    token = ann.csrf_token("/admin/")
    with database_locked(app):
        response = ann.client.post(
            "/admin/logout", data={"csrf_token": token, "password": "secret words here"}
        )
    assert_busy(response)
    assert "secret words here" not in response.get_data(as_text=True)


def test_reading_goes_on_while_the_database_is_busy(app, browser_for, client):
    ann = browser_for("ann")
    assert ann.get("/admin/").status_code == 200  # the first visit makes the draft
    with session_scope(app) as session:
        # Due for its once-a-minute "last seen" write, which must not fail the page.
        session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=5)))
        session.commit()
    with database_locked(app):
        assert ann.get("/admin/").status_code == 200
        assert ann.get("/admin/cautions/general-privacy").status_code == 200
        assert client.get("/api/v1/taxonomy").status_code == 200
        assert client.get("/api/v1/categories/video").status_code == 200


def test_healthz_says_the_database_takes_no_writes_while_that_lasts(app, client):
    client.get("/api/v1/taxonomy")  # publishes the default as version 1
    assert client.get("/healthz").get_json()["database"] == "ok"
    with database_locked(app):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {
            "status": "degraded",
            "database": "not_writable",
            "version": 1,
        }
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", "version": 1}
