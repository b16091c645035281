"""The one line the audit log keeps for an edit: what was changed, and what else
changed with it (a caution's categories when the caution is deleted)."""

from ...taxonomy.rules import SINGULAR


def audit_summary(verb, section, item_id, changes):
    """One line naming what changed, e.g. "Edited caution 'x' (text); also changed
    category 'video' (cautions)". ``changes`` is server.diff's list."""
    touched = {}
    for change in changes:
        if change.item_id is None and change.section != "meta":
            continue
        key = (change.section, change.item_id)
        entry = touched.setdefault(key, {"kind": change.kind, "fields": []})
        if change.field and change.field not in entry["fields"]:
            entry["fields"].append(change.field)
    if section == "meta":
        main = touched.pop(("meta", None), None)
        head = f"{verb} the document details"
        if main and main["fields"]:
            head += f" ({', '.join(main['fields'])})"
    else:
        main = touched.pop((section, item_id), None)
        head = f"{verb} {SINGULAR[section]} '{item_id}'"
        if verb == "Edited" and main and main["fields"]:
            head += f" ({', '.join(main['fields'])})"
    others = []
    for (other_section, other_id), entry in touched.items():
        what = f"{entry['kind']} {SINGULAR.get(other_section, other_section)} '{other_id}'"
        if entry["kind"] == "changed" and entry["fields"]:
            what += f" ({', '.join(entry['fields'])})"
        others.append(what)
    if others:
        head += "; also " + ", ".join(others)
    return head
