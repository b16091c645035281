"""The ``practice-guide`` command: serve, check, import, export, classify, versions, schema."""

import json
import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import db, store
from .accounts import ROLES, AccountError, create_user, user_count
from .matching import classify, winning_categories
from .taxonomy import TaxonomyInvalid, pretty_json, read_document


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main():
    """Digital Practice Guide: the guidance service."""


def _report_invalid(exc):
    click.secho(f"{exc}:", fg="red", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)


def _published(number):
    """Version ``number``, or the current one (seeding the default into an empty store)."""
    if not number:
        return db.seeded_current()
    db.upgrade_database()
    try:
        return store.get_version(db.get_session(), number)
    except store.VersionNotFound as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("check")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def check_command(path):
    """Validate a taxonomy file and print every problem with its path."""
    try:
        document = read_document(path)
    except TaxonomyInvalid as exc:
        _report_invalid(exc)
        sys.exit(1)
    click.echo(
        f"{path}: valid ({len(document['categories'])} categories, "
        f"{len(document['cautions'])} cautions, {len(document['sites'])} sites)."
    )


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--note", "-m", required=True, help="What changed and why (shown in the history).")
@click.option("--author", default=lambda: os.environ.get("USER") or "cli", show_default="$USER")
def import_command(path, note, author):
    """Validate a taxonomy file and publish it as a new version.

    On any problem, every problem is listed and nothing changes.
    """
    db.upgrade_database()
    try:
        document = read_document(path)
        version = store.publish(db.get_session(), document, author=author, change_note=note)
    except TaxonomyInvalid as exc:
        _report_invalid(exc)
        click.echo("Nothing was published.", err=True)
        sys.exit(1)
    except store.NothingToPublish as exc:
        click.echo(f"{path} is {exc}.")
        return
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Published version {version.number} ({version.sha256[:12]}).")


@click.command("export")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True), required=False)
@click.option("--version", "number", type=int, help="A published version (default: the current).")
def export_command(path, number):
    """Write a published version's taxonomy to PATH (or standard output)."""
    version = _published(number)
    text = pretty_json(store.document_of(version))
    if path in (None, "-"):
        click.echo(text, nl=False)
    else:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote version {version.number} to {path}.", err=True)


@click.command("classify")
@with_appcontext
@click.argument("url")
@click.option("--version", "number", type=int, help="A published version (default: the current).")
@click.option(
    "--file", "path", type=click.Path(exists=True, dir_okay=False), help="A taxonomy file."
)
def classify_command(url, number, path):
    """Show which sites and categories URL matches, and the pattern that matched."""
    if path:
        document, source = read_document(path), path
    else:
        version = _published(number)
        document, source = store.document_of(version), f"version {version.number}"
    matches = classify(document, url)
    if not matches:
        click.echo(f"No guidance matches {url} ({source}).")
        return
    winners = winning_categories(matches)
    click.echo(f"{url} -> {', '.join(winners)} ({source})")
    top = matches[0].specificity
    for match in matches:
        marker = "*" if match.specificity == top else " "
        click.echo(
            f" {marker} {match.site_name} [{match.site_id}]: "
            f"{', '.join(match.categories)} via {match.pattern}"
        )
    if any(match.specificity != top for match in matches):
        click.echo("   (* = most specific, shown; the others are overridden)")


@click.command("versions")
@with_appcontext
@click.option("--limit", default=20, show_default=True)
def versions_command(limit):
    """List published versions, newest first."""
    db.upgrade_database()
    rows, total = store.list_versions(db.get_session(), limit=limit)
    if not rows:
        click.echo("Nothing is published yet; `practice-guide init-db` publishes the default.")
    for row in rows:
        when = row.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{row.number:>5}  {when}  {row.author}: {row.change_note}")
    if total > len(rows):
        click.echo(f"({total - len(rows)} older versions not shown)")


@click.command("schema")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True), required=False)
def schema_command(path):
    """Write the taxonomy's JSON Schema to PATH (or standard output)."""
    from .openapi import taxonomy_json_schema

    text = json.dumps(taxonomy_json_schema(), indent=2) + "\n"
    if path in (None, "-"):
        click.echo(text, nl=False)
    else:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


@click.command("serve")
@with_appcontext
@click.option("--host", default=None, help="Interface to listen on [config HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [config PORT, 5080].")
@click.option("--workers", type=int, default=None, help="Worker processes [WEB_CONCURRENCY, 2].")
@click.option("--access-log/--no-access-log", default=False, help="Log each request.")
def serve_command(host, port, workers, access_log):
    """Serve the app with gunicorn, a production WSGI server."""
    from .serve import run

    app = current_app._get_current_object()
    version = db.seeded_current()
    db.get_engine().dispose()  # workers open their own connections after the fork
    host = host or app.config["HOST"]
    port = port or app.config["PORT"]
    if user_count(db.get_session()) == 0:
        click.echo(
            "No one can sign in yet. Create the first admin with:\n"
            "  practice-guide create-user NAME --role admin"
        )
    click.echo(
        f"Digital Practice Guide: serving guidance version {version.number} "
        f"on http://{host}:{port}/ (database: {db.display_url(app)})"
    )
    run(
        host=host,
        port=port,
        workers=workers or app.config["WORKERS"],
        threads=app.config["THREADS"],
        access_log=access_log,
    )


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of generating a one-time one.",
)
def create_user_command(username, role, password_stdin):
    """Create an account. Without --password-stdin a one-time password is printed once."""
    db.upgrade_database()
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user, one_time = create_user(db.get_session(), username, role, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role} '{user.username}'.")
    if one_time:
        click.echo(f"One-time password (shown only now): {one_time}")


COMMANDS = (
    check_command,
    import_command,
    export_command,
    classify_command,
    versions_command,
    schema_command,
    serve_command,
    create_user_command,
)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
