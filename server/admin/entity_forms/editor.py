"""The base of every editor: field labels, the id of a new item, a fresh copy of the
document to fill in, and the validator's problems put back next to the form's fields."""

import copy
import re

from .common import RESERVED_IDS, clean_text, find
from .problems import explain_problems, size_at
from .wording import friendly


class Editor:
    """One kind of form. Subclasses say how to show an item, read the form back,
    and apply it to a document."""

    section = ""
    noun = ""
    # form field -> (label, kind): kind is text, choice, lines or choices
    fields: dict = {}

    def label(self, name):
        if name.startswith("section-") and name not in self.fields:
            return f"Section cited in ‘{name.removeprefix('section-')}’"
        return self.fields.get(name, (name.replace("_", " ").capitalize(), "text"))[0]

    def kind(self, name):
        return self.fields.get(name, ("", "text"))[1]

    def blank(self):
        """The values of the form for a new item: every field empty."""
        return {
            name: [] if kind == "choices" else "" for name, (_label, kind) in self.fields.items()
        }

    def message(self, name, rest, message, size=None):
        """A problem's words for the field ``name``; ``rest`` is the path inside it and
        ``size`` the length of the value the problem is about."""
        line = re.fullmatch(r"\[(\d+)\].*", rest)
        if line and self.kind(name) == "lines":
            return f"Line {int(line.group(1)) + 1}: {friendly(message, 'text', size)}"
        return friendly(message, "text" if line else self.kind(name), size)

    def place(self, state, problems, targets, document):
        """Put each problem next to its field, or in the summary when it has none.
        ``targets`` are (document path, form field): a field takes the problems at its
        path and inside it; a path ending in ``]`` takes only its own."""
        longest_first = sorted(targets, key=lambda target: len(target[0]), reverse=True)

        def field_of(problem):
            for prefix, name in longest_first:
                path = problem.path
                if path == prefix:
                    return prefix, name
                # A whole item's path (``references[3]``) takes only the item's own
                # problems, such as a condition between its fields, not its fields'.
                if prefix.endswith("]"):
                    continue
                if path.startswith(prefix) and path[len(prefix)] in ".[":
                    return prefix, name
            return None

        # The summary lists the problems in the order of their fields on the form.
        form_order = {name: position for position, name in enumerate(self.fields)}
        placed = [(problem, field_of(problem)) for problem in problems]
        placed.sort(key=lambda pair: form_order.get(pair[1][1], -1) if pair[1] else -1)
        others = []
        for problem, target in placed:
            if target is None:
                others.append(problem)
                continue
            prefix, name = target
            message = self.message(
                name, problem.path[len(prefix) :], problem.message, size_at(document, problem.path)
            )
            state.add(name, message, self.label(name))
        # The form's own fields first: they are what the person can fix right here.
        state.summary.extend((None, message) for message in explain_problems(document, others))

    def targets(self, index, names, item_id=None):
        """(document path, form field) for the fields ``names`` of the item at ``index``.
        An existing item (``item_id``) has no id field: its id cannot be changed."""
        return [
            (f"{self.section}[{index}].{name}", name)
            for name in names
            if item_id is None or name != "id"
        ]

    def read_id(self, state, form, document, item_id):
        """The id into ``state.values``: the one typed for a new item, checked, or
        ``item_id`` for an existing one."""
        if item_id is None:
            self.new_id(state, form, document)
        else:
            state.values["id"] = item_id

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

    # What deleting despite delete_blockers does, as the box to tick says it; None when
    # they cannot be overridden.
    override_label = None

    def delete_blockers(self, document, item_id):
        """Why the item may not be deleted even when the document would stay valid."""
        return []

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
