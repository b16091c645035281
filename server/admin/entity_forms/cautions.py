"""The caution form, which also says where the caution is shown (the categories and
sites that list it), and the list of cautions."""

from ...taxonomy.schemas import SEVERITIES
from .common import FormState, chosen, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import ordered, set_list, set_users

SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}


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
            return self.blank()
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
        self.read_id(state, form, document, item_id)
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
            set_list(item, "cautions", name, ordered(item.get(name, []), values[name]))
        set_users(document, "categories", "cautions", item["id"], values["used_by_categories"])
        set_users(document, "sites", "cautions", item["id"], values["used_by_sites"])
        names = ("id", "title", "text", "severity", "jurisdictions", "references")
        return document, self.targets(index, names, item_id)

    def choices(self, document, values):
        return {
            "severities": [(severity, SEVERITY_LABELS[severity]) for severity in SEVERITIES],
            "jurisdictions": options(document, "jurisdictions"),
            "references": options(document, "references"),
            "categories": options(document, "categories"),
            "sites": options(document, "sites"),
        }


CAUTIONS = CautionEditor()


def caution_rows(document, query=""):
    jurisdictions = dict(options(document, "jurisdictions"))
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
