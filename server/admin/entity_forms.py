"""The editing forms and the taxonomy document, without Flask.

Each editor reads a submitted form into plain values (with the checks a form can make
by itself, such as "the year is a number"), applies them to a copy of the document,
and says which document paths belong to which form field, so that the validator's
problems (``cautions[4].text``) come back next to the field that caused them. The
rules themselves stay in the marshmallow schemas: the views validate the whole new
document with them.

A form is anything with ``get(name)`` and ``getlist(name)``, such as werkzeug's MultiDict.
"""

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from ..diff import LABEL_FIELDS
from ..schemas import MODES, REFERENCES, SEVERITIES
from ..taxonomy import TaxonomyInvalid, validate_document

SINGULAR = {
    "jurisdictions": "jurisdiction",
    "groups": "group",
    "categories": "category",
    "cautions": "caution",
    "references": "reference",
    "sites": "site",
}
# Lists a document may leave out; they stay as they are when they become empty.
OPTIONAL_LISTS = {
    ("categories", "checklist"),
    ("cautions", "jurisdictions"),
    ("cautions", "references"),
    ("sites", "cautions"),
}
# How each list field is edited, for wording its problems: ticked ids or typed lines.
LIST_KINDS = {
    "categories": {
        "groups": "choices",
        "benefits": "lines",
        "cautions": "choices",
        "questions": "lines",
        "checklist": "lines",
        "references": "choices",
    },
    "cautions": {"jurisdictions": "choices", "references": "choices"},
    "sites": {"patterns": "lines", "categories": "choices", "cautions": "choices"},
}
# Ids a new item may not take: /admin/cautions/new is the form for a new caution.
RESERVED_IDS = frozenset({"new"})
MODE_LABELS = {
    "synchronous": "Synchronous: at the same time, like a call",
    "asynchronous": "Asynchronous: messages read and answered later",
    "both": "Both",
}
SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
_POSITION = re.compile(r"[0-9]{1,4}")
_YEAR = re.compile(r"-?[0-9]{1,6}")


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


def _ordered(previous, ticked):
    """Keep the order of what was already listed; add newly ticked ones after it."""
    ticked_set = set(ticked)
    kept = [value for value in previous if value in ticked_set]
    return kept + [value for value in ticked if value not in set(kept)]


def _set_list(item, section, name, values):
    """Set a list field; an optional list that was left out stays out while empty."""
    if not values and name not in item and (section, name) in OPTIONAL_LISTS:
        return
    item[name] = values


def _toggle(item, section, name, value, on):
    """Add ``value`` to (at the end) or remove it from the list ``item[name]``."""
    current = list(item.get(name, []))
    if on and value not in current:
        _set_list(item, section, name, [*current, value])
    elif not on and value in current:
        _set_list(item, section, name, [entry for entry in current if entry != value])


# --- Looking things up --------------------------------------------------------------------


def find(document, section, item_id):
    """The index of the item with ``item_id`` in ``section``, or None."""
    for index, item in enumerate(document.get(section, [])):
        if item.get("id") == item_id:
            return index
    return None


def label_of(section, item):
    return str(item.get(LABEL_FIELDS.get(section, "id")) or item.get("id"))


def users_of(document, section, item_id):
    """{section: [items listing ``item_id``]} for every list that refers to ``section``."""
    users = {}
    for source, name, target in REFERENCES:
        if target == section:
            listing = [item for item in document[source] if item_id in item.get(name, [])]
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


# --- Problems back to fields --------------------------------------------------------------

_LENGTH = re.compile(r"(Shorter than minimum|Longer than maximum) length (\d+)\.")
_BETWEEN = re.compile(r"Length must be between (\d+) and (\d+)\.")
_RANGE = re.compile(r"Must be greater than or equal to (\d+) and less than or equal to (\d+)\.")
_PLAIN = {
    "Missing data for required field.": "This is required.",
    "Not a valid date.": "Not a valid date: use the form 2026-01-31.",
    "Not a valid URL.": "Not a valid web address: it must start with https://.",
    "Not a BCP 47 tag.": "Not a language code: use one such as en-GB or fr.",
}
_PATH = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?(?P<rest>.*)$")


