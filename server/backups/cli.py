"""``practice-guide backup`` and ``restore``: the SQLite database copied while it serves, and
put back when the service is stopped. PostgreSQL has its own tools; the commands say how
to use them instead of pretending to do their work."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from .. import db
from .copies import NotABackup, copy_database, inspect_backup, published_count, restore_database

# What the database does not hold and a restored server needs: without the secret key
# every session ends (harmless); without the signing key the extension packages built
# here cannot be updated under the same id.
INSTANCE_FILES = ("secret_key", "extension-key.pem", "config.py")


def _sqlite_path(action):
    """The SQLite file of the configured database, or a ClickException saying what to use."""
    url = make_url(db.database_url(current_app))
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise click.ClickException(_postgres_advice(url, action))
    if backend != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(
            f"{action} works on a SQLite file; the database is {db.display_url(current_app)}."
        )
    return Path(url.database)


def _postgres_advice(url, action):
    # libpq's own URL form, without the password (pg_dump reads PGPASSWORD or ~/.pgpass).
    plain = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    target = plain.render_as_string(hide_password=False)
    if action == "backup":
        return (
            "The database is PostgreSQL: back it up with pg_dump, which this command does "
            f"not replace:\n  pg_dump --format=custom --file FILE '{target}'\n"
            f"It copies one consistent snapshot while the service runs. {_also_keep()}"
        )
    return (
        "The database is PostgreSQL: restore a pg_dump backup with pg_restore, with the "
        "service stopped:\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname '{target}' FILE\n"
        "then `practice-guide db upgrade` if the backup is from an older release."
    )


def _also_keep():
    folder = Path(current_app.instance_path)
    present = [str(folder / name) for name in INSTANCE_FILES if (folder / name).exists()]
    if not present:
        return "Keep the instance folder's files with it (docs/deploy.md)."
    return "Not in the database, keep these with it: " + ", ".join(present) + "."


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup_command(file, force):
    """Copy the SQLite database to FILE, consistent even while the service writes.

    For PostgreSQL it prints the pg_dump command to use instead, and fails.
    """
    source = _sqlite_path("backup")
    if not source.exists():
        raise click.ClickException(f"There is no database at {source} yet: nothing to back up.")
    if file.exists() and file.resolve() == source.resolve():
        raise click.ClickException(f"{file} is the database itself.")
    if file.exists() and not force:
        raise click.ClickException(f"{file} exists; choose another name or add --force.")
    copy_database(source, file, current_app.config["DATABASE_BUSY_TIMEOUT"])
    held = inspect_backup(file, db.known_revisions())
    click.echo(
        f"Backed up {source} to {file} (published versions: {held['versions']}, "
        f"schema revision {held['revision']})."
    )
    click.echo(_also_keep())


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace a database that holds guidance (it is kept beside it first).",
)
def restore_command(file, force):
    """Replace the SQLite database with the backup FILE, with the service stopped.

    FILE must be an intact backup of this service at a schema this release knows; an
    older one is migrated afterwards. A database that holds published guidance, or that
    looks open in another process, is replaced only with --force, and is first copied to
    a file beside it named ...before-restore-<time>.
    """
    target = _sqlite_path("restore")
    if target.exists() and target.resolve() == file.resolve():
        raise click.ClickException(f"{file} is the database itself.")
    try:
        held = inspect_backup(file, db.known_revisions())
    except NotABackup as exc:
        raise click.ClickException(f"{exc}. Nothing was changed.") from exc
    busy_timeout = current_app.config["DATABASE_BUSY_TIMEOUT"]
    in_use = Path(f"{target}-wal").exists()
    current = published_count(target)
    if (current or in_use) and not force:
        why = f"holds guidance (published versions: {current})" if current else "is empty"
        if in_use:
            why += " and looks open in another process (its -wal file exists)"
        raise click.ClickException(
            f"{target} {why}. Stop the service, then add --force to replace it "
            "(a copy of it is kept first). Nothing was changed."
        )
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        copy_database(target, kept, busy_timeout)
        click.echo(f"Kept the database it replaces as {kept}.")
    restore_database(file, target, busy_timeout)
    db.upgrade_database()
    db.get_engine().dispose()
    click.echo(
        f"Restored {file} into {target} (published versions: {held['versions']}, schema "
        f"revision {db.head_revision()}). Start the service again."
    )


COMMANDS = (backup_command, restore_command)
