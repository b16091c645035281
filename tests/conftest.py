import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from server import create_app
from server.db import session_scope
from server.models import Base
from tests.samples import minimal_taxonomy

REPO = Path(__file__).resolve().parent.parent
SHIPPED_TAXONOMY = REPO / "shared" / "taxonomy.json"


@pytest.fixture
def taxonomy():
    """A small valid document to change in a test."""
    return minimal_taxonomy()


@pytest.fixture
def default_taxonomy_path(tmp_path):
    path = tmp_path / "default-taxonomy.json"
    path.write_text(json.dumps(minimal_taxonomy()), encoding="utf-8")
    return path


@pytest.fixture
def app(tmp_path, default_taxonomy_path):
    """An app on its own instance folder, with the small default.

    The database is a fresh SQLite file, or, when TEST_DATABASE_URL is set (as
    `make test` does with scripts/with-postgres.sh), that server with empty tables.
    """
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DEFAULT_TAXONOMY_PATH": str(default_taxonomy_path),
    }
    if os.environ.get("TEST_DATABASE_URL"):
        config["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
    app = create_app(config)
    engine = app.extensions["practice_guide_db"]["engine"]
    drop_everything(engine)
    yield app
    drop_everything(engine)
    engine.dispose()


def drop_everything(engine):
    """Empty the database, migration bookkeeping included."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    from server.db import upgrade_database

    upgrade_database(app)
    with app.app_context(), session_scope(app) as session:
        yield session


# --- The admin area -------------------------------------------------------------------

PASSWORD = "a long test password"
# One account per role, plus a second reviewer for the two-person rule.
ACCOUNTS = {"ann": "editor", "rita": "reviewer", "rob": "reviewer", "ada": "admin"}
# Who the audit log says created the accounts above; tests about the log leave them out.
SETUP_ACTOR = "test setup"


@pytest.fixture
def accounts(app):
    """Users ann (editor), rita and rob (reviewers), ada (admin), all with PASSWORD."""
    from server.db import upgrade_database
    from server.people.accounts import create_user

    upgrade_database(app)
    with app.app_context(), session_scope(app) as session:
        for username, role in ACCOUNTS.items():
            create_user(session, username, role, PASSWORD, actor=SETUP_ACTOR, channel="cli")
    return ACCOUNTS


class AdminBrowser:
    """A test client that signs in and submits forms with their CSRF token, as a
    browser would: the token is read from the page the form is on."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path="/admin/login"):
        page = self.client.get(path)
        return csrf_token_in(page.get_data(as_text=True))

    def sign_in(self, username, password=PASSWORD):
        response = self.submit("/admin/login", {"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def submit(self, path, data, form_page=None):
        """POST ``data`` to ``path`` with the token from ``form_page`` (default: path)."""
        token = self.csrf_token(form_page or path)
        return self.client.post(path, data={**data, "csrf_token": token})

    def post_raw(self, path, data=None):
        return self.client.post(path, data=data or {})


def csrf_token_in(html):
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
def browser_for(app, accounts):
    """browser_for("rita") -> an AdminBrowser signed in as rita (own cookie jar)."""

    def make(username=None):
        browser = AdminBrowser(app.test_client())
        if username:
            browser.sign_in(username)
        return browser

    return make
