"""A PostgreSQL database of the test's own: a new database on the server `make
test-postgres` runs (TEST_DATABASE_URL), or else a throwaway cluster started as
scripts/with-postgres.sh starts one. Skips, saying why, only when PostgreSQL's server
programs are not installed."""

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from glob import glob
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.e2e.processes import free_port


def server_programs():
    """Debian's newest PostgreSQL bin folder, or None."""
    found = sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    return Path(found[-1]) if found else None


@contextmanager
def cluster():
    """A cluster on a free loopback port; yields its URL (trust authentication)."""
    programs = server_programs()
    if programs is None:
        pytest.skip("PostgreSQL's server programs are not installed (/usr/lib/postgresql)")
    as_owner = []
    folder = Path(tempfile.mkdtemp(prefix="practice-guide-pg-"))
    # initdb refuses to run as root; the data folder must be the postgres account's then.
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            pytest.skip("running as root and there is no postgres account to run PostgreSQL")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    folder.chmod(0o755)
    port = free_port()
    data = folder / "data"
    try:
        subprocess.run(
            [
                *as_owner,
                programs / "initdb",
                "-D",
                data,
                "-U",
                "guide",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *as_owner,
                programs / "pg_ctl",
                "-D",
                data,
                "-l",
                folder / "server.log",
                "-w",
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://guide@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_owner, programs / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database():
    """Yields the SQLAlchemy URL of a new, empty database, dropped afterwards."""
    import psycopg

    with _given_server() if os.environ.get("TEST_DATABASE_URL") else cluster() as server_url:
        server = make_url(server_url)
        name = f"deploy_{uuid.uuid4().hex[:12]}"
        admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _given_server():
    yield os.environ["TEST_DATABASE_URL"]