def friendly(message, kind="text", size=None):
    """A validator message in words for the kind of field (text, lines or choices);
    ``size`` is the length of the value it is about, when known."""
    if message in _PLAIN:
        return _PLAIN[message]
    if kind == "choice" and message.startswith("Must be one of:"):
        return "Choose one of the options."
    limits = _limits(message)
    if limits:
        low, high = limits
        if size is None:
            # Blank text is reported as blank before its length is checked.
            if high is not None and (low is None or kind == "text"):
                return _too_many(kind, high, size)
            if low is not None and high is None:
                return _too_few(kind, low)
            return _between(kind, low, high)
        if low is not None and size < low:
            return _too_few(kind, low)
        if high is not None and size > high:
            return _too_many(kind, high, size)
        return _between(kind, low, high)
    found = _RANGE.fullmatch(message)
    if found:
        return f"Must be between {found.group(1)} and {found.group(2)}."
    return message


def _limits(message):
    """(least, most) from marshmallow's Length messages, or None."""
    found = _LENGTH.fullmatch(message)
    if found:
        limit = int(found.group(2))
        return (limit, None) if found.group(1).startswith("Shorter") else (None, limit)
    found = _BETWEEN.fullmatch(message)
    if found:
        return int(found.group(1)), int(found.group(2))
    return None


def _too_few(kind, low):
    if kind == "lines":
        return f"Give at least {low}, one per line."
    if kind == "choices":
        return f"Choose at least {low}."
    return "Must not be blank." if low == 1 else f"Too short: use at least {low} characters."


def _too_many(kind, high, size):
    if kind == "lines":
        return f"Too many lines: at most {high}" + (f"; this has {size}." if size else ".")
    if kind == "choices":
        return f"Too many chosen: at most {high}" + (f"; this has {size}." if size else ".")
    return f"Too long: use at most {high} characters" + (f"; this has {size}." if size else ".")


def _between(kind, low, high):
    if kind == "lines":
        return f"Give {low} to {high}, one per line."
    if kind == "choices":
        return f"Choose {low} to {high}."
    return f"Must be {low} to {high} characters long."


def value_at(document, path):
    """The value at a problem's path, such as ``categories[2].benefits[0]``, or None."""
    value = document
    for name, index in re.findall(r"\.?([a-z_]+)|\[(\d+)\]", path):
        try:
            value = value[name] if name else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _size(document, path):
    value = value_at(document, path)
    return len(value) if isinstance(value, (str, list)) else None


def describe_problem(document, problem):
    """A problem with an item the form does not show, named so that people find it."""
    found = _PATH.match(problem.path)
    if not found:
        return f"{problem.path}: {problem.message}" if problem.path else problem.message
    section, name, rest = found["section"], found["field"], found["rest"]
    items = document.get(section) or []
    index = int(found["index"])
    if section not in SINGULAR or index >= len(items) or not isinstance(items[index], dict):
        return f"{problem.path}: {problem.message}"
    noun = SINGULAR[section]
    who = f"The {noun} '{label_of(section, items[index])}'"
    if name == "id" and "is not used by" in problem.message:
        users = "a category or a site" if section == "cautions" else "a category or a caution"
        return (
            f"{who} would no longer be used anywhere, and every {noun} must be used by "
            f"{users}. Delete it, or add it to one, first."
        )
    kind = LIST_KINDS.get(section, {}).get(name, "text")
    limits = _limits(problem.message)
    size = _size(document, problem.path)
    if _emptied(document, problem):
        return _emptied_message(section, name, [label_of(section, items[index])])
    if limits and kind != "text" and not rest and size is not None:
        high = limits[1]
        if high is not None and size > high:
            return f"{who} would list {size} {name}, more than the {high} it may have."
    where = f"{who}, {name.replace('_', ' ')}" if name else who
    return f"{where}: {friendly(problem.message, kind if not rest else 'text', size)}"


