"""The schema comes from Alembic migrations, and they match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server import store
from server.db import BASELINE, database_revision, get_engine, upgrade_database
from server.models import Base
from tests.samples import minimal_taxonomy


def test_migrations_build_exactly_the_models_schema(app):
    upgrade_database(app)
    with get_engine(app).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_reports_its_revision(app):
    assert database_revision(app) is None
    upgrade_database(app)
    head = database_revision(app)
    upgrade_database(app)
    assert database_revision(app) == head == BASELINE


def test_a_database_made_before_migrations_is_adopted(app):
    """create_all made the baseline schema; upgrading keeps its data."""
    engine = get_engine(app)
    Base.metadata.create_all(engine)
    from server.db import session_scope

    with session_scope(app) as session:
        store.publish(session, minimal_taxonomy(), author="early", change_note="before")
    upgrade_database(app)
    assert database_revision(app) == BASELINE
    with session_scope(app) as session:
        assert store.get_current(session).author == "early"


def test_db_commands(app, runner):
    result = runner.invoke(args=["db", "current"])
    assert "empty" in result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"Database at revision {BASELINE}" in result.output
    assert runner.invoke(args=["db", "current"]).output.strip() == BASELINE
    assert "taxonomy_versions" in inspect(get_engine(app)).get_table_names()
