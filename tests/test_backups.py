"""`practice-guide backup` and `restore`: a SQLite copy taken while the service writes is
whole when restored; a file that is not a backup of this service, or a database that holds
guidance, is not overwritten by mistake; PostgreSQL is pointed at its own tools.

These tests make their own SQLite apps (the database is a file they copy), so they are the
same under `scripts/with-postgres.sh`."""

import sqlite3
import threading
import time
from contextlib import closing

import pytest

from server import create_app
from server.db import get_engine, head_revision, session_scope, upgrade_database
from server.publishing import drafts, store
from tests.samples import minimal_taxonomy

WAIT_SECONDS = 30


def sqlite_app(folder, default_path):
    folder.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(folder),
            "DEFAULT_TAXONOMY_PATH": str(default_path),
            "DATABASE_URL": f"sqlite:///{folder / 'practice-guide.sqlite'}",
        }
    )


@pytest.fixture
def make_app(tmp_path, default_taxonomy_path):
    made = []

    def make(name):
        app = sqlite_app(tmp_path / name, default_taxonomy_path)
        made.append(app)
        return app

    yield make
    for app in made:
        get_engine(app).dispose()


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def seeded(app):
    upgrade_database(app)
    with session_scope(app) as session:
        store.ensure_seeded(session, app.config["DEFAULT_TAXONOMY_PATH"])
    return app


def edited(number, field="detail"):
    document = minimal_taxonomy()
    document["cautions"][0][field] = f"Check who else can see this (change {number})."
    return document


