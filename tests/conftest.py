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
