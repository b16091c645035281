"""The published guidance on the command line: import, export, classify, versions, init-db."""

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db
from ..matching import classify, winning_categories
from ..taxonomy.cli import report_invalid
from ..taxonomy.document import TaxonomyInvalid, pretty_json, read_document
from . import drafts, store
from .importing import UnpublishedWork, import_into_draft
from .seeding import ready_to_serve, seeded_current


def _published(number):
    """Version ``number``, or the current one (seeding the default into an empty store)."""
    if not number:
        return seeded_current()
    db.upgrade_database()
    try:
        return store.get_version(db.get_session(), number)
    except store.VersionNotFound as exc:
        raise click.ClickException(str(exc)) from exc


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
    name = os.path.basename(path)
    default_path = current_app.config["DEFAULT_TAXONOMY_PATH"]
    try:
        if publish_now:
            store.ensure_seeded(session, default_path)
            version = drafts.publish_directly(
                session,
                read_document(path),
                actor=actor,
                channel="cli",
                change_note=note,
                action="publish",
                summary=lambda version: (
                    f"Published version {version.number} from {name} on the command line: {note}"
                ),
            )
        else:
            # Without --replace-draft, unpublished work in the draft is refused, not lost.
            revision = drafts.get_draft(session, default_path).revision if replace_draft else None
            imported = import_into_draft(
                session,
                Path(path).read_bytes(),
                source=name,
                actor=actor,
                channel="cli",
                expected_revision=revision,
                note=note,
                default_path=default_path,
            )
    except TaxonomyInvalid as exc:
        report_invalid(exc)
        click.echo("Nothing was changed.", err=True)
        sys.exit(1)
    except UnpublishedWork as exc:
        raise click.ClickException(
            f"{exc}. Nothing was changed. Publish or discard them first (admin review page), "
            "or add --replace-draft."
        ) from exc
    except store.NothingToPublish as exc:
        click.echo(f"{path} is {exc}.")
        return
    except (drafts.DraftConflict, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if publish_now:
        click.echo(f"Published version {version.number} ({version.sha256[:12]}).")
    else:
        if imported.converted:
            click.echo(
                f"{path} is in format 1 and was converted; what format 1 cannot say was "
                "taken from the draft. Check:",
                err=True,
            )
            for problem in imported.converted:
                click.echo(f"  {problem}", err=True)
        click.echo(
            f"The draft is now revision {imported.draft.revision}. Ask for review and publish "
            "it in the admin pages (/admin/review)."
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


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the tables and publish the shipped default guidance if nothing is published."""
    version = ready_to_serve()
    click.echo(
        f"Database ready at {db.display_url(current_app)}; published version {version.number}."
    )


COMMANDS = (import_command, export_command, classify_command, versions_command, init_db_command)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
