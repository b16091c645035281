"""The form for the document's details: its meta fields, its jurisdictions (renamed,
added, or removed while unused) and the names and descriptions of its groups."""

import copy
import re

from .common import FormState, chosen, clean_text, find, users_of
from .editor import Editor


class DetailsEditor(Editor):
    """meta, the jurisdictions (rename, add, remove unused) and the two groups' texts."""

    section, noun = "meta", "details"
    fields = {
        "title": ("Title", "text"),
        "publisher": ("Publisher", "text"),
        "reviewed": ("Last reviewed", "text"),
        "next_review": ("Next review due", "text"),
        "language": ("Language", "text"),
        "notice": ("Notice", "text"),
        "jurisdictions": ("Jurisdictions", "choices"),
        "new_jurisdiction_id": ("Id of the new jurisdiction", "text"),
        "new_jurisdiction_name": ("Name of the new jurisdiction", "text"),
    }
    META = ("title", "publisher", "reviewed", "next_review", "language", "notice")
    OPTIONAL_META = ("next_review", "notice")

    def label(self, name):
        found = re.fullmatch(r"(jurisdiction|group)-(.+)-(name|description)", name)
        if found:
            return f"{found[3].capitalize()} of the {found[1]} '{found[2]}'"
        return super().label(name)

    def values_of(self, document, item_id=None):
        values = {name: str(document["meta"].get(name, "")) for name in self.META}
        for item in document["jurisdictions"]:
            values[f"jurisdiction-{item['id']}-name"] = item["name"]
        for group in document["groups"]:
            values[f"group-{group['id']}-name"] = group["name"]
            values[f"group-{group['id']}-description"] = group["description"]
        values.update(remove_jurisdictions=[], new_jurisdiction_id="", new_jurisdiction_name="")
        return values

    def read(self, form, document, item_id=None):
        values = {name: clean_text(form.get(name)) for name in self.META}
        # A field the page did not have (a jurisdiction added meanwhile) keeps its value.
        for item in document["jurisdictions"]:
            name = f"jurisdiction-{item['id']}-name"
            values[name] = clean_text(form[name]) if name in form else item["name"]
        for group in document["groups"]:
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                values[name] = clean_text(form[name]) if name in form else group[part]
        values["remove_jurisdictions"] = chosen(form, "remove_jurisdictions")
        values["new_jurisdiction_id"] = clean_text(form.get("new_jurisdiction_id"))
        values["new_jurisdiction_name"] = clean_text(form.get("new_jurisdiction_name"))
        state = FormState(values)
        for jurisdiction_id in values["remove_jurisdictions"]:
            users = users_of(document, "jurisdictions", jurisdiction_id).get("cautions", [])
            if users:
                titles = ", ".join(f"'{caution['title']}'" for caution in users)
                state.add(
                    "jurisdictions",
                    f"'{jurisdiction_id}' cannot be removed while cautions use it: {titles}.",
                    self.label("jurisdictions"),
                )
        new_id, new_name = values["new_jurisdiction_id"], values["new_jurisdiction_name"]
        if new_id and not new_name:
            state.add(
                "new_jurisdiction_name",
                "Give the new jurisdiction a name.",
                self.label("new_jurisdiction_name"),
            )
        if new_name and not new_id:
            state.add(
                "new_jurisdiction_id",
                "Give the new jurisdiction an id, such as 'nz'.",
                self.label("new_jurisdiction_id"),
            )
        if new_id and find(document, "jurisdictions", new_id) is not None:
            state.add(
                "new_jurisdiction_id",
                f"There is already a jurisdiction '{new_id}'.",
                self.label("new_jurisdiction_id"),
            )
        return state

    def apply(self, document, item_id, values):
        document = copy.deepcopy(document)
        meta = document["meta"]
        for name in self.META:
            if name in self.OPTIONAL_META and not values[name]:
                meta.pop(name, None)
            else:
                meta[name] = values[name]
        targets = [(f"meta.{name}", name) for name in self.META]
        kept = []
        for item in document["jurisdictions"]:
            if item["id"] in values["remove_jurisdictions"]:
                continue
            name = f"jurisdiction-{item['id']}-name"
            item["name"] = values.get(name, item["name"])
            targets.append((f"jurisdictions[{len(kept)}].name", name))
            kept.append(item)
        if values["new_jurisdiction_id"]:
            index = len(kept)
            kept.append(
                {"id": values["new_jurisdiction_id"], "name": values["new_jurisdiction_name"]}
            )
            targets += [
                (f"jurisdictions[{index}].id", "new_jurisdiction_id"),
                (f"jurisdictions[{index}].name", "new_jurisdiction_name"),
            ]
        document["jurisdictions"] = kept
        targets.append(("jurisdictions", "jurisdictions"))
        for index, group in enumerate(document["groups"]):
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                group[part] = values.get(name, group[part])
                targets.append((f"groups[{index}].{part}", name))
        return document, targets

    def choices(self, document, values):
        return {
            "jurisdictions": [
                (item, bool(users_of(document, "jurisdictions", item["id"])))
                for item in document["jurisdictions"]
            ],
            "groups": document["groups"],
        }


DETAILS = DetailsEditor()
