"""The SQLAlchemy engine and per-request sessions, owned by the app.

A write waits at most DATABASE_BUSY_TIMEOUT seconds for another one holding the lock
(SQLite's busy timeout, PostgreSQL's lock_timeout). When that runs out, or the server
cannot be reached, the error is raised as DatabaseUnavailable, which the app answers
with 503 and Retry-After (errors.py) and the editing pages with the form as typed.
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

# SQLSTATEs of PostgreSQL errors that pass: lock_not_available (lock_timeout),
# deadlock_detected, serialization_failure, query_canceled (statement_timeout),
# too_many_connections, and the server shutting down or starting up.
BUSY_STATES = {"55P03", "40P01", "40001", "57014"}
UNREACHABLE_STATES = {"53300", "57P01", "57P02", "57P03"}
# How long /healthz waits to find out whether a write could start.
HEALTH_WRITE_WAIT = 1.0


class DatabaseUnavailable(OperationalError):
    """The database did not take the statement in time (``busy``: another write held
    the lock longer than the busy timeout) or cannot be reached. Nothing was written;
    the same request may succeed a few seconds later."""

    def __init__(self, statement, params, orig, *, busy, **kwargs):
        super().__init__(statement, params, orig, **kwargs)
        self.busy = busy


def _unavailable(context):
    """handle_error hook: raise a passing outage as DatabaseUnavailable instead."""
    original = context.original_exception
    sqlite_name = getattr(original, "sqlite_errorname", "")
    state = getattr(original, "sqlstate", None) or ""
    if sqlite_name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or state in BUSY_STATES:
        busy = True
    elif context.is_disconnect or state.startswith("08") or state in UNREACHABLE_STATES:
        busy = False
    else:
        return None
    return DatabaseUnavailable(
        context.statement,
        context.parameters,
        original,
        busy=busy,
        connection_invalidated=context.is_disconnect,
    )


def database_url(app):
    """The configured SQLAlchemy URL, or a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{Path(app.instance_path) / 'practice-guide.sqlite'}"


def display_url(app):
    """The database URL with any password hidden, for messages."""
    return make_url(database_url(app)).render_as_string(hide_password=True)


def _make_engine(url, busy_timeout):
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        arguments = {}
        if parsed.get_backend_name() == "postgresql":
            # As long as SQLite waits, then the same 503 instead of a worker stuck until
            # gunicorn kills it.
            arguments["options"] = f"-c lock_timeout={int(busy_timeout * 1000)}"
        engine = create_engine(url, pool_pre_ping=True, connect_args=arguments)
        event.listen(engine, "handle_error", _unavailable)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout})
    event.listen(engine, "handle_error", _unavailable)

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


def rollback_session():
    """End this request's failed transaction, so that the page reporting it can still read
    (PostgreSQL refuses every statement in a transaction after an error)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def commit_if_possible(session):
    """Commit bookkeeping that may wait (when a session or token was last used): while
    the database is busy, reading pages and the API must go on, so the change is dropped
    instead of failing the request. Returns whether it was written."""
    try:
        session.commit()
    except DatabaseUnavailable:
        session.rollback()
        return False
    return True


def writable(app=None):
    """Whether a write could start now: no other write holding SQLite's lock for longer
    than HEALTH_WRITE_WAIT, PostgreSQL not read-only (a standby, or set read-only)."""
    app = app or current_app
    engine = get_engine(app)
    if engine.dialect.name == "sqlite":
        busy_timeout = app.config["DATABASE_BUSY_TIMEOUT"]
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(
                f"PRAGMA busy_timeout = {int(min(HEALTH_WRITE_WAIT, busy_timeout) * 1000)}"
            )
            try:
                # Takes the write lock (and gives it back at once) without writing anything.
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("ROLLBACK")
            except sqlite3.OperationalError:
                return False
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            return True
        finally:
            raw.close()
    if engine.dialect.name == "postgresql":
        from .models import Base

        with engine.connect() as connection:
            read_only = connection.scalar(
                text(
                    "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
                )
            )
            if read_only:
                return False
            # The lock every UPDATE and INSERT takes: it waits only for an explicit table
            # lock or a schema change, never for other writers.
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            wait = int(min(HEALTH_WRITE_WAIT, app.config["DATABASE_BUSY_TIMEOUT"]) * 1000)
            try:
                # In the transaction the query above began; rolled back either way.
                connection.execute(text(f"SET LOCAL lock_timeout = {wait}"))
                connection.execute(text(f"LOCK TABLE {tables} IN ROW EXCLUSIVE MODE"))
            except DatabaseUnavailable as exc:
                if not exc.busy:
                    raise
                return False
            finally:
                connection.rollback()
    return True


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


def known_revisions():
    """Every schema revision these migrations know (a backup's must be one of them)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return {revision.revision for revision in script.walk_revisions()}


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
    engine = _make_engine(database_url(app), app.config["DATABASE_BUSY_TIMEOUT"])
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