def explain_problems(document, problems):
    """Every problem in words; items that would all be left with an empty list (deleting
    the only caution of several categories) are named together in one message."""
    messages, emptied = [], {}
    for problem in problems:
        shortage = _emptied(document, problem)
        if shortage is None:
            messages.append(describe_problem(document, problem))
            continue
        key = shortage[:2]
        if key not in emptied:
            emptied[key] = []
            messages.append(key)
        emptied[key].append(shortage[2])
    return [
        _emptied_message(*entry, emptied[entry]) if isinstance(entry, tuple) else entry
        for entry in messages
    ]


def _emptied(document, problem):
    """(section, field, item label) when the problem is a required list left empty."""
    found = _PATH.match(problem.path)
    if (
        not found
        or found["rest"]
        or LIST_KINDS.get(found["section"], {}).get(found["field"], "text") == "text"
    ):
        return None
    limits = _limits(problem.message)
    if not limits or limits[0] is None or _size(document, problem.path) != 0:
        return None
    item = value_at(document, f"{found['section']}[{found['index']}]")
    if not isinstance(item, dict):
        return None
    return found["section"], found["field"], label_of(found["section"], item)


def _emptied_message(section, name, labels):
    noun, what = SINGULAR[section], name.replace("_", " ")
    if len(labels) == 1:
        return (
            f"The {noun} '{labels[0]}' would be left without any {what}, and every {noun} "
            f"needs at least one. Give it another first."
        )
    names = ", ".join(f"'{label}'" for label in labels)
    return (
        f"These {section} would be left without any {what}: {names}. Every {noun} needs at "
        f"least one; give them another first."
    )


class Editor:
    """One kind of form. Subclasses say how to show an item, read the form back,
    and apply it to a document."""

    section = ""
    noun = ""
    # form field -> (label, kind): kind is text, choice, lines or choices
    fields: dict = {}

    def label(self, name):
        return self.fields.get(name, (name.replace("_", " ").capitalize(), "text"))[0]

    def kind(self, name):
        return self.fields.get(name, ("", "text"))[1]

    def message(self, name, rest, message, size=None):
        """A problem's words for the field ``name``; ``rest`` is the path inside it and
        ``size`` the length of the value the problem is about."""
        line = re.fullmatch(r"\[(\d+)\].*", rest)
        if line and self.kind(name) == "lines":
            return f"Line {int(line.group(1)) + 1}: {friendly(message, 'text', size)}"
        return friendly(message, "text" if line else self.kind(name), size)

    def place(self, state, problems, targets, document):
        """Put each problem next to its field, or in the summary when it has none."""
        ordered = sorted(targets, key=lambda target: len(target[0]), reverse=True)
        others = []
        for problem in problems:
            for prefix, name in ordered:
                path = problem.path
                if path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".["):
                    state.add(
                        name,
                        self.message(
                            name, path[len(prefix) :], problem.message, _size(document, path)
                        ),
                        self.label(name),
                    )
                    break
            else:
                others.append(problem)
        # The form's own fields first: they are what the person can fix right here.
        state.summary.extend((None, message) for message in explain_problems(document, others))

    def targets(self, index, names):
        return [(f"{self.section}[{index}].{name}", name) for name in names]

    def new_id(self, state, form, document):
        """Read and check the id of a new item (its format is the schema's to judge)."""
        item_id = clean_text(form.get("id"))
        state.values["id"] = item_id
        if not item_id:
            state.add("id", "Give an id: lower-case words joined by hyphens.", self.label("id"))
        elif item_id in RESERVED_IDS:
            state.add("id", f"'{item_id}' is reserved; choose another id.", self.label("id"))
        elif find(document, self.section, item_id) is not None:
            state.add(
                "id", f"There is already a {self.noun} with the id '{item_id}'.", self.label("id")
            )

    def start(self, document, item_id, values):
        """A copy of the document and the item to fill in: the existing one or a new one."""
        document = copy.deepcopy(document)
        if item_id is None:
            item = {"id": values["id"]}
            document[self.section].append(item)
            return document, item, len(document[self.section]) - 1
        index = find(document, self.section, item_id)
        if index is None:
            raise LookupError(f"There is no {self.noun} '{item_id}' in the draft.")
        return document, document[self.section][index], index


