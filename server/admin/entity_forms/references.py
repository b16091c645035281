"""The reference form, which also says who cites the reference (the categories and
cautions that list it), and the list of references."""

import re

from .common import FormState, chosen, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import set_users

_YEAR = re.compile(r"-?[0-9]{1,6}")


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
            return self.blank()
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
        self.read_id(state, form, document, item_id)
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
        set_users(document, "categories", "references", item["id"], values["cited_by_categories"])
        set_users(document, "cautions", "references", item["id"], values["cited_by_cautions"])
        names = ("id", "title", "publisher", "year", "url")
        return document, self.targets(index, names, item_id)

    def choices(self, document, values):
        return {
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
                "year": item["year"],
                "categories": [category["name"] for category in users.get("categories", [])],
                "cautions": [caution["title"] for caution in users.get("cautions", [])],
            }
        )
    return rows
