"""The schema comes from Alembic migrations, and they match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server.db import (
    BASELINE,
    database_revision,
    get_engine,
    head_revision,
    upgrade_database,
)
from server.models import Base
from server.publishing import store
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
    assert database_revision(app) == head == head_revision()


def test_a_database_made_before_migrations_is_adopted(app):
    """Before migrations, create_all made the baseline table; upgrading keeps its data."""
    engine = get_engine(app)
    Base.metadata.tables["taxonomy_versions"].create(engine)
    from server.db import session_scope

    with session_scope(app) as session:
        store.publish(session, minimal_taxonomy(), author="early", change_note="before")
    upgrade_database(app)
    assert database_revision(app) == head_revision() != BASELINE
    with session_scope(app) as session:
        assert store.get_current(session).author == "early"


def test_db_commands(app, runner):
    result = runner.invoke(args=["db", "current"])
    assert "empty" in result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"Database at revision {head_revision()}" in result.output
    assert runner.invoke(args=["db", "current"]).output.strip() == head_revision()
    assert {"taxonomy_versions", "users"} <= set(inspect(get_engine(app)).get_table_names())