# --- Categories ---------------------------------------------------------------------------


class CategoryEditor(Editor):
    section, noun = "categories", "category"
    fields = {
        "name": ("Name", "text"),
        "groups": ("Groups", "choices"),
        "mode": ("Mode", "choice"),
        "mode_note": ("What the mode means in practice", "text"),
        "summary": ("Summary", "text"),
        "benefits": ("Benefits", "lines"),
        "cautions": ("Cautions", "choices"),
        "questions": ("Reflective questions", "lines"),
        "checklist": ("Checklist", "lines"),
        "references": ("References", "choices"),
    }
    TEXTS = ("name", "mode", "mode_note", "summary", "benefits", "questions", "checklist")

    def values_of(self, document, item_id):
        item = document["categories"][find(document, "categories", item_id)]
        values = {name: item.get(name, "") for name in ("name", "mode", "mode_note", "summary")}
        for name in ("benefits", "questions", "checklist"):
            values[name] = "\n".join(item.get(name, []))
        values["groups"] = list(item["groups"])
        values["references"] = list(item["references"])
        values["cautions"] = list(item["cautions"])
        values["positions"] = {cid: str(n) for n, cid in enumerate(item["cautions"], start=1)}
        return values

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in self.TEXTS}
        values["groups"] = chosen(form, "groups")
        values["references"] = chosen(form, "references")
        values["positions"] = {
            caution["id"]: clean_text(form.get(f"position-{caution['id']}"))
            for caution in document["cautions"]
        }
        state = FormState(values)
        ticked = chosen(form, "cautions")
        unreadable = [
            cid
            for cid in ticked
            if values["positions"].get(cid) and not _POSITION.fullmatch(values["positions"][cid])
        ]
        if unreadable:
            titles = {caution["id"]: caution["title"] for caution in document["cautions"]}
            names = ", ".join(f"'{titles.get(cid, cid)}'" for cid in unreadable)
            state.add(
                "cautions",
                f"A position must be a whole number, such as 3. Check {names}.",
                self.label("cautions"),
            )
        values["cautions"] = self.order(ticked, values["positions"]) if not unreadable else ticked
        return state

    @staticmethod
    def order(ticked, positions):
        """Ticked cautions by the position typed next to them; those without one go last,
        and ties keep the order of the page."""

        def key(entry):
            index, cid = entry
            raw = positions.get(cid, "")
            return (int(raw) if _POSITION.fullmatch(raw) else float("inf"), index)

        return [cid for _index, cid in sorted(enumerate(ticked), key=key)]

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        for name in ("name", "mode", "mode_note", "summary"):
            item[name] = values[name]
        item["groups"] = _ordered(item["groups"], values["groups"])
        for name in ("benefits", "questions", "checklist"):
            _set_list(item, "categories", name, clean_lines(values[name]))
        item["cautions"] = list(values["cautions"])
        item["references"] = _ordered(item["references"], values["references"])
        return document, self.targets(index, self.fields)

    def choices(self, document, values):
        """The groups and references to tick, and the caution rows: the chosen ones in
        their order first, then the others in document order."""
        cautions = {caution["id"]: caution for caution in document["cautions"]}
        picked = [cautions[cid] for cid in values.get("cautions", []) if cid in cautions]
        rest = [caution for caution in document["cautions"] if caution not in picked]
        return {
            "groups": [(group["id"], group["name"]) for group in document["groups"]],
            "modes": [(mode, MODE_LABELS[mode]) for mode in MODES],
            "references": [(ref["id"], ref["title"]) for ref in document["references"]],
            "caution_rows": picked + rest,
        }


# --- Cautions -----------------------------------------------------------------------------


