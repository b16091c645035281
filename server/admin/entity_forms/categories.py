"""The category form, whose cautions are ordered by the positions typed next to them,
and the list of categories. Categories are only edited: there is no form to add or
delete one."""

import re

from ...taxonomy.schemas import MODES
from .common import FormState, chosen, clean_lines, clean_text, find, matches, options, users_of
from .editor import Editor
from .lists import (
    cited_id,
    ordered,
    read_sections,
    section_targets,
    sections_of,
    set_citations,
    set_list,
)

MODE_LABELS = {
    "synchronous": "Synchronous: at the same time, like a call",
    "asynchronous": "Asynchronous: messages read and answered later",
    "both": "Both",
}
_POSITION = re.compile(r"[0-9]{1,4}")


class CategoryEditor(Editor):
    section, noun = "categories", "category"
    fields = {
        "name": ("Name", "text"),
        "groups": ("Groups", "choices"),
        "mode": ("Mode", "choice"),
        "mode_note": ("What the mode means in practice", "text"),
        "summary": ("Summary", "text"),
        "benefits": ("Benefits", "lines"),
        "cautions": ("Cautions", "choices"),
        "questions": ("Reflective questions", "lines"),
        "checklist": ("Checklist", "lines"),
        "references": ("References", "choices"),
    }
    TEXTS = ("name", "mode", "mode_note", "summary", "benefits", "questions", "checklist")

    def values_of(self, document, item_id):
        item = document["categories"][find(document, "categories", item_id)]
        values = {name: item.get(name, "") for name in ("name", "mode", "mode_note", "summary")}
        for name in ("benefits", "questions", "checklist"):
            values[name] = "\n".join(item.get(name, []))
        values["groups"] = list(item["groups"])
        values["references"] = [cited_id(entry) for entry in item["references"]]
        values["sections"] = sections_of(item)
        values["cautions"] = list(item["cautions"])
        values["positions"] = {cid: str(n) for n, cid in enumerate(item["cautions"], start=1)}
        return values

    def read(self, form, document, item_id):
        values = {name: clean_text(form.get(name)) for name in self.TEXTS}
        values["groups"] = chosen(form, "groups")
        values["references"] = chosen(form, "references")
        values["sections"] = read_sections(form, document)
        values["positions"] = {
            caution["id"]: clean_text(form.get(f"position-{caution['id']}"))
            for caution in document["cautions"]
        }
        state = FormState(values)
        ticked = chosen(form, "cautions")
        unreadable = [
            cid
            for cid in ticked
            if values["positions"].get(cid) and not _POSITION.fullmatch(values["positions"][cid])
        ]
        if unreadable:
            titles = {caution["id"]: caution["title"] for caution in document["cautions"]}
            names = ", ".join(f"'{titles.get(cid, cid)}'" for cid in unreadable)
            state.add(
                "cautions",
                f"A position must be a whole number, such as 3. Check {names}.",
                self.label("cautions"),
            )
        values["cautions"] = self.order(ticked, values["positions"]) if not unreadable else ticked
        return state

    @staticmethod
    def order(ticked, positions):
        """Ticked cautions by the position typed next to them; those without one go last,
        and ties keep the order of the page."""

        def key(entry):
            index, cid = entry
            raw = positions.get(cid, "")
            return (int(raw) if _POSITION.fullmatch(raw) else float("inf"), index)

        return [cid for _index, cid in sorted(enumerate(ticked), key=key)]

    def apply(self, document, item_id, values):
        document, item, index = self.start(document, item_id, values)
        for name in ("name", "mode", "mode_note", "summary"):
            item[name] = values[name]
        item["groups"] = ordered(item["groups"], values["groups"])
        for name in ("benefits", "questions", "checklist"):
            set_list(item, "categories", name, clean_lines(values[name]))
        item["cautions"] = list(values["cautions"])
        set_citations(item, "categories", values["references"], values.get("sections", {}))
        targets = self.targets(index, self.fields)
        return document, targets + section_targets(f"categories[{index}]", item)

    def choices(self, document, values):
        """The groups and references to tick, and the caution rows: the chosen ones in
        their order first, then the others in document order."""
        cautions = {caution["id"]: caution for caution in document["cautions"]}
        picked = [cautions[cid] for cid in values.get("cautions", []) if cid in cautions]
        rest = [caution for caution in document["cautions"] if caution not in picked]
        return {
            "groups": options(document, "groups"),
            "modes": [(mode, MODE_LABELS[mode]) for mode in MODES],
            "references": options(document, "references"),
            "caution_rows": picked + rest,
        }


CATEGORIES = CategoryEditor()


def category_rows(document, query=""):
    groups = dict(options(document, "groups"))
    rows = []
    for item in document["categories"]:
        if not matches(query, item["id"], item["name"]):
            continue
        sites = users_of(document, "categories", item["id"]).get("sites", [])
        rows.append(
            {
                "id": item["id"],
                "name": item["name"],
                "groups": [groups.get(group, group) for group in item["groups"]],
                "mode": item["mode"],
                "cautions": len(item["cautions"]),
                "sites": len(sites),
            }
        )
    return rows
