"""The caution form, which also says where the caution is shown (the categories and
sites that list it), and the list of cautions.

Saving a caution whose content changed marks it reviewed today, unless the editor set
the review date themselves: the card shows that date, and an edited caution was not
last reviewed when the shipped default was.
"""

import datetime

from ...taxonomy.schemas import BASES, FORCES, SEVERITIES, STAGES
from .common import FormState, chosen, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import (
    cited_id,
    ordered,
    read_sections,
    section_targets,
    sections_of,
    set_citations,
    set_list,
    set_users,
)

SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
STAGE_LABELS = {
    "choosing": "Choosing or setting up a tool",
    "before": "Before a session or a message",
    "during": "During it",
    "after": "After it",
    "anytime": "At any time",
}
FORCE_LABELS = {"must": "Must", "should": "Should", "consider": "Consider"}
BASIS_LABELS = {
    "law": "Law",
    "regulator": "A regulator's rules",
    "professional-code": "A professional code",
    "guidance": "Guidance",
    "practice": "Good practice",
}
TEXTS = ("title", "headline", "action", "detail", "severity", "force", "basis")
DATES = ("reviewed", "review_by")
# The caution's own fields, in form order; the form's other fields change other items.
OWN = ("id", *TEXTS[:5], "stage", *TEXTS[5:], *DATES, "jurisdictions", "applies_if", "references")


class CautionEditor(Editor):
    section, noun = "cautions", "caution"
    fields = {
        "id": ("Id", "text"),
        "title": ("Title", "text"),
        "headline": ("Headline", "text"),
        "action": ("What to do", "text"),
        "detail": ("Detail", "text"),
        "severity": ("Severity", "choice"),
        "stage": ("When it matters", "choices"),
        "force": ("How binding", "choice"),
        "basis": ("What it rests on", "choice"),
        "reviewed": ("Last reviewed", "text"),
        "review_by": ("Review by", "text"),
        "jurisdictions": ("Applies in", "choices"),
        "applies_if": ("Applies only if", "choices"),
        "references": ("References", "choices"),
        "used_by_categories": ("Shown in categories", "choices"),
        "used_by_sites": ("Shown on sites", "choices"),
    }

    def blank(self, today=None):
        values = super().blank()
        values.update(reviewed=(today or datetime.date.today()).isoformat(), sections={})
        return values

    def values_of(self, document, item_id):
        if item_id is None:
            return self.blank()
        item = document["cautions"][find(document, "cautions", item_id)]
        users = users_of(document, "cautions", item_id)
        values = {name: str(item.get(name, "")) for name in (*TEXTS, *DATES)}
        values.update(
            id=item_id,
            stage=list(item["stage"]),
            jurisdictions=list(item.get("jurisdictions", [])),
            applies_if=list(item.get("applies_if", [])),
            references=[cited_id(entry) for entry in item.get("references", [])],
            sections=sections_of(item),
            used_by_categories=[category["id"] for category in users.get("categories", [])],
            used_by_sites=[site["id"] for site in users.get("sites", [])],
        )
        return values

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in (*TEXTS, *DATES)}
        for name in ("stage", "jurisdictions", "applies_if", "references"):
            values[name] = chosen(form, name)
        for name in ("used_by_categories", "used_by_sites"):
            values[name] = chosen(form, name)
        values["sections"] = read_sections(form, document)
        state = FormState(values)
        self.read_id(state, form, document, item_id)
        if not values["used_by_categories"] and not values["used_by_sites"]:
            state.add(
                "used_by_categories",
                "Choose at least one category or site: every caution must be shown somewhere.",
                "Shown in",
            )
        return state

    def apply(self, document, item_id, values, today=None):
        document, item, index = self.start(document, item_id, values)
        before = dict(item)
        for name in TEXTS:
            item[name] = values[name]
        item["stage"] = ordered(item.get("stage", []), values["stage"])
        for name in DATES:
            if values[name] or name == "reviewed":
                item[name] = values[name]
            else:
                item.pop(name, None)
        for name in ("jurisdictions", "applies_if"):
            set_list(item, "cautions", name, ordered(item.get(name, []), values[name]))
        set_citations(item, "cautions", values["references"], values["sections"])
        if item_id is not None and _mark_reviewed(before, item, today):
            # Shown on the form if it comes back (a review-by date now too early).
            values["reviewed"] = item["reviewed"]
        item = document["cautions"][index] = _in_order(item)
        set_users(document, "categories", "cautions", item["id"], values["used_by_categories"])
        set_users(document, "sites", "cautions", item["id"], values["used_by_sites"])
        targets = self.targets(index, OWN, item_id)
        return document, targets + section_targets(f"cautions[{index}]", item)

    def choices(self, document, values):
        return {
            "severities": [(severity, SEVERITY_LABELS[severity]) for severity in SEVERITIES],
            "stages": [(stage, STAGE_LABELS[stage]) for stage in STAGES],
            "forces": [(force, FORCE_LABELS[force]) for force in FORCES],
            "bases": [(basis, BASIS_LABELS[basis]) for basis in BASES],
            "jurisdictions": options(document, "jurisdictions"),
            "profiles": options(document, "profiles"),
            "references": options(document, "references"),
            "categories": options(document, "categories"),
            "sites": options(document, "sites"),
        }


def _mark_reviewed(before, after, today):
    """A caution whose content changed was reviewed today, unless the date was typed
    (or only the review-by date changed); True when it marked it so."""
    if after.get("reviewed") != before.get("reviewed"):
        return False
    # The date to review it by schedules the next review; it says nothing of this one.
    content = [name for name in {*before, *after} if name not in DATES]
    if not any(before.get(name) != after.get(name) for name in content):
        return False
    after["reviewed"] = (today or datetime.date.today()).isoformat()
    return True


def _in_order(item):
    """The caution's fields in the format's order (a field added by the form goes to
    its place, not the end), then any others."""
    ordered_item = {name: item[name] for name in OWN if name in item}
    ordered_item.update({name: value for name, value in item.items() if name not in OWN})
    return ordered_item


CAUTIONS = CautionEditor()


def caution_rows(document, query=""):
    jurisdictions = dict(options(document, "jurisdictions"))
    rows = []
    for item in document["cautions"]:
        if not matches(query, item["id"], item["title"], item["headline"]):
            continue
        users = users_of(document, "cautions", item["id"])
        rows.append(
            {
                "id": item["id"],
                "title": item["title"],
                "headline": item["headline"],
                "severity": item["severity"],
                "force": item["force"],
                "reviewed": item["reviewed"],
                "jurisdictions": [jurisdictions.get(j, j) for j in item.get("jurisdictions", [])],
                "categories": [category["name"] for category in users.get("categories", [])],
                "sites": [site["name"] for site in users.get("sites", [])],
            }
        )
    return rows


def site_showing(document, caution_id):
    """A site whose card can show the caution: one listing it among its own cautions,
    else the first whose categories (or the categories of one of its uses) list it;
    None when no site shows it."""
    listing = {
        category["id"]
        for category in document["categories"]
        if caution_id in category.get("cautions", [])
    }
    for site in document["sites"]:
        if caution_id in site.get("cautions", []):
            return site
    for site in document["sites"]:
        categories = set(site["categories"])
        for use in site.get("uses", []):
            categories.update(use["categories"])
        if categories & listing:
            return site
    return None