class CautionEditor(Editor):
    section, noun = "cautions", "caution"
    fields = {
        "id": ("Id", "text"),
        "title": ("Title", "text"),
        "text": ("Text", "text"),
        "severity": ("Severity", "choice"),
        "jurisdictions": ("Applies in", "choices"),
        "references": ("References", "choices"),
        "used_by_categories": ("Shown in categories", "choices"),
        "used_by_sites": ("Shown on sites", "choices"),
    }

    def values_of(self, document, item_id):
        if item_id is None:
            return {
                "id": "",
                "title": "",
                "text": "",
                "severity": "",
                "jurisdictions": [],
                "references": [],
                "used_by_categories": [],
                "used_by_sites": [],
            }
        item = document["cautions"][find(document, "cautions", item_id)]
        users = users_of(document, "cautions", item_id)
        return {
            "id": item_id,
            "title": item["title"],
            "text": item["text"],
            "severity": item["severity"],
            "jurisdictions": list(item.get("jurisdictions", [])),
            "references": list(item.get("references", [])),
            "used_by_categories": [category["id"] for category in users.get("categories", [])],
            "used_by_sites": [site["id"] for site in users.get("sites", [])],
        }

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in ("title", "text", "severity")}
        for name in ("jurisdictions", "references", "used_by_categories", "used_by_sites"):
            values[name] = chosen(form, name)
        state = FormState(values)
        if item_id is None:
            self.new_id(state, form, document)
        else:
            values["id"] = item_id
        if not values["used_by_categories"] and not values["used_by_sites"]:
            state.add(
                "used_by_categories",
                "Choose at least one category or site: every caution must be shown somewhere.",
                "Shown in",
            )
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        for name in ("title", "text", "severity"):
            item[name] = values[name]
        for name in ("jurisdictions", "references"):
            _set_list(item, "cautions", name, _ordered(item.get(name, []), values[name]))
        caution_id = item["id"]
        for category in document["categories"]:
            on = category["id"] in values["used_by_categories"]
            _toggle(category, "categories", "cautions", caution_id, on)
        for site in document["sites"]:
            _toggle(site, "sites", "cautions", caution_id, site["id"] in values["used_by_sites"])
        targets = self.targets(
            index, ("id", "title", "text", "severity", "jurisdictions", "references")
        )
        if item_id is not None:
            targets = [target for target in targets if target[1] != "id"]
        return document, targets

    def choices(self, document, values):
        return {
            "severities": [(severity, SEVERITY_LABELS[severity]) for severity in SEVERITIES],
            "jurisdictions": [(item["id"], item["name"]) for item in document["jurisdictions"]],
            "references": [(ref["id"], ref["title"]) for ref in document["references"]],
            "categories": [(item["id"], item["name"]) for item in document["categories"]],
            "sites": [(site["id"], site["name"]) for site in document["sites"]],
        }


# --- References ---------------------------------------------------------------------------


class ReferenceEditor(Editor):
    section, noun = "references", "reference"
    fields = {
        "id": ("Id", "text"),
        "title": ("Title", "text"),
        "publisher": ("Publisher", "text"),
        "year": ("Year", "text"),
        "url": ("Web address", "text"),
        "cited_by_categories": ("Cited by categories", "choices"),
        "cited_by_cautions": ("Cited by cautions", "choices"),
    }

    def values_of(self, document, item_id):
        if item_id is None:
            return {
                "id": "",
                "title": "",
                "publisher": "",
                "year": "",
                "url": "",
                "cited_by_categories": [],
                "cited_by_cautions": [],
            }
        item = document["references"][find(document, "references", item_id)]
        users = users_of(document, "references", item_id)
        return {
            "id": item_id,
            "title": item["title"],
            "publisher": item["publisher"],
            "year": str(item["year"]),
            "url": item["url"],
            "cited_by_categories": [category["id"] for category in users.get("categories", [])],
            "cited_by_cautions": [caution["id"] for caution in users.get("cautions", [])],
        }

    def read(self, form, document, item_id):
        values = {
            name: clean_text(form.get(name)) for name in ("title", "publisher", "year", "url")
        }
        for name in ("cited_by_categories", "cited_by_cautions"):
            values[name] = chosen(form, name)
        state = FormState(values)
        if item_id is None:
            self.new_id(state, form, document)
        else:
            values["id"] = item_id
        if not _YEAR.fullmatch(values["year"]):
            state.add(
                "year",
                "Give the year of publication as a number, such as 2023.",
                self.label("year"),
            )
        if not values["cited_by_categories"] and not values["cited_by_cautions"]:
            state.add(
                "cited_by_categories",
                "Choose at least one category or caution: every reference must be cited.",
                "Cited by",
            )
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        for name in ("title", "publisher"):
            item[name] = values[name]
        item["year"] = int(values["year"])
        item["url"] = values["url"]
        ref_id = item["id"]
        for category in document["categories"]:
            on = category["id"] in values["cited_by_categories"]
            _toggle(category, "categories", "references", ref_id, on)
        for caution in document["cautions"]:
            on = caution["id"] in values["cited_by_cautions"]
            _toggle(caution, "cautions", "references", ref_id, on)
        targets = self.targets(index, ("id", "title", "publisher", "year", "url"))
        if item_id is not None:
            targets = [target for target in targets if target[1] != "id"]
        return document, targets

    def choices(self, document, values):
        return {
            "categories": [(item["id"], item["name"]) for item in document["categories"]],
            "cautions": [(item["id"], item["title"]) for item in document["cautions"]],
        }


