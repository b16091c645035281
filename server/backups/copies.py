"""Copies of a SQLite database made with SQLite's online backup API, and the checks a file
must pass before it may replace the service's database.

The backup API copies every page inside one read transaction, so a copy taken while
gunicorn workers write is the database as it was at one instant: each publish and draft
save is in it whole or not at all. Readers and writers go on meanwhile (WAL mode).
"""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

# Tables any release's schema has had since the first migration.
REQUIRED_TABLES = ("alembic_version", "taxonomy_versions")


class NotABackup(ValueError):
    """The file cannot be restored: not SQLite, damaged, or not this service's database."""


def copy_database(source, destination, busy_timeout):
    """Copy the SQLite database at ``source`` to the new file ``destination``, readable by
    its owner only (it holds password and token hashes), as one self-contained file.

    The copy is written next to ``destination`` and renamed into place once it is
    complete and checked, so an interrupted backup never leaves a half file under the
    name a restore would be given.
    """
    destination = Path(destination)
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with (
            closing(sqlite3.connect(source, timeout=busy_timeout)) as reader,
            closing(sqlite3.connect(partial)) as copy,
        ):
            # pages=-1 (the default): every page in one step, so one read transaction.
            reader.backup(copy)
            # The source is in WAL mode and the copy would be too, with -wal and -shm
            # files beside it; a backup should be the one file that is handed around.
            copy.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(copy)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def inspect_backup(path, known_revisions):
    """What a backup holds, ``{"revision", "versions"}``, after checking it is an intact
    database of this service at a schema revision these migrations know; else NotABackup
    saying why."""
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as backup:
            listed = backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {row[0] for row in listed}
            _check_integrity(backup)
            missing = [name for name in REQUIRED_TABLES if name not in tables]
            if missing:
                raise NotABackup(
                    f"{path} is a SQLite database but not one of this service's: it has no "
                    f"{', '.join(missing)} table"
                )
            recorded = backup.execute("SELECT version_num FROM alembic_version")
            revisions = [row[0] for row in recorded]
            versions = backup.execute("SELECT count(*) FROM taxonomy_versions").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotABackup(f"{path} is not a readable SQLite database ({exc})") from exc
    if len(revisions) != 1:
        raise NotABackup(f"{path} records {len(revisions)} schema revisions instead of one")
    if revisions[0] not in known_revisions:
        raise NotABackup(
            f"{path} is at schema revision {revisions[0]}, which this release does not know: "
            "it was made by a newer release; restore it with that release"
        )
    return {"revision": revisions[0], "versions": versions}


def published_count(path):
    """How many published versions the database at ``path`` holds (0 when it has none, or
    not even the tables)."""
    if not Path(path).exists():
        return 0
    # Opened as the service opens it: read-only needs the -shm file of a WAL database.
    with closing(sqlite3.connect(path)) as database:
        try:
            return database.execute("SELECT count(*) FROM taxonomy_versions").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def restore_database(backup, target, busy_timeout):
    """Write the backup's pages over the database at ``target`` (created if missing).

    Through the backup API rather than a file copy: it takes the target's write lock and
    replaces every page in one transaction, so a process that still has the database
    open sees the old database or the restored one, never a mixture, and no stale -wal
    file is left to be replayed over the restored pages.
    """
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(_read_only(backup), uri=True)) as source,
        closing(sqlite3.connect(target, timeout=busy_timeout)) as database,
    ):
        source.backup(database)
        database.execute("PRAGMA journal_mode=WAL")
        _check_integrity(database)


def _read_only(path):
    """A URI opening ``path`` read-only, whatever characters its name holds."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def _check_integrity(connection):
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise NotABackup(f"the database is damaged: {result}")
