"""Backups of the service's database: ``practice-guide backup`` and ``restore``.

- ``copies``: SQLite's online backup API, and the checks a file passes before a restore;
- ``cli``: the two commands (for PostgreSQL they explain pg_dump and pg_restore).

docs/deploy.md says what else a server's backup must keep.
"""

from . import cli


def init_app(app):
    for command in cli.COMMANDS:
        app.cli.add_command(command)