# --- Sites --------------------------------------------------------------------------------


class SiteEditor(Editor):
    section, noun = "sites", "site"
    fields = {
        "id": ("Id", "text"),
        "name": ("Name", "text"),
        "patterns": ("Patterns", "lines"),
        "categories": ("Categories", "choices"),
        "cautions": ("Cautions for this site only", "choices"),
    }

    def values_of(self, document, item_id):
        if item_id is None:
            return {"id": "", "name": "", "patterns": "", "categories": [], "cautions": []}
        item = document["sites"][find(document, "sites", item_id)]
        return {
            "id": item_id,
            "name": item["name"],
            "patterns": "\n".join(item["patterns"]),
            "categories": list(item["categories"]),
            "cautions": list(item.get("cautions", [])),
        }

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in ("name", "patterns")}
        values["categories"] = chosen(form, "categories")
        values["cautions"] = chosen(form, "cautions")
        state = FormState(values)
        if item_id is None:
            self.new_id(state, form, document)
        else:
            values["id"] = item_id
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        item["name"] = values["name"]
        item["patterns"] = clean_lines(values["patterns"])
        item["categories"] = _ordered(item.get("categories", []), values["categories"])
        _set_list(item, "sites", "cautions", _ordered(item.get("cautions", []), values["cautions"]))
        targets = self.targets(index, self.fields)
        if item_id is not None:
            targets = [target for target in targets if target[1] != "id"]
        return document, targets

    def choices(self, document, values):
        return {
            "categories": [(item["id"], item["name"]) for item in document["categories"]],
            "cautions": [(item["id"], item["title"]) for item in document["cautions"]],
        }


# --- The document's details ---------------------------------------------------------------


