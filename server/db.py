"""The SQLAlchemy engine and per-request sessions, owned by the app."""

from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker


def database_url(app):
    """The configured SQLAlchemy URL, or a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{Path(app.instance_path) / 'practice-guide.sqlite'}"


def display_url(app):
    """The database URL with any password hidden, for messages."""
    return make_url(database_url(app)).render_as_string(hide_password=True)


def _make_engine(url):
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # WAL lets readers carry on while a publish writes; foreign keys are off by default.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def get_engine(app=None):
    app = app or current_app
    return app.extensions["practice_guide_db"]["engine"]


def get_session():
    """The session for this request (or CLI command), opened on first use."""
    if "db_session" not in g:
        factory = current_app.extensions["practice_guide_db"]["sessionmaker"]
        g.db_session = factory()
    return g.db_session


@contextmanager
def session_scope(app=None):
    """A session outside a request, closed afterwards."""
    app = app or current_app
    session = app.extensions["practice_guide_db"]["sessionmaker"]()
    try:
        yield session
    finally:
        session.close()


def close_session(_exc=None):
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_database(app=None, revision="head"):
    """Bring the schema up to date with Alembic migrations (idempotent)."""
    from alembic import command

    with get_engine(app).begin() as connection:
        config = _alembic_config(connection)
        inspector = inspect(connection)
        if inspector.has_table("taxonomy_versions") and not inspector.has_table("alembic_version"):
            # Made by create_all before migrations existed: it is the baseline schema.
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)


def head_revision():
    """The newest migration."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def database_revision(app=None):
    """The schema revision the database is at (None before the first upgrade)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(app).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _ensure_schema():
    """Apply pending migrations once per process, before the first request needs them."""
    state = current_app.extensions["practice_guide_db"]
    if state.get("tables_ready"):
        return
    try:
        upgrade_database()
    except SQLAlchemyError:
        # Leave it to the view: /healthz reports the outage, others answer 500.
        current_app.logger.exception("could not bring the schema up to date; will try again")
        return
    state["tables_ready"] = True


def init_app(app):
    engine = _make_engine(database_url(app))
    app.extensions["practice_guide_db"] = {
        "engine": engine,
        "sessionmaker": sessionmaker(bind=engine, expire_on_commit=False),
    }
    app.teardown_appcontext(close_session)
    app.before_request(_ensure_schema)
    app.cli.add_command(db_group)


@click.group("db")
def db_group():
    """Database schema: Alembic migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade_command(revision):
    """Apply the migrations up to REVISION (default: the newest)."""
    upgrade_database(revision=revision)
    click.echo(f"Database at revision {database_revision()} ({display_url(current_app)}).")


@db_group.command("current")
@with_appcontext
def db_current_command():
    """Show the schema revision of the database."""
    click.echo(database_revision() or "(empty: run `practice-guide db upgrade`)")
