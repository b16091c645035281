"""``practice-guide check`` and ``practice-guide schema``: the format, on the command line."""

import json
import sys

import click

from .document import TaxonomyInvalid, read_document
from .json_schema import taxonomy_json_schema


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
    app.cli.add_command(schema_command)
