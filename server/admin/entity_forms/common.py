"""What every editor shares: the form's state, reading submitted values, and finding
items and the items that refer to them in the document."""

import unicodedata
from dataclasses import dataclass, field

from ...taxonomy.diff import LABEL_FIELDS
from ...taxonomy.document import TaxonomyInvalid, validate_document
from ...taxonomy.rules import cited, item_references

# Ids a new item may not take: /admin/cautions/new is the form for a new caution.
RESERVED_IDS = frozenset({"new"})


@dataclass
class FormState:
    """What a form shows: its values, the problems next to fields, and the summary
    at the top, which lists every problem as (field or None, message)."""

    values: dict
    errors: dict = field(default_factory=dict)
    summary: list = field(default_factory=list)

    def add(self, name, message, label):
        self.errors.setdefault(name, []).append(message)
        self.summary.append((name, f"{label}: {message}"))

    @property
    def invalid(self):
        return bool(self.summary)


# --- Reading form values ------------------------------------------------------------------


def clean_text(value):
    """Text as the document keeps it: trimmed, NFC, line breaks as "\\n"."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value.strip())


def clean_lines(value):
    """One item per line; blank lines do not count."""
    return [line for line in (clean_text(part) for part in clean_text(value).split("\n")) if line]


def chosen(form, name):
    """The ticked values of a checkbox group, each once, in the order sent."""
    return list(dict.fromkeys(clean_text(value) for value in form.getlist(name)))


# --- Looking things up --------------------------------------------------------------------


def find(document, section, item_id):
    """The index of the item with ``item_id`` in ``section``, or None."""
    for index, item in enumerate(document.get(section, [])):
        if item.get("id") == item_id:
            return index
    return None


def label_of(section, item):
    return str(item.get(LABEL_FIELDS.get(section, "id")) or item.get("id"))


def options(document, section):
    """(id, label) of every item in ``section``, for a group of checkboxes or a select."""
    return [(item["id"], item[LABEL_FIELDS[section]]) for item in document[section]]


def users_of(document, section, item_id):
    """{section: [items listing ``item_id``]} for every list that refers to ``section``."""
    users = {}
    for source, name, target in item_references():
        if target == section:
            listing = [item for item in document[source] if item_id in cited(item.get(name, []))]
            if listing:
                users.setdefault(source, []).extend(listing)
    return users


def problems_in(document):
    """The validator's problems with ``document``, or [] when it is valid."""
    try:
        validate_document(document)
    except TaxonomyInvalid as exc:
        return exc.problems
    return []


def matches(query, *texts):
    """The list filter: ``query`` found in any of ``texts``, ignoring case."""
    needle = query.casefold().strip()
    return not needle or any(needle in str(text).casefold() for text in texts)
