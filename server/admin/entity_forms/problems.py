"""Problems the form cannot show next to a field, in words: they are about other items
(a category left without cautions when one is deleted), so they name the item."""

import re

from ...taxonomy.rules import SINGULAR
from .common import label_of
from .wording import friendly, limits

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
    "cautions": {
        "stage": "choices",
        "jurisdictions": "choices",
        "applies_if": "choices",
        "references": "choices",
    },
    "sites": {
        "patterns": "lines",
        "exclude": "lines",
        "categories": "choices",
        "cautions": "choices",
    },
}
_PATH = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?(?P<rest>.*)$")


def value_at(document, path):
    """The value at a problem's path, such as ``categories[2].benefits[0]``, or None."""
    value = document
    for name, index in re.findall(r"\.?([a-z_]+)|\[(\d+)\]", path):
        try:
            value = value[name] if name else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def size_at(document, path):
    """The length of the text or list at ``path``, or None."""
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
        users = {
            "cautions": "a category or a site",
            "profiles": "a caution (under “Applies only if”)",
        }.get(section, "a category or a caution")
        return (
            f"{who} would no longer be used anywhere, and every {noun} must be used by "
            f"{users}. Delete it, or add it to one, first."
        )
    kind = LIST_KINDS.get(section, {}).get(name, "text")
    bounds = limits(problem.message)
    size = size_at(document, problem.path)
    if _emptied(document, problem):
        return _emptied_message(section, name, [label_of(section, items[index])])
    if bounds and kind != "text" and not rest and size is not None:
        high = bounds[1]
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
    bounds = limits(problem.message)
    if not bounds or bounds[0] is None or size_at(document, problem.path) != 0:
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
