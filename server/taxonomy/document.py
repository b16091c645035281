"""Reading and validating taxonomy documents, and turning errors into readable problems."""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from marshmallow import ValidationError

from .schemas import MAX_DOCUMENT_BYTES, reference_errors, taxonomy_schema


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a path such as ``categories[3].cautions[1]``."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class TaxonomyInvalid(ValueError):
    """A document that is not valid guidance; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the taxonomy document")

    def as_error_dict(self):
        """Problems grouped by path, as the API's ``errors`` member."""
        grouped = {}
        for problem in self.problems:
            grouped.setdefault(problem.path or "_document", []).append(problem.message)
        return grouped


def flatten_errors(messages, prefix=""):
    """Turn marshmallow's nested error dict into a flat list of Problems."""
    if isinstance(messages, (list, tuple)):
        problems = []
        for message in messages:
            if isinstance(message, (dict, list)):
                problems.extend(flatten_errors(message, prefix))
            else:
                problems.append(Problem(prefix, str(message)))
        return problems
    if isinstance(messages, dict):
        problems = []
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            problems.extend(flatten_errors(value, path))
        return problems
    return [Problem(prefix, str(messages))]


def validate_document(document):
    """Validate a parsed document; return it normalised or raise TaxonomyInvalid."""
    if not isinstance(document, dict):
        raise TaxonomyInvalid([Problem("", "The document must be a JSON object.")])
    problems = []
    try:
        taxonomy_schema.load(document)
    except ValidationError as exc:
        problems.extend(flatten_errors(exc.messages))
    problems.extend(flatten_errors(reference_errors(document)))
    if problems:
        raise TaxonomyInvalid(sorted(set(problems), key=_document_order))
    # Serve what the author wrote (key order, dates as strings): validation only checks it.
    return document


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
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise TaxonomyInvalid([Problem("", f"The document is not UTF-8: {exc.reason}.")]) from exc
    except json.JSONDecodeError as exc:
        raise TaxonomyInvalid(
            [Problem("", f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).")]
        ) from exc
    return validate_document(document)


_SECTION_ORDER = ("schema_version", "meta", "jurisdictions", "groups", "categories", "cautions")


def _document_order(problem):
    """Sort problems as they appear in a document: by section, then item index."""
    head = problem.path.split(".")[0].split("[")[0]
    rank = _SECTION_ORDER.index(head) if head in _SECTION_ORDER else len(_SECTION_ORDER)
    numbers = tuple(int(n) for n in re.findall(r"\[(\d+)\]", problem.path))
    return (rank, head, numbers, problem.path, problem.message)


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
