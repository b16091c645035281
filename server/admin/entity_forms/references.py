"""The reference form, which also says who cites the reference (the categories and
cautions that list it), and the list of references."""

import re

from ...taxonomy.schemas import REFERENCE_KINDS
from .common import FormState, chosen, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import set_users

_YEAR = re.compile(r"-?[0-9]{1,6}")
KIND_LABELS = {
    "law": "A law",
    "regulator": "A regulator",
    "professional-body": "A professional body",
    "government-guidance": "Government guidance",
    "research": "Research",
    "other": "Other",
}
TEXTS = ("title", "publisher", "kind", "year", "accessed", "url")
OWN = ("id", *TEXTS)


class ReferenceEditor(Editor):
    section, noun = "references", "reference"
    fields = {
        "id": ("Id", "text"),
        "title": ("Title", "text"),
        "publisher": ("Publisher", "text"),
        "kind": ("Kind of source", "choice"),
        "year": ("Year", "text"),
        "accessed": ("Accessed", "text"),
        "url": ("Web address", "text"),
        "cited_by_categories": ("Cited by categories", "choices"),
        "cited_by_cautions": ("Cited by cautions", "choices"),
    }

    def values_of(self, document, item_id):
        if item_id is None:
            return self.blank()
        item = document["references"][find(document, "references", item_id)]
        users = users_of(document, "references", item_id)
        values = {name: str(item.get(name, "")) for name in TEXTS}
        values.update(
            id=item_id,
            cited_by_categories=[category["id"] for category in users.get("categories", [])],
            cited_by_cautions=[caution["id"] for caution in users.get("cautions", [])],
        )
        return values

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in TEXTS}
        for name in ("cited_by_categories", "cited_by_cautions"):
            values[name] = chosen(form, name)
        state = FormState(values)
        self.read_id(state, form, document, item_id)
        if values["year"] and not _YEAR.fullmatch(values["year"]):
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
        for name in ("title", "publisher", "kind", "url"):
            item[name] = values[name]
        # Optional: the year it was published, or the date it was read (one is needed).
        for name, value in (("year", values["year"]), ("accessed", values["accessed"])):
            if value:
                item[name] = int(value) if name == "year" else value
            else:
                item.pop(name, None)
        item = document["references"][index] = {
            **{name: item[name] for name in OWN if name in item},
            **{name: value for name, value in item.items() if name not in OWN},
        }
        set_users(document, "categories", "references", item["id"], values["cited_by_categories"])
        set_users(document, "cautions", "references", item["id"], values["cited_by_cautions"])
        targets = self.targets(index, OWN, item_id)
        # "Give the year or the date accessed" is the reference's own problem: show it
        # at the year, where the form asks first.
        targets.append((f"references[{index}]", "year"))
        return document, targets

    def choices(self, document, values):
        return {
            "kinds": [(kind, KIND_LABELS[kind]) for kind in REFERENCE_KINDS],
            "categories": options(document, "categories"),
            "cautions": options(document, "cautions"),
        }


# Not REFERENCES: that is the schema's name for the lists that refer to other items.
REFERENCE_EDITOR = ReferenceEditor()


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
                "kind": KIND_LABELS.get(item["kind"], item["kind"]),
                "year": item.get("year") or f"accessed {item.get('accessed', '')}",
                "categories": [category["name"] for category in users.get("categories", [])],
                "cautions": [caution["title"] for caution in users.get("cautions", [])],
            }
        )
    return rows
