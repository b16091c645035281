"""Between the formats: a format 1 document brought up to format 2 (with a list of what
only a person can write), and a format 2 document folded down to format 1 for the
extensions already installed, which understand only that."""

import re

from .fields import words_pattern
from .problems import Problem
from .schemas import HEADLINE_WORDS, SCHEMA_VERSION

# What a person has to write when a caution or reference comes from format 1.
TO_WRITE = {
    "headline": f"Write the point in at most {HEADLINE_WORDS} words.",
    "action": "Write what to do now, in at most 30 words.",
    "stage": "Say when it matters: choosing, before, during, after or anytime.",
    "force": "Say how binding it is: must, should or consider.",
    "basis": "Say what it rests on: law, regulator, professional-code, guidance or practice.",
    "kind": "Say what kind of source it is: law, regulator, professional-body, "
    "government-guidance, research or other.",
}
FOLDED_TEXT_LIMIT = 600  # format 1's limit on a caution's text
_HEADLINE = re.compile(words_pattern(HEADLINE_WORDS))


def upgrade(document):
    """A format 1 ``document`` in format 2, and the Problems listing what to write in.

    Derived: ``detail`` is the old ``text``; the title is also the headline when it is
    short enough; each caution was reviewed when the document was. Not derivable, so
    left out and listed: the action, stage, force and basis of every caution, and the
    kind of every reference.
    """
    problems = []
    reviewed = (document.get("meta") or {}).get("reviewed")
    cautions = []
    for index, old in enumerate(document.get("cautions") or []):
        caution = {"id": old.get("id"), "title": old.get("title")}
        if isinstance(old.get("title"), str) and _HEADLINE.fullmatch(old["title"]):
            caution["headline"] = old["title"]
        caution["detail"] = old.get("text")
        caution["severity"] = old.get("severity")
        if reviewed:
            caution["reviewed"] = reviewed
        for key in ("jurisdictions", "references"):
            if key in old:
                caution[key] = old[key]
        problems += [
            Problem(f"cautions[{index}].{field}", TO_WRITE[field])
            for field in ("headline", "action", "stage", "force", "basis")
            if field not in caution
        ]
        cautions.append(caution)
    references = []
    for index, old in enumerate(document.get("references") or []):
        references.append({key: old[key] for key in ("id", "title", "publisher") if key in old})
        references[-1].update({key: old[key] for key in ("year", "url") if key in old})
        problems.append(Problem(f"references[{index}].kind", TO_WRITE["kind"]))
    upgraded = {
        "schema_version": SCHEMA_VERSION,
        "meta": document.get("meta"),
        "jurisdictions": document.get("jurisdictions"),
        "profiles": [],
        "groups": document.get("groups"),
        "categories": document.get("categories"),
        "cautions": cautions,
        "references": references,
        "sites": document.get("sites"),
    }
    return upgraded, problems


def fold(document):
    """A valid format 2 ``document`` as format 1: headline, action and detail folded into
    the title and text, citations as plain ids, sites' uses and excludes and everything
    else new left out (an old extension shows a site's default categories, to everyone,
    on every page its patterns match)."""
    return {
        "schema_version": 1,
        "meta": document["meta"],
        "jurisdictions": [
            {"id": item["id"], "name": item["name"]} for item in document["jurisdictions"]
        ],
        "groups": document["groups"],
        "categories": [
            {**category, "references": _ids(category["references"])}
            for category in document["categories"]
        ],
        "cautions": [_fold_caution(caution) for caution in document["cautions"]],
        "references": [_fold_reference(reference) for reference in document["references"]],
        "sites": [
            {key: value for key, value in site.items() if key not in ("uses", "exclude")}
            for site in document["sites"]
        ],
    }


def _ids(cited):
    """Reference ids of a list of citations, each once, in order."""
    return list(dict.fromkeys(item if isinstance(item, str) else item["ref"] for item in cited))


def _fold_caution(caution):
    folded = {
        "id": caution["id"],
        "title": caution["title"],
        "text": folded_text(caution["action"], caution["detail"]),
        "severity": caution["severity"],
    }
    if caution.get("jurisdictions"):
        folded["jurisdictions"] = caution["jurisdictions"]
    if caution.get("references"):
        folded["references"] = _ids(caution["references"])
    return folded


def folded_text(action, detail):
    """What to do, then why, within format 1's limit (cut at a word, marked "…")."""
    text = f"{action} {detail}"
    if len(text) <= FOLDED_TEXT_LIMIT:
        return text
    cut = text[: FOLDED_TEXT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _fold_reference(reference):
    year = reference.get("year") or int(reference["accessed"][:4])
    return {
        "id": reference["id"],
        "title": reference["title"],
        "publisher": reference["publisher"],
        "year": year,
        "url": reference["url"],
    }
