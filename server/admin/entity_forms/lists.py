"""Changing the lists by which items refer to one another (a category's cautions, a
caution's references), keeping the order people gave them and leaving out optional
lists the document did not have."""

import copy

from ...taxonomy.rules import cited, item_references
from .common import clean_text

# Lists a document may leave out; they stay as they are when they become empty.
OPTIONAL_LISTS = {
    ("categories", "checklist"),
    ("jurisdictions", "emergency"),
    ("cautions", "jurisdictions"),
    ("cautions", "applies_if"),
    ("cautions", "references"),
    ("sites", "cautions"),
    ("sites", "uses"),
}


def ordered(previous, ticked):
    """Keep the order of what was already listed; add newly ticked ones after it."""
    ticked_set = set(ticked)
    kept = [value for value in previous if value in ticked_set]
    return kept + [value for value in ticked if value not in set(kept)]


def set_list(item, section, name, values):
    """Set a list field; an optional list that was left out stays out while empty."""
    if not values and name not in item and (section, name) in OPTIONAL_LISTS:
        return
    item[name] = values


def set_users(document, source, name, item_id, user_ids):
    """List ``item_id`` in the ``name`` list of exactly the ``source`` items whose ids
    are in ``user_ids``: added at the end where it is new, removed where it is not chosen."""
    for user in document[source]:
        current = list(user.get(name, []))
        listed = item_id in cited(current)  # a citation may be {"ref": id, "section": ...}
        on = user["id"] in user_ids
        if on and not listed:
            set_list(user, source, name, [*current, item_id])
        elif not on and listed:
            kept = [entry for entry in current if cited([entry]) != [item_id]]
            set_list(user, source, name, kept)


def delete_item(document, section, item_id):
    """A copy of ``document`` without the item, and without every mention of it."""
    document = copy.deepcopy(document)
    document[section] = [item for item in document[section] if item["id"] != item_id]
    for source, name, target in item_references():
        if target != section:
            continue
        for item in document[source]:
            if item_id in cited(item.get(name, [])):
                set_list(
                    item,
                    source,
                    name,
                    [entry for entry in item[name] if cited([entry]) != [item_id]],
                )
    return document


# --- Citations: a reference id, or {"ref": id, "section": "H.2.a"} --------------------------


def cited_id(entry):
    return entry["ref"] if isinstance(entry, dict) else entry


def cited_section(entry):
    return entry.get("section") if isinstance(entry, dict) else None


def section_field(reference_id):
    """The form field for the section cited in the reference ``reference_id``."""
    return f"section-{reference_id}"


def read_sections(form, document):
    """{reference id: section} typed next to the references (even unticked ones, which
    the form shows again as typed)."""
    sections = {}
    for reference in document["references"]:
        typed = clean_text(form.get(section_field(reference["id"])))
        if typed:
            sections[reference["id"]] = typed
    return sections


def set_citations(item, section, ticked, sections):
    """The item's ``references``: the ticked ids in the order kept, each with its
    section when one is typed."""
    previous = [cited_id(entry) for entry in item.get("references", [])]
    citations = [
        {"ref": ref, "section": sections[ref]} if sections.get(ref) else ref
        for ref in ordered(previous, ticked)
    ]
    set_list(item, section, "references", citations)


def sections_of(item):
    """The sections an item cites, by reference id, for its form."""
    return {
        cited_id(entry): cited_section(entry)
        for entry in item.get("references", [])
        if cited_section(entry)
    }


def section_targets(path, item):
    """(document path, form field) for each cited section: its problem goes next to
    its own box."""
    return [
        (f"{path}.references[{position}].section", section_field(entry["ref"]))
        for position, entry in enumerate(item.get("references", []))
        if cited_section(entry)
    ]