class DetailsEditor(Editor):
    """meta, the jurisdictions (rename, add, remove unused) and the two groups' texts."""

    section, noun = "meta", "details"
    fields = {
        "title": ("Title", "text"),
        "publisher": ("Publisher", "text"),
        "reviewed": ("Last reviewed", "text"),
        "next_review": ("Next review due", "text"),
        "language": ("Language", "text"),
        "notice": ("Notice", "text"),
        "jurisdictions": ("Jurisdictions", "choices"),
        "new_jurisdiction_id": ("Id of the new jurisdiction", "text"),
        "new_jurisdiction_name": ("Name of the new jurisdiction", "text"),
    }
    META = ("title", "publisher", "reviewed", "next_review", "language", "notice")
    OPTIONAL_META = ("next_review", "notice")

    def label(self, name):
        found = re.fullmatch(r"(jurisdiction|group)-(.+)-(name|description)", name)
        if found:
            return f"{found[3].capitalize()} of the {found[1]} '{found[2]}'"
        return super().label(name)

    def values_of(self, document, item_id=None):
        values = {name: str(document["meta"].get(name, "")) for name in self.META}
        for item in document["jurisdictions"]:
            values[f"jurisdiction-{item['id']}-name"] = item["name"]
        for group in document["groups"]:
            values[f"group-{group['id']}-name"] = group["name"]
            values[f"group-{group['id']}-description"] = group["description"]
        values.update(remove_jurisdictions=[], new_jurisdiction_id="", new_jurisdiction_name="")
        return values

    def read(self, form, document, item_id=None):
        values = {name: clean_text(form.get(name)) for name in self.META}
        # A field the page did not have (a jurisdiction added meanwhile) keeps its value.
        for item in document["jurisdictions"]:
            name = f"jurisdiction-{item['id']}-name"
            values[name] = clean_text(form[name]) if name in form else item["name"]
        for group in document["groups"]:
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                values[name] = clean_text(form[name]) if name in form else group[part]
        values["remove_jurisdictions"] = chosen(form, "remove_jurisdictions")
        values["new_jurisdiction_id"] = clean_text(form.get("new_jurisdiction_id"))
        values["new_jurisdiction_name"] = clean_text(form.get("new_jurisdiction_name"))
        state = FormState(values)
        for jurisdiction_id in values["remove_jurisdictions"]:
            users = users_of(document, "jurisdictions", jurisdiction_id).get("cautions", [])
            if users:
                titles = ", ".join(f"'{caution['title']}'" for caution in users)
                state.add(
                    "jurisdictions",
                    f"'{jurisdiction_id}' cannot be removed while cautions use it: {titles}.",
                    self.label("jurisdictions"),
                )
        new_id, new_name = values["new_jurisdiction_id"], values["new_jurisdiction_name"]
        if new_id and not new_name:
            state.add(
                "new_jurisdiction_name",
                "Give the new jurisdiction a name.",
                self.label("new_jurisdiction_name"),
            )
        if new_name and not new_id:
            state.add(
                "new_jurisdiction_id",
                "Give the new jurisdiction an id, such as 'nz'.",
                self.label("new_jurisdiction_id"),
            )
        if new_id and find(document, "jurisdictions", new_id) is not None:
            state.add(
                "new_jurisdiction_id",
                f"There is already a jurisdiction '{new_id}'.",
                self.label("new_jurisdiction_id"),
            )
        return state

    def apply(self, document, item_id, values):
        document = copy.deepcopy(document)
        meta = document["meta"]
        for name in self.META:
            if name in self.OPTIONAL_META and not values[name]:
                meta.pop(name, None)
            else:
                meta[name] = values[name]
        targets = [(f"meta.{name}", name) for name in self.META]
        kept = []
        for item in document["jurisdictions"]:
            if item["id"] in values["remove_jurisdictions"]:
                continue
            name = f"jurisdiction-{item['id']}-name"
            item["name"] = values.get(name, item["name"])
            targets.append((f"jurisdictions[{len(kept)}].name", name))
            kept.append(item)
        if values["new_jurisdiction_id"]:
            index = len(kept)
            kept.append(
                {"id": values["new_jurisdiction_id"], "name": values["new_jurisdiction_name"]}
            )
            targets += [
                (f"jurisdictions[{index}].id", "new_jurisdiction_id"),
                (f"jurisdictions[{index}].name", "new_jurisdiction_name"),
            ]
        document["jurisdictions"] = kept
        targets.append(("jurisdictions", "jurisdictions"))
        for index, group in enumerate(document["groups"]):
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                group[part] = values.get(name, group[part])
                targets.append((f"groups[{index}].{part}", name))
        return document, targets

    def choices(self, document, values):
        return {
            "jurisdictions": [
                (item, bool(users_of(document, "jurisdictions", item["id"])))
                for item in document["jurisdictions"]
            ],
            "groups": document["groups"],
        }


CATEGORIES = CategoryEditor()
CAUTIONS = CautionEditor()
REFERENCE_EDITOR = ReferenceEditor()
SITES = SiteEditor()
DETAILS = DetailsEditor()


