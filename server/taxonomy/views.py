"""Read-only views of a taxonomy document: categories with their cautions resolved, in
format 1 (for ``/api/v1``) and for one reader in format 2 (``/api/v2``)."""

from .applicability import applicable, use_categories


def applies_in(caution, jurisdiction):
    """A caution with no jurisdiction tags applies everywhere."""
    tags = caution.get("jurisdictions") or []
    return jurisdiction is None or not tags or jurisdiction in tags


def category_summaries(document):
    keys = ("id", "name", "groups", "mode", "mode_note", "summary")
    return [{key: category[key] for key in keys} for category in document["categories"]]


def find_category(document, category_id):
    for category in document["categories"]:
        if category["id"] == category_id:
            return category
    return None


def resolve_category(document, category, jurisdiction=None):
    """The category with groups, cautions, references and sites spelled out in full."""
    groups = {item["id"]: item for item in document["groups"]}
    cautions = {item["id"]: item for item in document["cautions"]}
    references = {item["id"]: item for item in document["references"]}

    def resolve_caution(caution):
        return {
            "id": caution["id"],
            "title": caution["title"],
            "text": caution["text"],
            "severity": caution["severity"],
            "jurisdictions": caution.get("jurisdictions", []),
            "references": [references[ref] for ref in caution.get("references", [])],
        }

    return {
        "id": category["id"],
        "name": category["name"],
        "groups": [groups[group] for group in category["groups"]],
        "mode": category["mode"],
        "mode_note": category["mode_note"],
        "summary": category["summary"],
        "benefits": category["benefits"],
        "cautions": [
            resolve_caution(cautions[ref])
            for ref in category["cautions"]
            if applies_in(cautions[ref], jurisdiction)
        ],
        "questions": category["questions"],
        "checklist": category.get("checklist", []),
        "references": [references[ref] for ref in category["references"]],
        "sites": [
            {"id": site["id"], "name": site["name"], "patterns": site["patterns"]}
            for site in document["sites"]
            if category["id"] in site["categories"]
        ],
    }


# --- Format 2 -------------------------------------------------------------------------------


def resolve_for_reader(document, category, reader, site=None, use=None):
    """A format 2 category spelled out for one reader: only the cautions that apply to
    them (see ``applicability``), in the order they come. With ``site``, the site's own
    cautions compete with the category's; with ``use`` (one of the site's uses), a
    category that use does not bring applies not at all. LookupError for an unknown use.
    """
    groups = {item["id"]: item for item in document["groups"]}
    references = {item["id"]: item for item in document["references"]}
    applies_here = site is None or category["id"] in use_categories(site, use)
    caution_ids = [*category["cautions"], *((site or {}).get("cautions") or [])]
    cautions = applicable(document, caution_ids, reader) if applies_here else []
    return {
        "id": category["id"],
        "name": category["name"],
        "applies": applies_here,
        "groups": [groups[group] for group in category["groups"]],
        "mode": category["mode"],
        "mode_note": category["mode_note"],
        "summary": category["summary"],
        "benefits": category["benefits"],
        "cautions": [_cited(caution, references) for caution in cautions],
        "questions": category["questions"],
        "checklist": category.get("checklist", []),
        "references": _citations(category["references"], references),
        "sites": [
            {
                "id": item["id"],
                "name": item["name"],
                "patterns": item["patterns"],
                "exclude": item.get("exclude", []),
                "uses": item.get("uses", []),
            }
            for item in document["sites"]
            if category["id"] in item["categories"]
            or any(category["id"] in u["categories"] for u in item.get("uses", []))
        ],
    }


def _cited(caution, references):
    return {**caution, "references": _citations(caution.get("references", []), references)}


def _citations(cited, references):
    """Each citation with its reference spelled out: ``{reference, section}``."""
    resolved = []
    for item in cited:
        ref, section = (item, None) if isinstance(item, str) else (item["ref"], item["section"])
        resolved.append({"reference": references[ref], "section": section})
    return resolved
