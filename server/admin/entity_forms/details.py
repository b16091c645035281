"""The form for the document's details: its meta fields, its jurisdictions (renamed,
given a parent and emergency contacts, added, or removed while unused) and the names
and descriptions of its groups.

Emergency contacts are rows of fields, one spare row more than a jurisdiction has: a
row left empty is no contact, so clearing a row removes it."""

import copy
import re

from .common import FormState, chosen, clean_text, find, users_of
from .editor import Editor

CONTACT = ("name", "number", "when")
CONTACT_LABELS = {"name": "Name", "number": "Number", "when": "When to call"}


def contact_field(jurisdiction_id, row, part):
    return f"jurisdiction-{jurisdiction_id}-emergency-{row}-{part}"


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
        "new_jurisdiction_parent": ("Parent of the new jurisdiction", "choice"),
    }
    META = ("title", "publisher", "reviewed", "next_review", "language", "notice")
    OPTIONAL_META = ("next_review", "notice")

    def label(self, name):
        found = re.fullmatch(r"jurisdiction-(.+)-emergency-(\d+)-(name|number|when)", name)
        if found:
            part = CONTACT_LABELS[found[3]]
            return f"{part} of emergency contact {int(found[2]) + 1} of '{found[1]}'"
        found = re.fullmatch(r"jurisdiction-(.+)-emergency", name)
        if found:
            return f"Emergency contacts of '{found[1]}'"
        found = re.fullmatch(r"(jurisdiction|group)-(.+)-(name|description|parent)", name)
        if found:
            return f"{found[3].capitalize()} of the {found[1]} '{found[2]}'"
        return super().label(name)

    def values_of(self, document, item_id=None):
        values = {name: str(document["meta"].get(name, "")) for name in self.META}
        for item in document["jurisdictions"]:
            values[f"jurisdiction-{item['id']}-name"] = item["name"]
            values[f"jurisdiction-{item['id']}-parent"] = item.get("parent", "")
            for row, contact in enumerate(item.get("emergency", [])):
                for part in CONTACT:
                    values[contact_field(item["id"], row, part)] = contact[part]
        for group in document["groups"]:
            values[f"group-{group['id']}-name"] = group["name"]
            values[f"group-{group['id']}-description"] = group["description"]
        values.update(
            remove_jurisdictions=[],
            new_jurisdiction_id="",
            new_jurisdiction_name="",
            new_jurisdiction_parent="",
        )
        return values

    def read(self, form, document, item_id=None):
        values = {name: clean_text(form.get(name)) for name in self.META}
        # A field the page did not have (a jurisdiction added meanwhile) keeps its value.
        for item in document["jurisdictions"]:
            name = f"jurisdiction-{item['id']}-name"
            values[name] = clean_text(form[name]) if name in form else item["name"]
            name = f"jurisdiction-{item['id']}-parent"
            values[name] = clean_text(form[name]) if name in form else item.get("parent", "")
            for row in range(len(item.get("emergency", [])) + 1):
                for part in CONTACT:
                    name = contact_field(item["id"], row, part)
                    if name in form:
                        values[name] = clean_text(form[name])
                    elif row < len(item.get("emergency", [])):
                        values[name] = item["emergency"][row][part]
        for group in document["groups"]:
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                values[name] = clean_text(form[name]) if name in form else group[part]
        values["remove_jurisdictions"] = chosen(form, "remove_jurisdictions")
        values["new_jurisdiction_id"] = clean_text(form.get("new_jurisdiction_id"))
        values["new_jurisdiction_name"] = clean_text(form.get("new_jurisdiction_name"))
        values["new_jurisdiction_parent"] = clean_text(form.get("new_jurisdiction_parent"))
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
            path = f"jurisdictions[{len(kept)}]"
            targets.append((f"{path}.name", name))
            parent = values.get(f"jurisdiction-{item['id']}-parent", item.get("parent", ""))
            _set_optional(item, "parent", parent)
            targets.append((f"{path}.parent", f"jurisdiction-{item['id']}-parent"))
            targets += self._apply_contacts(item, values, path)
            kept.append(_jurisdiction_in_order(item))
        if values["new_jurisdiction_id"]:
            index = len(kept)
            new = {"id": values["new_jurisdiction_id"], "name": values["new_jurisdiction_name"]}
            _set_optional(new, "parent", values.get("new_jurisdiction_parent", ""))
            kept.append(new)
            targets += [
                (f"jurisdictions[{index}].id", "new_jurisdiction_id"),
                (f"jurisdictions[{index}].name", "new_jurisdiction_name"),
                (f"jurisdictions[{index}].parent", "new_jurisdiction_parent"),
            ]
        document["jurisdictions"] = kept
        targets.append(("jurisdictions", "jurisdictions"))
        for index, group in enumerate(document["groups"]):
            for part in ("name", "description"):
                name = f"group-{group['id']}-{part}"
                group[part] = values.get(name, group[part])
                targets.append((f"groups[{index}].{part}", name))
        return document, targets

    @staticmethod
    def _apply_contacts(item, values, path):
        """The jurisdiction's contacts from the rows that are not empty; the targets
        of each (a row keeps its number on the form, whatever its place in the list)."""
        contacts, targets = [], []
        rows = len(item.get("emergency", [])) + 1
        for row in range(rows):
            fields = {
                part: values.get(contact_field(item["id"], row, part), "") for part in CONTACT
            }
            if not any(fields.values()):
                continue
            for part in CONTACT:
                where = f"{path}.emergency[{len(contacts)}].{part}"
                targets.append((where, contact_field(item["id"], row, part)))
            contacts.append(fields)
        if contacts or "emergency" in item:
            item["emergency"] = contacts
        targets.append((f"{path}.emergency", f"jurisdiction-{item['id']}-emergency"))
        return targets

    def choices(self, document, values):
        def contact_rows(item):
            return range(len(item.get("emergency", [])) + 1)

        return {
            "jurisdictions": [
                (item, bool(users_of(document, "jurisdictions", item["id"])), contact_rows(item))
                for item in document["jurisdictions"]
            ],
            "parents": [(item["id"], item["name"]) for item in document["jurisdictions"]],
            "groups": document["groups"],
        }


def _set_optional(item, name, value):
    if value:
        item[name] = value
    else:
        item.pop(name, None)


def _jurisdiction_in_order(item):
    order = ("id", "name", "parent", "emergency")
    return {
        **{name: item[name] for name in order if name in item},
        **{name: value for name, value in item.items() if name not in order},
    }


DETAILS = DetailsEditor()
