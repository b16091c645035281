"""Which cautions apply to a reader, and in which order they come: the meaning of a
caution's jurisdictions, ``applies_if`` and ``stage``, and of a site's uses.

The extension's ``lib/applicability.js`` implements the same rule for the card; both run
the cases in ``shared/applicability-cases.json``.

A reader is described by what they have said, each part optional (None: not asked, so
nothing is filtered on it):
- ``jurisdictions``: where they practise (countries or regions). A caution tagged with a
  country applies in all its regions; one tagged with a region only there; an untagged
  caution everywhere. Someone who chose no jurisdiction (an empty list) gets only the
  cautions that apply everywhere.
- ``profiles``: the profile ids that hold for them; a caution applies when every one of
  its ``applies_if`` holds.
- ``stage``: the moment; a caution for ``anytime`` matters at every stage.
"""

from dataclasses import dataclass

FORCE_ORDER = ("must", "should", "consider")
SEVERITY_ORDER = ("high", "medium", "low")


@dataclass(frozen=True)
class Reader:
    jurisdictions: tuple | None = None
    profiles: frozenset | None = None
    stage: str | None = None


def ancestors(document, jurisdiction_id):
    """The jurisdiction and every one above it (us-il -> us), nearest first."""
    parents = {item["id"]: item.get("parent") for item in document.get("jurisdictions", [])}
    chain, current = [], jurisdiction_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def applies(document, caution, reader):
    """True when ``caution`` applies to ``reader`` (see the module's docstring)."""
    tags = caution.get("jurisdictions") or []
    if reader.jurisdictions is not None and tags:
        places = {place for chosen in reader.jurisdictions for place in ancestors(document, chosen)}
        if not places.intersection(tags):
            return False
    if reader.profiles is not None and not set(caution.get("applies_if") or ()) <= reader.profiles:
        return False
    stages = caution.get("stage") or ()
    return reader.stage is None or reader.stage in stages or "anytime" in stages


def use_categories(site, use_id):
    """The categories a site brings for one of its uses (the site's own when ``use_id``
    is None); LookupError for a use the site does not declare."""
    if use_id is None:
        return list(site["categories"])
    for use in site.get("uses") or ():
        if use["id"] == use_id:
            return list(use["categories"])
    raise LookupError(f"The site '{site['id']}' has no use '{use_id}'.")


def in_order(cautions):
    """Cautions by force (must first), then severity (high first), then as given."""
    indexed = list(enumerate(cautions))
    indexed.sort(
        key=lambda pair: (
            FORCE_ORDER.index(pair[1]["force"]),
            SEVERITY_ORDER.index(pair[1]["severity"]),
            pair[0],
        )
    )
    return [caution for _index, caution in indexed]


def applicable(document, caution_ids, reader):
    """The cautions named by ``caution_ids`` (each once) that apply to ``reader``, in order."""
    by_id = {caution["id"]: caution for caution in document["cautions"]}
    chosen = [by_id[item] for item in dict.fromkeys(caution_ids) if item in by_id]
    return in_order([caution for caution in chosen if applies(document, caution, reader)])
