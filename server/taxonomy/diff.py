"""What changed between two taxonomy documents, in words an admin can review.

Items are matched by ``id`` within each list, so a renamed id reads as one item removed
and another added. Optional fields compare as empty: an absent ``checklist`` equals ``[]``,
an absent ``notice`` equals None. Changed text comes with its changes word by word
(``words``), so that a reviewer sees the one added sentence in two long paragraphs.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from .rules import SINGULAR

# Document order of the sections, and of the fields within an item (docs/taxonomy-format.md).
SECTIONS = (
    "schema_version",
    "meta",
    "jurisdictions",
    "profiles",
    "groups",
    "categories",
    "cautions",
    "references",
    "sites",
)
FIELDS = {
    "meta": ("title", "publisher", "reviewed", "next_review", "language", "notice"),
    "jurisdictions": ("id", "name", "parent", "emergency"),
    "profiles": ("id", "question", "help"),
    "groups": ("id", "name", "description"),
    "categories": (
        "id",
        "name",
        "groups",
        "mode",
        "mode_note",
        "summary",
        "benefits",
        "cautions",
        "questions",
        "checklist",
        "references",
    ),
    "cautions": (
        "id",
        "title",
        "headline",
        "action",
        "detail",
        "severity",
        "stage",
        "force",
        "basis",
        "reviewed",
        "review_by",
        "jurisdictions",
        "applies_if",
        "references",
    ),
    "references": ("id", "title", "publisher", "kind", "year", "accessed", "url"),
    "sites": ("id", "name", "patterns", "exclude", "categories", "cautions", "uses"),
}
# The field that names an item for people; the id when it has none.
LABEL_FIELDS = {
    "jurisdictions": "name",
    "profiles": "question",
    "groups": "name",
    "categories": "name",
    "cautions": "title",
    "references": "title",
    "sites": "name",
}
META_LABEL = "Document details"
KINDS = ("added", "removed", "changed")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``field`` is None when a whole item was added or removed.

    ``old`` and ``new`` are display text (lists one item per line), None for nothing.
    For list fields, ``added_items`` and ``removed_items`` hold what only one side has,
    and ``reordered`` is True when the same items only changed places. ``words`` is the
    change word by word, for a changed text (or a list with one entry changed), as
    ``(kind, text)`` with kind ``same``, ``removed`` or ``added``; empty otherwise.
    """

    section: str
    item_id: str | None
    label: str
    kind: str
    field: str | None
    old: str | None
    new: str | None
    added_items: tuple[str, ...] = ()
    removed_items: tuple[str, ...] = ()
    reordered: bool = False
    words: tuple[tuple[str, str], ...] = ()


def diff_taxonomies(old: dict, new: dict) -> list[Change]:
    """Every difference between two valid documents, in document order."""
    changes: list[Change] = []
    if old.get("schema_version") != new.get("schema_version"):
        changes.append(
            Change(
                "schema_version",
                None,
                "Schema version",
                "changed",
                "schema_version",
                _text(old.get("schema_version")),
                _text(new.get("schema_version")),
            )
        )
    changes.extend(_field_changes("meta", None, META_LABEL, old.get("meta"), new.get("meta")))
    for section in SECTIONS[2:]:
        changes.extend(_section_changes(section, old.get(section) or [], new.get(section) or []))
    return changes


def _section_changes(section: str, old_items: list, new_items: list) -> list[Change]:
    old_by_id = {item["id"]: item for item in old_items}
    new_by_id = {item["id"]: item for item in new_items}
    changes = []

    kept_old = [item for item in old_items if item["id"] in new_by_id]
    kept_new = [item for item in new_items if item["id"] in old_by_id]
    if [item["id"] for item in kept_old] != [item["id"] for item in kept_new]:
        changes.append(
            Change(
                section,
                None,
                section.capitalize(),
                "changed",
                "order",
                _lines([_label(section, item) for item in kept_old]),
                _lines([_label(section, item) for item in kept_new]),
                reordered=True,
            )
        )

    # A removed item is reported after the surviving item it followed in the old list.
    removed_after: dict[str | None, list[dict]] = {}
    previous = None
    for item in old_items:
        if item["id"] in new_by_id:
            previous = item["id"]
        else:
            removed_after.setdefault(previous, []).append(item)

    def removed(after):
        for item in removed_after.get(after, ()):
            label = _label(section, item)
            changes.append(
                Change(section, item["id"], label, "removed", None, _render(section, item), None)
            )

    removed(None)
    for item in new_items:
        label = _label(section, item)
        before = old_by_id.get(item["id"])
        if before is None:
            changes.append(
                Change(section, item["id"], label, "added", None, None, _render(section, item))
            )
            continue
        changes.extend(_field_changes(section, item["id"], label, before, item))
        removed(item["id"])
    return changes


