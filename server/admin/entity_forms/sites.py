"""The site form (its address patterns, categories and own cautions) and the list of
sites."""

from .common import FormState, chosen, clean_lines, clean_text, find, matches, options
from .editor import Editor
from .lists import ordered, set_list


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
            return self.blank()
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
        self.read_id(state, form, document, item_id)
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        item["name"] = values["name"]
        item["patterns"] = clean_lines(values["patterns"])
        item["categories"] = ordered(item.get("categories", []), values["categories"])
        set_list(item, "sites", "cautions", ordered(item.get("cautions", []), values["cautions"]))
        return document, self.targets(index, self.fields, item_id)

    def choices(self, document, values):
        return {
            "categories": options(document, "categories"),
            "cautions": options(document, "cautions"),
        }


SITES = SiteEditor()


def site_rows(document, query=""):
    names = dict(options(document, "categories"))
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
