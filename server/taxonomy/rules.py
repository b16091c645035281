"""The rules between a document's items that JSON Schema cannot state, as
``shared/taxonomy-rules.json`` lists them (the extension reads the same table): ids are
unique and resolve, required ids exist, every caution, reference and profile is used,
dates are in order, and jurisdictions form a tree.

Runs on the raw document even when fields are invalid, so that one check reports every
problem at once; malformed items are skipped here (the field errors cover them).
"""

import datetime
import functools
import json

from ..config import REPO_ROOT

RULES_PATH = REPO_ROOT / "shared" / "taxonomy-rules.json"

SINGULAR = {
    "jurisdictions": "jurisdiction",
    "profiles": "profile",
    "groups": "group",
    "categories": "category",
    "cautions": "caution",
    "references": "reference",
    "sites": "site",
    "uses": "use",
}


@functools.cache
def rules():
    """The shared table, read once."""
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def required_ids(section):
    """The ids ``section`` must have (the nine categories other code relies on...)."""
    return tuple(rules()["required_ids"].get(section, ()))


def item_references():
    """(section, field, target) for each list on a section's items that names ids of
    ``target`` (plain ids or citations): what refers to what, for editing."""
    return [
        (rule["section"], rule["field"], rule["target"])
        for rule in rules()["references"]
        if "[" not in rule["field"] and rule["field"] != rules()["tree"]["field"]
    ]


def cited(value):
    """The ids a list of ids and citations names, in order."""
    return [ref for _position, ref in _ids_cited(value)]


def reference_errors(document, table=None):
    """Every cross-item problem of ``document``, as a marshmallow-style error dict;
    ``table`` is the shared one unless given (``format1.RULES``)."""
    table = table or rules()
    errors = {}
    items = {name: _items(document.get(name)) for name in table["sections"]}
    known = {}
    for rule in table["unique_ids"]:
        if "within" in rule:
            for index, item in items[rule["section"]]:
                _unique(
                    _items(item.get(rule["within"])),
                    (rule["section"], index, rule["within"]),
                    errors,
                )
        else:
            known[rule["section"]] = _unique(items[rule["section"]], (rule["section"],), errors)

    for name, required in table["required_ids"].items():
        for item_id in required:
            if item_id not in known[name]:
                _add(errors, (name,), f"The {SINGULAR[name]} '{item_id}' is required.")

    used = {name: set() for name in table["used"]}
    for rule in table["references"]:
        target = rule["target"]
        for path, value in _values(items[rule["section"]], rule["section"], rule["field"]):
            refs = _ids_cited(value)
            for position, ref in refs:
                where = path if position is None else (*path, position)
                if ref not in known[target]:
                    _add(errors, where, f"Unknown {SINGULAR[target]} '{ref}'.")
                used.get(target, set()).add(ref)
            listed = [ref for _position, ref in refs]
            if isinstance(value, list) and len(set(listed)) != len(listed):
                _add(errors, path, "Lists an id more than once.")

    for name, names_used in used.items():
        for index, item in items[name]:
            if item["id"] not in names_used:
                _add(errors, (name, index, "id"), f"'{item['id']}' is not used by anything.")

    for rule in table["later_dates"]:
        _later_dates(document, rule, items, errors)
    if "tree" in table:
        _tree(items[table["tree"]["section"]], table["tree"], errors)
    return errors


def _items(value):
    """(index, item) for the well-formed items of a list: dicts with a string id."""
    if not isinstance(value, list):
        return []
    return [
        (index, item)
        for index, item in enumerate(value)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _values(items, section, field):
    """(path, value) of ``field`` in each item; ``a[].b`` is field b of each item of a."""
    outer, _, inner = field.partition("[].")
    for index, item in items:
        if not inner:
            if outer in item:
                yield (section, index, outer), item[outer]
            continue
        nested_items = item.get(outer)
        if not isinstance(nested_items, list):
            continue  # the schema reports what is wrong with it
        for position, nested in enumerate(nested_items):
            if isinstance(nested, dict) and inner in nested:
                yield (section, index, outer, position, inner), nested[inner]


def _ids_cited(value):
    """(position or None, id) of each id a field cites: one id, or a list of ids and
    citations (``{"ref": id, ...}``)."""
    if isinstance(value, str):
        return [(None, value)]
    if not isinstance(value, list):
        return []
    cited = []
    for position, entry in enumerate(value):
        if isinstance(entry, dict):
            entry = entry.get("ref")
        if isinstance(entry, str):
            cited.append((position, entry))
    return cited


def _unique(items, path, errors):
    seen = set()
    for index, item in items:
        if item["id"] in seen:
            _add(errors, (*path, index, "id"), f"Duplicate id '{item['id']}'.")
        seen.add(item["id"])
    return seen


def _later_dates(document, rule, items, errors):
    if rule["section"] == "meta":
        places = [(("meta",), document.get("meta"))]
    else:
        places = [((rule["section"], index), item) for index, item in items[rule["section"]]]
    for path, item in places:
        if not isinstance(item, dict):
            continue
        later, earlier = _date(item.get(rule["field"])), _date(item.get(rule["than"]))
        if later and earlier and later <= earlier:
            _add(errors, (*path, rule["field"]), f"Must be after {rule['than']}.")


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _tree(items, rule, errors):
    """Following ``parent`` from any item must end at a root, never come back round."""
    parents = {item["id"]: item.get(rule["field"]) for _index, item in items}
    for index, item in items:
        seen, current = {item["id"]}, parents.get(item["id"])
        while isinstance(current, str) and current in parents:
            if current in seen:
                _add(errors, (rule["section"], index, rule["field"]), "Makes a loop of parents.")
                break
            seen.add(current)
            current = parents[current]


def _add(errors, path, message):
    """Put a message into marshmallow's nested error dict at ``path``.

    A list can have problems of its own and of its items: its own go under
    ``_schema``, which readers show at the list's path.
    """
    node = errors
    for key in path[:-1]:
        child = node.setdefault(key, {})
        if isinstance(child, list):
            child = node[key] = {"_schema": child}
        node = child
    last = node.get(path[-1])
    if isinstance(last, dict):
        last.setdefault("_schema", []).append(message)
    else:
        node.setdefault(path[-1], []).append(message)
