"""The ``practice-guide`` command: serve, check, import, export, classify, versions, schema,
and the accounts and API tokens of the admin area."""

import json
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import db, drafts, store
from .accounts import ROLES, AccountError, create_user, get_user, list_users, user_count
from .diff import diff_taxonomies, summarize
from .matching import classify, winning_categories
from .models import ApiToken, User, storable
from .taxonomy import TaxonomyInvalid, pretty_json, read_document
from .tokens import TokenError, create_token, list_tokens, revoke_token

# Who the audit log names for changes made on the server's command line.
CLI_ACTOR = "command line"


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main():
    """Digital Practice Guide: the guidance service."""


def _shown_command(path):
    """How to run this same command from the current folder (.venv/bin/practice-guide)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return path.name


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
@click.option(
    "--publish",
    "publish_now",
    is_flag=True,
    help="Publish at once instead of putting the file into the draft for review.",
)
@click.option(
    "--replace-draft",
    is_flag=True,
    help="Replace the draft even though it holds unpublished edits (they are lost).",
)
def import_command(path, note, author, publish_now, replace_draft):
    """Validate a taxonomy file and put it into the shared draft for review (or, with
    --publish, publish it as a new version at once).

    On any problem, every problem is listed and nothing changes.
    """
    db.upgrade_database()
    session = db.get_session()
    actor = f"{author} (command line)"[:64]
    try:
        document = read_document(path)
        if publish_now:
            store.ensure_seeded(session, current_app.config["DEFAULT_TAXONOMY_PATH"])
            version = drafts.publish_directly(
                session,
                document,
                actor=actor,
                channel="cli",
                change_note=note,
                action="publish",
                summary=lambda version: (
                    f"Published version {version.number} from "
                    f"{os.path.basename(path)} on the command line: {note}"
                ),
            )
        else:
            draft = drafts.get_draft(session, current_app.config["DEFAULT_TAXONOMY_PATH"])
            status = drafts.status_of(session, draft)
            if status != "unchanged" and not replace_draft:
                # The draft holds someone's unpublished work and keeps no history of it.
                published = store.document_of(store.get_current(session))
                pending = summarize(diff_taxonomies(published, drafts.document_of(draft)))
                raise click.ClickException(
                    f"The draft has unpublished changes ({drafts.STATUS_LABELS[status].lower()}"
                    f", last by {draft.updated_by}): {pending}. Nothing was changed. Publish "
                    "or discard them first (admin review page), or add --replace-draft."
                )
            draft = drafts.save(
                session,
                document,
                expected_revision=draft.revision,
                actor=actor,
                channel="cli",
                action="import",
                summary=f"Imported {os.path.basename(path)} into the draft: {note}",
            )
    except TaxonomyInvalid as exc:
        _report_invalid(exc)
        click.echo("Nothing was changed.", err=True)
        sys.exit(1)
    except store.NothingToPublish as exc:
        click.echo(f"{path} is {exc}.")
        return
    except drafts.DraftConflict as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if publish_now:
        click.echo(f"Published version {version.number} ({version.sha256[:12]}).")
    else:
        click.echo(
            f"The draft is now revision {draft.revision}. Ask for review and publish it in "
            "the admin pages (/admin/review)."
        )


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
    nobody = user_count(db.get_session()) == 0
    db.close_session()
    db.get_engine().dispose()  # workers open their own connections after the fork
    host = host or app.config["HOST"]
    port = port or app.config["PORT"]
    if nobody:
        command = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("practice-guide")
        click.echo(
            "No one can sign in to the admin pages yet. Create the first admin (it prints a "
            f"one-time password) with:\n  {_shown_command(command)} create-user NAME --role admin"
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
        user, one_time = create_user(
            db.get_session(), username, role, password, actor=CLI_ACTOR, channel="cli"
        )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role} '{user.username}'.")
    if one_time:
        click.echo(f"One-time password (shown only now): {one_time}")


@click.command("list-users")
@with_appcontext
def list_users_command():
    """List the accounts of the admin area."""
    db.upgrade_database()
    users = list_users(db.get_session())
    if not users:
        click.echo("No users yet: practice-guide create-user NAME --role admin")
    for user in users:
        flags = [] if user.active else ["deactivated"]
        if user.must_change_password:
            flags.append("one-time password not replaced yet")
        created = user.created_at.strftime("%Y-%m-%d")
        suffix = f"  ({', '.join(flags)})" if flags else ""
        click.echo(f"{user.username:<24} {user.role:<9} created {created}{suffix}")


@click.command("create-token")
@with_appcontext
@click.argument("username")
@click.argument("name")
def create_token_command(username, name):
    """Create an API token that acts as USERNAME, named NAME (what will use it).

    The token is printed once, alone on standard output, so it can be piped straight
    into a secret store; everything else goes to standard error.
    """
    db.upgrade_database()
    session = db.get_session()
    user = get_user(session, username)
    if user is None:
        raise click.ClickException(f"There is no user called '{username}' (see list-users).")
    try:
        token, secret = create_token(session, user, name, actor=CLI_ACTOR, channel="cli")
    except TokenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Created token {token.id} '{token.name}', acting as {user.username} ({user.role}). "
        "It is shown only now: keep it in a secret store, never in a shared file.",
        err=True,
    )
    click.echo(secret)


@click.command("revoke-token")
@with_appcontext
@click.argument("token_id", metavar="ID", type=int)
def revoke_token_command(token_id):
    """Revoke API token ID (see list-tokens): it stops working at once."""
    db.upgrade_database()
    session = db.get_session()
    token = session.get(ApiToken, token_id) if storable(token_id) else None
    if token is None:
        raise click.ClickException(f"There is no API token {token_id} (see list-tokens).")
    if not revoke_token(session, token, actor=CLI_ACTOR, channel="cli"):
        click.echo(f"Token {token.id} '{token.name}' was already revoked.")
        return
    owner = session.get(User, token.user_id)
    click.echo(f"Revoked token {token.id} '{token.name}' of {owner.username}.")


@click.command("list-tokens")
@with_appcontext
def list_tokens_command():
    """List API tokens, newest first (never the tokens themselves)."""
    db.upgrade_database()
    rows = list_tokens(db.get_session())
    if not rows:
        click.echo("No API tokens yet: practice-guide create-token USERNAME NAME")
    for token, user in rows:
        created = token.created_at.strftime("%Y-%m-%d")
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        state = "revoked" if token.revoked_at else "active" if user.active else "user deactivated"
        click.echo(
            f"{token.id:>4}  {token.prefix}...  {token.name}  as {user.username} ({user.role}); "
            f"created {created} by {token.created_by}; last used {used}; {state}"
        )


COMMANDS = (
    check_command,
    import_command,
    export_command,
    classify_command,
    versions_command,
    schema_command,
    serve_command,
    create_user_command,
    list_users_command,
    create_token_command,
    revoke_token_command,
    list_tokens_command,
)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
