"""The taxonomy: the guidance format and what can be read from a document.

- ``schemas``: the format, defined once in marshmallow;
- ``document``: parsing and validating a whole document, its problems with their paths,
  canonical JSON and its hash;
- ``json_schema``: the format published as a JSON Schema;
- ``diff``: what changed between two documents, in words;
- ``views``: categories with their cautions, references and sites spelled out;
- ``cli``: ``practice-guide check`` and ``schema``.

Nothing here knows about Flask or the database, except the CLI commands.
"""


def init_app(app):
    from . import cli

    cli.init_app(app)
