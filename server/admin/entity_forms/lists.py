"""Changing the lists by which items refer to one another (a category's cautions, a
caution's references), keeping the order people gave them and leaving out optional
lists the document did not have."""

import copy

from ...taxonomy.rules import cited, item_references

# Lists a document may leave out; they stay as they are when they become empty.
OPTIONAL_LISTS = {
    ("categories", "checklist"),
    ("cautions", "jurisdictions"),
    ("cautions", "references"),
    ("sites", "cautions"),
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
        on = user["id"] in user_ids
        if on and item_id not in current:
            set_list(user, source, name, [*current, item_id])
        elif not on and item_id in current:
            set_list(user, source, name, [entry for entry in current if entry != item_id])


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
