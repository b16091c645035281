"""Reading and validating taxonomy documents, and turning errors into readable problems."""

import hashlib
import json
from pathlib import Path

from marshmallow import ValidationError

from . import format1, strict_json
from .convert import upgrade
from .problems import Problem, TaxonomyInvalid, document_order, flatten_errors
from .rules import reference_errors
from .schemas import MAX_DOCUMENT_BYTES, SCHEMA_VERSION, taxonomy_schema


def validate_document(document):
    """Validate a parsed document in the current format; return it as it is, or raise
    TaxonomyInvalid."""
    return _validate(document, taxonomy_schema, None)


def validate_format1(document):
    """Validate a parsed document in format 1 (see ``format1``)."""
    return _validate(document, format1.taxonomy_schema, format1.RULES)


def _validate(document, schema, rules):
    if not isinstance(document, dict):
        raise TaxonomyInvalid([Problem("", "The document must be a JSON object.")])
    problems = []
    try:
        schema.load(document)
    except ValidationError as exc:
        problems.extend(flatten_errors(exc.messages))
    problems.extend(flatten_errors(reference_errors(document, rules)))
    if problems:
        raise TaxonomyInvalid(sorted(set(problems), key=document_order))
    # Serve what the author wrote (key order, dates as strings): validation only checks it.
    return document


def schema_version_of(document):
    """The format a parsed document says it is in (None if it says nothing usable)."""
    version = document.get("schema_version") if isinstance(document, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def parse_document(raw):
    """Parse and validate the bytes (or text) of a taxonomy document."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise TaxonomyInvalid(
            [
                Problem(
                    "",
                    f"The document is {len(raw):,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}.",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TaxonomyInvalid([Problem("", f"The document is not UTF-8: {exc.reason}.")]) from exc
    try:
        # Strict: a key given twice, NaN, deep nesting and endless numbers are refused.
        document = strict_json.loads(text)
    except strict_json.JSONProblem as exc:
        raise TaxonomyInvalid([Problem("", str(exc))]) from exc
    if schema_version_of(document) == format1.SCHEMA_VERSION:
        return _from_format1(document)
    return validate_document(document)


def _from_format1(document):
    """A format 1 document, converted; refused with what a person must write, if any."""
    validate_format1(document)
    upgraded, to_write = upgrade(document)
    try:
        return validate_document(upgraded)
    except TaxonomyInvalid as exc:
        # "Missing data" where the list already says what to write there says nothing more.
        listed = {problem.path for problem in to_write}
        others = {problem for problem in exc.problems if problem.path not in listed}
        problems = sorted(set(to_write) | others, key=document_order)
    raise TaxonomyInvalid(
        [
            Problem(
                "",
                f"This is a format 1 document. Format {SCHEMA_VERSION} needs what only a "
                "person can write: `practice-guide upgrade-format FILE OUT` writes the "
                "converted file, then fill in what is listed here and import that.",
            ),
            *problems,
        ]
    )


def read_document(path):
    """Read and validate a taxonomy file."""
    return parse_document(Path(path).read_bytes())


def canonical_json(document):
    """The exact text stored and served for a document: compact, UTF-8, key order kept."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pretty_json(document):
    """The form used for files people read and diff."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