class Writer(threading.Thread):
    """Edits the draft and publishes a version, again and again, as editors would, and
    records what each revision and version held."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.stop = threading.Event()
        self.drafts = {}  # revision -> document text
        self.versions = {}  # number -> sha256
        self.error = None

    def run(self):
        try:
            with session_scope(self.app) as session:
                draft = drafts.get_draft(session)
                self.drafts[draft.revision] = draft.document
                number = 0
                while not self.stop.is_set():
                    number += 1
                    draft = drafts.save(
                        session,
                        edited(number, "action"),
                        expected_revision=draft.revision,
                        actor="writer",
                        channel="cli",
                        summary=f"edit {number}",
                    )
                    self.drafts[draft.revision] = draft.document
                    version = store.publish(
                        session, edited(number), author="writer", change_note=f"change {number}"
                    )
                    self.versions[version.number] = version.sha256
        except Exception as exc:  # reported by the test, which would otherwise wait
            self.error = exc

    def wait_for(self, count):
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.versions) < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, f"{count} versions not published in time"
            time.sleep(0.01)


def test_backups_taken_while_drafts_are_saved_and_published_restore_whole(make_app, tmp_path):
    live = seeded(make_app("live"))
    writer = Writer(live)
    writer.start()
    taken = []  # (backup, the versions published before it began)
    try:
        for index in range(3):
            writer.wait_for(len(writer.versions) + 3)
            published_before = set(writer.versions)
            backup = tmp_path / f"during-writes-{index}.sqlite"
            result = invoke(live, "backup", backup)
            assert result.exit_code == 0, result.output
            taken.append((backup, published_before))
        writer.wait_for(len(writer.versions) + 3)
    finally:
        writer.stop.set()
        writer.join(WAIT_SECONDS)
    assert writer.error is None, writer.error

    for index, (backup, published_before) in enumerate(taken):
        restored = make_app(f"restored-{index}")
        result = invoke(restored, "restore", backup)
        assert result.exit_code == 0, result.output
        with session_scope(restored) as session:
            rows, total = store.list_versions(session, limit=200)
            numbers = sorted(row.number for row in rows)
            # A prefix of the history, nothing missing in between, each as published.
            assert numbers == list(range(1, total + 1))
            assert published_before <= set(numbers)
            assert total < max(writer.versions), "the backup should predate the last publishes"
            for row in rows:
                if row.number in writer.versions:
                    assert row.sha256 == writer.versions[row.number]
            # The draft is one the writer saved, not half of one.
            draft = drafts.get_draft(session)
            assert draft.document == writer.drafts[draft.revision]


def test_backup_writes_one_private_file_and_says_what_else_to_keep(make_app, tmp_path):
    app = seeded(make_app("live"))
    backup = tmp_path / "copy.sqlite"
    result = invoke(app, "backup", backup)
    assert result.exit_code == 0, result.output
    assert "published versions: 1" in result.output
    assert "secret_key" in result.output
    assert backup.stat().st_mode & 0o077 == 0
    assert not (tmp_path / "copy.sqlite-wal").exists()
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_does_not_replace_a_file_without_force(make_app, tmp_path):
    app = seeded(make_app("live"))
    backup = tmp_path / "copy.sqlite"
    backup.write_text("something else")
    result = invoke(app, "backup", backup)
    assert result.exit_code == 1
    assert "exists" in result.output
    assert backup.read_text() == "something else"
    assert invoke(app, "backup", backup, "--force").exit_code == 0


def test_backup_of_a_database_not_made_yet_says_so(make_app, tmp_path):
    result = invoke(make_app("new"), "backup", tmp_path / "copy.sqlite")
    assert result.exit_code == 1
    assert "nothing to back up" in result.output


def not_sqlite(path):
    path.write_bytes(b"not a database at all " * 100)
    return path


def foreign_database(path):
    with closing(sqlite3.connect(path)) as database:
        database.execute("CREATE TABLE notes (text TEXT)")
        database.commit()
    return path


def newer_backup(app, path):
    assert invoke(app, "backup", path).exit_code == 0
    with closing(sqlite3.connect(path)) as database:
        database.execute("UPDATE alembic_version SET version_num = '9999'")
        database.commit()
    return path


@pytest.mark.parametrize(
    ("make_file", "expected"),
    [
        (lambda app, path: not_sqlite(path), "not a readable SQLite database"),
        (lambda app, path: foreign_database(path), "not one of this service's"),
        (lambda app, path: newer_backup(app, path), "newer release"),
    ],
    ids=["not-sqlite", "another-application", "newer-schema"],
)
def test_restore_refuses_what_is_not_a_backup_of_this_service(
    make_app, tmp_path, make_file, expected
):
    source = seeded(make_app("source"))
    target = make_app("target")
    path = make_file(source, tmp_path / "candidate.sqlite")
    result = invoke(target, "restore", path)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Nothing was changed" in result.output
    assert not (tmp_path / "target" / "practice-guide.sqlite").exists()


def test_restore_over_guidance_needs_force_and_keeps_what_it_replaces(make_app, tmp_path):
    source = seeded(make_app("source"))
    backup = tmp_path / "copy.sqlite"
    assert invoke(source, "backup", backup).exit_code == 0
    target = seeded(make_app("target"))
    with session_scope(target) as session:
        store.publish(session, edited(1), author="someone", change_note="only on the target")
    get_engine(target).dispose()

    refused = invoke(target, "restore", backup)
    assert refused.exit_code == 1
    assert "published versions: 2" in refused.output and "--force" in refused.output

    result = invoke(target, "restore", backup, "--force")
    assert result.exit_code == 0, result.output
    (kept,) = (tmp_path / "target").glob("practice-guide.sqlite.before-restore-*")
    with closing(sqlite3.connect(kept)) as old:
        assert old.execute("SELECT count(*) FROM taxonomy_versions").fetchone()[0] == 2
    with session_scope(target) as session:
        assert store.list_versions(session)[1] == 1


def test_restore_refuses_a_database_another_process_has_open(make_app, tmp_path):
    source = seeded(make_app("source"))
    backup = tmp_path / "copy.sqlite"
    assert invoke(source, "backup", backup).exit_code == 0
    serving = make_app("target")
    upgrade_database(serving)  # its engine keeps a connection open, as a worker's does
    result = invoke(serving, "restore", backup)
    assert result.exit_code == 1
    assert "looks open in another process" in result.output


def test_restore_brings_an_older_backup_up_to_this_schema(make_app, tmp_path):
    old = make_app("old")
    upgrade_database(old, "0003")
    backup = tmp_path / "old.sqlite"
    assert invoke(old, "backup", backup).exit_code == 0
    target = make_app("target")
    result = invoke(target, "restore", backup)
    assert result.exit_code == 0, result.output
    assert f"schema revision {head_revision()}" in result.output


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_postgresql_is_pointed_at_its_own_tools(tmp_path, default_taxonomy_path, command):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DEFAULT_TAXONOMY_PATH": str(default_taxonomy_path),
            # Never reached: the commands do not connect to PostgreSQL.
            "DATABASE_URL": "postgresql+psycopg://guide:hidden@db.invalid:5432/guide",
        }
    )
    file = tmp_path / "file"
    file.write_text("")
    result = invoke(app, command, file)
    assert result.exit_code == 1
    tool = "pg_dump --format=custom" if command == "backup" else "pg_restore --clean"
    assert tool in result.output
    assert "postgresql://guide@db.invalid:5432/guide" in result.output
    assert "hidden" not in result.output
    get_engine(app).dispose()