# --- Deleting -----------------------------------------------------------------------------


def delete_item(document, section, item_id):
    """A copy of ``document`` without the item, and without every mention of it."""
    document = copy.deepcopy(document)
    document[section] = [item for item in document[section] if item["id"] != item_id]
    for source, name, target in REFERENCES:
        if target != section:
            continue
        for item in document[source]:
            if item_id in item.get(name, []):
                _set_list(item, source, name, [entry for entry in item[name] if entry != item_id])
    return document


# --- List pages ---------------------------------------------------------------------------


def category_rows(document, query=""):
    groups = {group["id"]: group["name"] for group in document["groups"]}
    rows = []
    for item in document["categories"]:
        if not matches(query, item["id"], item["name"]):
            continue
        sites = users_of(document, "categories", item["id"]).get("sites", [])
        rows.append(
            {
                "id": item["id"],
                "name": item["name"],
                "groups": [groups.get(group, group) for group in item["groups"]],
                "mode": item["mode"],
                "cautions": len(item["cautions"]),
                "sites": len(sites),
            }
        )
    return rows


def caution_rows(document, query=""):
    jurisdictions = {item["id"]: item["name"] for item in document["jurisdictions"]}
    rows = []
    for item in document["cautions"]:
        if not matches(query, item["id"], item["title"]):
            continue
        users = users_of(document, "cautions", item["id"])
        rows.append(
            {
                "id": item["id"],
                "title": item["title"],
                "severity": item["severity"],
                "jurisdictions": [jurisdictions.get(j, j) for j in item.get("jurisdictions", [])],
                "categories": [category["name"] for category in users.get("categories", [])],
                "sites": [site["name"] for site in users.get("sites", [])],
            }
        )
    return rows


def reference_rows(document, query=""):
    rows = []
    for item in document["references"]:
        if not matches(query, item["id"], item["title"], item["publisher"]):
            continue
        users = users_of(document, "references", item["id"])
        rows.append(
            {
                "id": item["id"],
                "title": item["title"],
                "publisher": item["publisher"],
                "year": item["year"],
                "categories": [category["name"] for category in users.get("categories", [])],
                "cautions": [caution["title"] for caution in users.get("cautions", [])],
            }
        )
    return rows


def site_rows(document, query=""):
    names = {item["id"]: item["name"] for item in document["categories"]}
    rows = []
    for item in document["sites"]:
        if not matches(query, item["id"], item["name"]):
            continue
        rows.append(
            {
                "id": item["id"],
                "name": item["name"],
                "patterns": item["patterns"],
                "categories": [names.get(category, category) for category in item["categories"]],
                "cautions": len(item.get("cautions", [])),
            }
        )
    return rows


# --- The audit summary --------------------------------------------------------------------


def audit_summary(verb, section, item_id, changes):
    """One line naming what changed, e.g. "Edited caution 'x' (text); also changed
    category 'video' (cautions)". ``changes`` is server.diff's list."""
    touched = {}
    for change in changes:
        if change.item_id is None and change.section != "meta":
            continue
        key = (change.section, change.item_id)
        entry = touched.setdefault(key, {"kind": change.kind, "fields": []})
        if change.field and change.field not in entry["fields"]:
            entry["fields"].append(change.field)
    if section == "meta":
        main = touched.pop(("meta", None), None)
        head = f"{verb} the document details"
        if main and main["fields"]:
            head += f" ({', '.join(main['fields'])})"
    else:
        main = touched.pop((section, item_id), None)
        head = f"{verb} {SINGULAR[section]} '{item_id}'"
        if verb == "Edited" and main and main["fields"]:
            head += f" ({', '.join(main['fields'])})"
    others = []
    for (other_section, other_id), entry in touched.items():
        what = f"{entry['kind']} {SINGULAR.get(other_section, other_section)} '{other_id}'"
        if entry["kind"] == "changed" and entry["fields"]:
            what += f" ({', '.join(entry['fields'])})"
        others.append(what)
    if others:
        head += "; also " + ", ".join(others)
    return head