def _field_changes(section, item_id, label, old: dict | None, new: dict | None) -> list[Change]:
    old, new = old or {}, new or {}
    changes = []
    for field in _fields(section, old, new):
        before, after = old.get(field), new.get(field)
        if isinstance(before, list) or isinstance(after, list):
            before, after = before or [], after or []
            if before == after:
                continue
            before, after = [_text(value) for value in before], [_text(value) for value in after]
            added, removed = _only_in(after, before), _only_in(before, after)
            changes.append(
                Change(
                    section,
                    item_id,
                    label,
                    "changed",
                    field,
                    _lines(before),
                    _lines(after),
                    added_items=added,
                    removed_items=removed,
                    reordered=Counter(before) == Counter(after),
                    # One entry rewritten: show how, as for a text.
                    words=word_diff(removed[0], added[0])
                    if len(added) == len(removed) == 1
                    else (),
                )
            )
        elif before != after:
            old_text, new_text = _text(before), _text(after)
            words = word_diff(old_text, new_text) if isinstance(before, str) else ()
            changes.append(
                Change(section, item_id, label, "changed", field, old_text, new_text, words=words)
            )
    return changes


_WORD = re.compile(r"\s+|[^\s]+")


def word_diff(old: str | None, new: str | None) -> tuple[tuple[str, str], ...]:
    """``old`` to ``new`` word by word: ``(kind, text)`` runs, kind ``same``, ``removed``
    or ``added``, spaces kept, so that the ``same`` and ``removed`` runs spell ``old``
    and the ``same`` and ``added`` runs spell ``new``. Empty when either is missing."""
    if old is None or new is None:
        return ()
    before, after = _WORD.findall(old), _WORD.findall(new)
    runs: list[list[str]] = []

    def put(kind, tokens):
        if not tokens:
            return
        if runs and runs[-1][0] == kind:
            runs[-1][1] += "".join(tokens)
        else:
            runs.append([kind, "".join(tokens)])

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("same", before[i1:i2])
        else:
            put("removed", before[i1:i2])
            put("added", after[j1:j2])
    return tuple((kind, text) for kind, text in runs)


def _fields(section: str, *items: dict) -> list[str]:
    """The known fields in format order, then any others in order of appearance."""
    fields = list(FIELDS.get(section, ()))
    for item in items:
        fields.extend(key for key in item if key not in fields)
    return fields


def _only_in(items: list[str], others: list[str]) -> tuple[str, ...]:
    """The items of ``items`` that ``others`` lacks, counting repeats, in order."""
    spare = Counter(others)
    result = []
    for value in items:
        if spare[value]:
            spare[value] -= 1
        else:
            result.append(value)
    return tuple(result)


def _label(section: str, item: dict) -> str:
    return str(item.get(LABEL_FIELDS.get(section, "id")) or item["id"])


def _text(value) -> str | None:
    """A value as one line: an object (a citation, a site's use, an emergency contact)
    as its members, ``ref: aca-code-2014; section: H.2.a``."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(member)}" for key, member in value.items())
    if isinstance(value, list):
        return ", ".join(_text(member) for member in value) or "(none)"
    return None if value is None else str(value)


def _lines(values: list[str]) -> str | None:
    return "\n".join(values) if values else None


def _render(section: str, item: dict) -> str:
    """An item as "Field: value" lines; list fields as indented "- value" lines."""
    lines = []
    for field in _fields(section, item):
        if field not in item:
            continue
        value = item[field]
        name = _field_name(field)
        if isinstance(value, list):
            lines.append(f"{name}:" if value else f"{name}: (none)")
            lines.extend(f"  - {_text(entry)}" for entry in value)
        else:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def _field_name(field: str) -> str:
    return "Id" if field == "id" else field.replace("_", " ").capitalize()


# --- Summary ---------------------------------------------------------------------------


def summarize(changes: list[Change]) -> str:
    """One line such as "2 cautions changed, 1 site added, 1 reference removed".

    Changed things come first, then added, then removed; each in document order.
    Items are counted once however many of their fields changed.
    """
    if not changes:
        return "No changes"
    phrases = []
    for kind in ("changed", "added", "removed"):
        for section in SECTIONS:
            of_kind = [
                change for change in changes if change.section == section and change.kind == kind
            ]
            if not of_kind:
                continue
            if section == "schema_version":
                phrases.append("schema version changed")
                continue
            if section == "meta":
                phrases.append("document details changed")
                continue
            items = {change.item_id for change in of_kind if change.item_id is not None}
            if items:
                noun = SINGULAR[section] if len(items) == 1 else section
                phrases.append(f"{len(items)} {noun} {kind}")
            if any(change.field == "order" for change in of_kind):
                phrases.append(f"{section} reordered")
    return ", ".join(phrases)
