"""Read-only views of a taxonomy document: categories with their cautions resolved."""


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
