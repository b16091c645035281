"""``practice-guide check`` and ``practice-guide schema``: the format, on the command line."""

import json
import sys
from pathlib import Path

import click

from . import format1, strict_json
from .convert import upgrade
from .document import (
    TaxonomyInvalid,
    pretty_json,
    read_document,
    schema_version_of,
    validate_document,
    validate_format1,
)
from .json_schema import taxonomy_json_schema
from .schemas import SCHEMA_VERSION


def report_invalid(exc):
    """Print every problem of an invalid document with its path, to standard error."""
    click.secho(f"{exc}:", fg="red", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)


@click.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def check_command(path):
    """Validate a taxonomy file and print every problem with its path."""
    try:
        document = read_document(path)
    except TaxonomyInvalid as exc:
        report_invalid(exc)
        sys.exit(1)
    click.echo(
        f"{path}: valid ({len(document['categories'])} categories, "
        f"{len(document['cautions'])} cautions, {len(document['sites'])} sites)."
    )


@click.command("upgrade-format")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.argument("out", type=click.Path(dir_okay=False, writable=True), required=False)
def upgrade_format_command(path, out):
    """Convert a format 1 taxonomy file to the current format and list what to write in.

    What can be derived is (the old text becomes the detail, a short title the headline);
    each caution's action, stage, force and basis, and each reference's kind, only a
    person can say: they are left out of OUT and listed. Fill them in, then check and
    import OUT.
    """
    try:
        document = strict_json.loads(Path(path).read_bytes())
    except strict_json.JSONProblem as exc:
        raise click.ClickException(f"{path}: {exc}") from exc
    if schema_version_of(document) != format1.SCHEMA_VERSION:
        raise click.ClickException(
            f"{path} is not a format 1 document (its schema_version is "
            f"{document.get('schema_version') if isinstance(document, dict) else None!r})."
        )
    try:
        validate_format1(document)
    except TaxonomyInvalid as exc:
        report_invalid(exc)
        click.echo("Fix these in the format 1 file first; nothing was written.", err=True)
        sys.exit(1)
    upgraded, to_write = upgrade(document)
    text = pretty_json(upgraded)
    if out in (None, "-"):
        click.echo(text, nl=False)
    else:
        Path(out).write_text(text, encoding="utf-8")
    try:
        validate_document(upgraded)
    except TaxonomyInvalid as exc:
        listed = {problem.path for problem in to_write}
        to_write += [problem for problem in exc.problems if problem.path not in listed]
    if to_write:
        click.echo(
            f"Converted to format {SCHEMA_VERSION}; {len(to_write)} things to write in "
            f"before it can be imported:",
            err=True,
        )
        for problem in to_write:
            click.echo(f"  {problem}", err=True)
        return
    click.echo(f"Converted to format {SCHEMA_VERSION}; it is valid as it is.", err=True)


@click.command("schema")
@click.argument("path", type=click.Path(dir_okay=False, writable=True), required=False)
def schema_command(path):
    """Write the taxonomy's JSON Schema to PATH (or standard output)."""
    text = json.dumps(taxonomy_json_schema(), indent=2) + "\n"
    if path in (None, "-"):
        click.echo(text, nl=False)
    else:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def init_app(app):
    app.cli.add_command(check_command)
    app.cli.add_command(upgrade_format_command)
    app.cli.add_command(schema_command)
