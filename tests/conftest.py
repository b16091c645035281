import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from server import create_app
from server.db import get_engine, session_scope, upgrade_database
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


class MigratedDatabase:
    """The migrated schema, built once per session and handed to each test fresh.

    SQLite: the migrations build one template file, copied into each test's instance
    folder. PostgreSQL (TEST_DATABASE_URL): the migrations run once in that database, and
    before each test every table is emptied and its id sequence restarted. A test marked
    ``empty_database`` gets a database without any table; the schema is built again for
    the test after it.
    """

    def __init__(self, folder):
        self.url = os.environ.get("TEST_DATABASE_URL")
        self.template = folder / "template.sqlite"
        self.schema_built = False  # PostgreSQL: whether the tables are the migrated ones
        if not self.url:
            app = create_app({"TESTING": True, "INSTANCE_PATH": str(folder / "instance")})
            upgrade_database(app)
            get_engine(app).dispose()  # closing the last connection folds the WAL in
            shutil.copyfile(folder / "instance" / "practice-guide.sqlite", self.template)

    def config_for(self, instance, empty):
        """Config for a test's app; puts the SQLite copy in place before the app opens it."""
        if self.url:
            return {"DATABASE_URL": self.url}
        if not empty:
            shutil.copyfile(self.template, instance / "practice-guide.sqlite")
        return {}

    def reset(self, app, empty):
        """PostgreSQL: the shared database as the test needs it."""
        if not self.url:
            return
        engine = get_engine(app)
        if empty or not self.schema_built:
            drop_everything(engine)
            self.schema_built = False
        if not empty and not self.schema_built:
            upgrade_database(app)
            self.schema_built = True
        elif not empty:
            empty_tables(engine)


@pytest.fixture(scope="session")
def test_database(tmp_path_factory):
    return MigratedDatabase(tmp_path_factory.mktemp("database"))


@pytest.fixture
def app(request, tmp_path, default_taxonomy_path, test_database):
    """An app on its own instance folder, with the small default, on the migrated schema
    without any rows (with ``@pytest.mark.empty_database``: without any table). Config
    for one test: ``@pytest.mark.app_config(NAME=value, ...)``.

    The database is a copy of a migrated SQLite file, or, when TEST_DATABASE_URL is set
    (as `make test` does with scripts/with-postgres.sh), that server with empty tables.
    """
    empty = request.node.get_closest_marker("empty_database") is not None
    instance = tmp_path / "instance"
    instance.mkdir()
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "DEFAULT_TAXONOMY_PATH": str(default_taxonomy_path),
        **test_database.config_for(instance, empty),
    }
    for marker in reversed(list(request.node.iter_markers("app_config"))):
        config.update(marker.kwargs)
    app = create_app(config)
    test_database.reset(app, empty)
    yield app
    get_engine(app).dispose()


def drop_everything(engine):
    """Empty the database, migration bookkeeping included."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def empty_tables(engine):
    """Delete every row and restart the id sequences, keeping the schema (PostgreSQL).
    On tables this small DELETE is much quicker than TRUNCATE."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        sequences = connection.scalars(
            text(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = current_schema()"
            )
        ).all()
        for name in sequences:
            connection.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))


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


# --- The admin API ----------------------------------------------------------------------


def token_for(app, username, name="tests"):
    """A new API token of that user's (the secret)."""
    from server.people.accounts import get_user
    from server.people.tokens import create_token

    with session_scope(app) as session:
        _row, secret = create_token(
            session, get_user(session, username), name, actor=SETUP_ACTOR, channel="cli"
        )
        session.commit()
    return secret


class Api:
    """A client that sends one user's token with every request."""

    def __init__(self, client, secret):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers, **kwargs)

    def put(self, path, document, revision=None):
        # Not json=: Flask's encoder sorts keys, and key order is part of the stored text.
        return self.client.put(
            path,
            data=json.dumps(document),
            content_type="application/json",
            headers=self._with(revision),
        )

    def post(self, path, body=None, revision=None):
        return self.client.post(path, json=body, headers=self._with(revision))

    def _with(self, revision):
        if revision is None:
            return self.headers
        return {**self.headers, "If-Match": f'"draft-{revision}"'}


@pytest.fixture
def api_for(app, accounts):
    """api_for("ann") -> an Api whose requests carry a fresh token of ann's."""

    def make(username):
        return Api(app.test_client(), token_for(app, username))

    return make
