"""The site form (its address patterns and the addresses it excludes, categories, own
cautions and uses) and the list of sites.

A site's uses are rows of fields, one spare row more than the site has: a row left
empty is no use, so clearing a row removes it."""

import re

from .common import FormState, chosen, clean_lines, clean_text, find, matches, options
from .editor import Editor
from .lists import ordered, set_list


class SiteEditor(Editor):
    section, noun = "sites", "site"
    fields = {
        "id": ("Id", "text"),
        "name": ("Name", "text"),
        "patterns": ("Patterns", "lines"),
        "exclude": ("Addresses to leave out", "lines"),
        "categories": ("Categories", "choices"),
        "cautions": ("Cautions for this site only", "choices"),
        "uses": ("Uses", "choices"),
    }
    USE_PARTS = {"id": "Id", "label": "Label", "categories": "Categories"}

    def label(self, name):
        found = re.fullmatch(r"use-(\d+)-(id|label|categories)", name)
        if found:
            return f"{self.USE_PARTS[found[2]]} of use {int(found[1]) + 1}"
        return super().label(name)

    def values_of(self, document, item_id):
        if item_id is None:
            return {**self.blank(), **use_values([])}
        item = document["sites"][find(document, "sites", item_id)]
        return {
            "id": item_id,
            "name": item["name"],
            "patterns": "\n".join(item["patterns"]),
            "exclude": "\n".join(item.get("exclude", [])),
            "categories": list(item["categories"]),
            "cautions": list(item.get("cautions", [])),
            **use_values(item.get("uses", [])),
        }

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in ("name", "patterns", "exclude")}
        values["categories"] = chosen(form, "categories")
        values["cautions"] = chosen(form, "cautions")
        stored = []
        if item_id is not None and find(document, "sites", item_id) is not None:
            stored = document["sites"][find(document, "sites", item_id)].get("uses", [])
        values["use_rows"] = max(_rows_sent(form), len(stored) + 1)
        for row in range(values["use_rows"]):
            values[f"use-{row}-id"] = clean_text(form.get(f"use-{row}-id"))
            values[f"use-{row}-label"] = clean_text(form.get(f"use-{row}-label"))
            values[f"use-{row}-categories"] = chosen(form, f"use-{row}-categories")
        state = FormState(values)
        self.read_id(state, form, document, item_id)
        return state

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        item["name"] = values["name"]
        item["patterns"] = clean_lines(values["patterns"])
        # Left out when empty: extensions built before excludes refuse a document with
        # the field at all, so a site without any does not carry an empty one.
        item["exclude"] = clean_lines(values["exclude"])
        if not item["exclude"]:
            del item["exclude"]
        item["categories"] = ordered(item.get("categories", []), values["categories"])
        set_list(item, "sites", "cautions", ordered(item.get("cautions", []), values["cautions"]))
        targets = self.targets(index, self.fields, item_id)
        uses = []
        for row in range(values.get("use_rows", 0)):
            use = {
                "id": values[f"use-{row}-id"],
                "label": values[f"use-{row}-label"],
                "categories": values[f"use-{row}-categories"],
            }
            if not any(use.values()):
                continue
            for part in self.USE_PARTS:
                targets.append((f"sites[{index}].uses[{len(uses)}].{part}", f"use-{row}-{part}"))
            uses.append(use)
        set_list(item, "sites", "uses", uses)
        return document, targets

    def choices(self, document, values):
        return {
            "categories": options(document, "categories"),
            "cautions": options(document, "cautions"),
        }


def use_values(uses):
    """The form's rows for a site's uses, and one spare row to add one."""
    values = {"use_rows": len(uses) + 1}
    for row in range(len(uses) + 1):
        use = uses[row] if row < len(uses) else {"id": "", "label": "", "categories": []}
        values[f"use-{row}-id"] = use["id"]
        values[f"use-{row}-label"] = use["label"]
        values[f"use-{row}-categories"] = list(use["categories"])
    return values


def _rows_sent(form):
    """How many rows of uses the submitted form had."""
    rows = [int(found[1]) for name in form if (found := re.fullmatch(r"use-(\d+)-\w+", name))]
    return min(max(rows, default=-1) + 1, 20)


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
                "exclude": item.get("exclude", []),
                "categories": [names.get(category, category) for category in item["categories"]],
                "cautions": len(item.get("cautions", [])),
                "uses": [use["label"] for use in item.get("uses", [])],
            }
        )
    return rows
