"""The admin card preview: the extension's own card code, served to an admin page.

The page draws the reminder card with ``extension/content/card-view.js`` and builds its
model with ``extension/lib/guidance.js``, so what an admin sees is what the extension
shows, not a look-alike: which cautions a card shows is decided there and only there.
This module serves an allow-list of those files and prepares the data the page script
needs; ``templates/admin/_card_preview.html`` and ``static/admin/preview.js`` are the
other two parts.
"""

from pathlib import Path

from flask import Response, abort, current_app, send_from_directory, url_for

from ..config import REPO_ROOT
from ..matching import SiteIndex, build_index, parse_pattern
from ..matching.algebra import address_example
from ..taxonomy.rules import cited
from ..taxonomy.schemas import STAGES

# Every extension file the preview page loads, relative to the extension folder: the card's
# scripts, guidance.js and the modules it imports (tests check the list against the imports
# and against the scripts the extension injects).
EXTENSION_ASSETS = frozenset(
    {
        "ui/dom.js",
        "content/card-styles.js",
        "content/card-parts.js",
        "content/card-placement.js",
        "content/card-view.js",
        "lib/guidance.js",
        "lib/matcher.js",
        "lib/validate.js",
        "lib/applicability.js",
        "lib/dates.js",
        "lib/json-schema.js",
        "lib/taxonomy-rules.js",
        "lib/taxonomy-schema.js",
        "_locales/en/messages.json",
    }
)
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}


def extension_dir() -> Path:
    """The extension's source folder: ``EXTENSION_DIR`` if configured, else the repository's."""
    return Path(current_app.config.get("EXTENSION_DIR") or REPO_ROOT / "extension")


def extension_asset_response(path: str) -> Response:
    """Serve one allow-listed extension file; anything else is a 404.

    ``path`` must equal an entry of EXTENSION_ASSETS exactly, so ``..``, absolute paths,
    doubled slashes, other letter case and every unlisted file never reach the disk.
    """
    if path not in EXTENSION_ASSETS:
        abort(404)
    response = send_from_directory(extension_dir(), path, mimetype=CONTENT_TYPES[Path(path).suffix])
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Only the preview page itself needs these files.
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def asset_base_url(endpoint: str, **values) -> str:
    """The URL the asset view's files sit under (ending in ``/``), for the template.

    ``endpoint`` is the view that calls extension_asset_response with a ``<path:path>``
    rule; a path rule cannot build an empty path, so a known file is built and cut off.
    """
    probe = "content/card-view.js"
    return url_for(endpoint, path=probe, **values).removesuffix(probe)


# --- Data for the page ---------------------------------------------------------------


# The card opens as a session or message begins (lib/guidance.js's ARRIVAL_STAGE).
ARRIVAL_STAGE = "before"


def jurisdiction_tree(taxonomy: dict) -> list[dict]:
    """The jurisdictions as the extension's options page offers them: each country, then
    its regions (``parent``) under it, as ``{"id", "name", "depth"}`` in document order."""
    items = taxonomy.get("jurisdictions", [])
    known = {item["id"] for item in items}
    children = {}
    for item in items:
        parent = item.get("parent") if item.get("parent") in known else None
        children.setdefault(parent, []).append(item)
    tree = []

    def visit(parent, depth):
        for item in children.get(parent, []):
            if item["id"] not in {entry["id"] for entry in tree}:
                tree.append({"id": item["id"], "name": item["name"], "depth": depth})
                visit(item["id"], depth + 1)

    visit(None, 0)
    return tree


def choices(taxonomy: dict) -> dict:
    """What the controls offer: sites, jurisdictions (a tree, see jurisdiction_tree),
    profiles and stages, each in document order."""
    return {
        "sites": [{"id": site["id"], "name": site["name"]} for site in taxonomy["sites"]],
        "jurisdictions": jurisdiction_tree(taxonomy),
        "profiles": [
            {"id": item["id"], "question": item["question"]}
            for item in taxonomy.get("profiles", [])
        ],
        "stages": list(STAGES),
    }


def preview_data(
    taxonomy: dict,
    site_id: str | None,
    jurisdiction: str | None,
    *,
    version: int | None = None,
    stage: str | None = None,
    profiles: list[str] | tuple = (),
    use: str | None = None,
    first_visit: bool = False,
) -> dict:
    """Everything the preview page needs to draw the card of one site, as JSON-able data.

    ``site_id`` None (or "") means the first site; ``jurisdiction`` None (or "") means no
    jurisdiction chosen, which shows only the cautions that apply everywhere, as in the
    extension. ``stage`` is
    the moment the card's top cautions are for (None: on arrival, ``before``);
    ``profiles`` the profiles that hold for the reader (none: not asked, every caution
    shows, as in the extension until it asks); ``use`` one of the site's uses (None:
    the site's own categories). ``version`` is the published version the card should
    name in its "Why this?" part; None shows the card as the copy bundled with the
    extension shows it. ``first_visit`` shows the card of a reader meeting the site for
    the first time (the choice rule then lets ``choosing`` cautions compete).
    Raises LookupError for a site, jurisdiction, stage, profile or use the taxonomy does
    not have, and matching.PatternError (a ValueError naming the place) for a pattern
    that does not parse: check a draft before previewing it.
    """
    site = _find_site(taxonomy, site_id)
    chosen = _find_jurisdiction(taxonomy, jurisdiction)
    stage = stage or ARRIVAL_STAGE
    if stage not in STAGES:
        raise LookupError(f"unknown stage {stage!r}")
    known_profiles = {item["id"]: item for item in taxonomy.get("profiles", [])}
    holding = list(dict.fromkeys(item for item in profiles if item))
    for item in holding:
        if item not in known_profiles:
            raise LookupError(f"unknown profile {item!r}")
    uses = [{"id": item["id"], "label": item["label"]} for item in site.get("uses") or ()]
    chosen_use = None
    if use:
        chosen_use = next((item for item in uses if item["id"] == use), None)
        if chosen_use is None:
            raise LookupError(f"the site {site['id']!r} has no use {use!r}")
    index = build_index(taxonomy)
    url = representative_url(index, site)
    return {
        "taxonomy": taxonomy,
        "site": {"id": site["id"], "name": site["name"], "uses": uses},
        "jurisdiction": chosen,
        "stage": stage,
        "profiles": holding,
        "use": chosen_use,
        "first_visit": bool(first_visit),
        "url": url,
        # Shaped as the extension's stored guidance record (buildCardModel's `source`).
        "guidance": {"source": "bundled" if version is None else "server", "version": version},
        "fallback": _fallback(taxonomy, index, url, site, use),
    }


def site_guidance(taxonomy: dict, site: dict) -> dict:
    """What a site's card is made of: the site, its categories (and its uses'), their
    cautions and the references cited, to tell whether two versions differ for it."""
    by_id = {
        name: {item["id"]: item for item in taxonomy.get(name, []) if isinstance(item, dict)}
        for name in ("categories", "cautions", "references")
    }
    category_ids = list(site.get("categories") or [])
    for use in site.get("uses") or ():
        category_ids.extend(use.get("categories") or [])
    categories = [by_id["categories"].get(item) for item in dict.fromkeys(category_ids)]
    caution_ids = list(site.get("cautions") or [])
    for category in categories:
        caution_ids.extend((category or {}).get("cautions") or [])
    cautions = [by_id["cautions"].get(item) for item in dict.fromkeys(caution_ids)]
    reference_ids = [
        ref
        for item in [*categories, *cautions]
        for ref in cited((item or {}).get("references") or [])
    ]
    return {
        "site": site,
        "categories": categories,
        "cautions": cautions,
        "references": [by_id["references"].get(item) for item in dict.fromkeys(reference_ids)],
    }


def changed_site(draft: dict, published: dict | None) -> str | None:
    """The first site whose card the draft changes relative to ``published`` (a new site
    counts), or None when no card changes."""
    before = {site["id"]: site for site in (published or {}).get("sites", [])}
    for site in draft.get("sites", []):
        old = before.get(site["id"])
        if old is None or site_guidance(draft, site) != site_guidance(published, old):
            return site["id"]
    return None


def _find_site(taxonomy, site_id):
    sites = taxonomy["sites"]
    if not site_id:
        if not sites:
            raise LookupError("the taxonomy has no sites to preview")
        return sites[0]
    for site in sites:
        if site["id"] == site_id:
            return site
    raise LookupError(f"unknown site id {site_id!r}")


def _find_jurisdiction(taxonomy, jurisdiction):
    if not jurisdiction:
        return None
    for item in taxonomy.get("jurisdictions", []):
        if item["id"] == jurisdiction:
            return {"id": item["id"], "name": item["name"]}
    raise LookupError(f"unknown jurisdiction {jurisdiction!r}")


def example_urls(pattern: str) -> list[str]:
    """Addresses a pattern matches, simplest first: ``https://*.zoom.us/*`` gives
    ``https://zoom.us/`` then ``https://www.zoom.us/``; a ``*`` in the path matches nothing."""
    parsed = parse_pattern(pattern)
    if parsed.any_host:
        return []
    scheme = "https" if parsed.scheme == "*" else parsed.scheme
    path = parsed.path.replace("*", "")
    hosts = [parsed.host]
    if parsed.match_subdomains:
        hosts.append(f"www.{parsed.host}")
    return [f"{scheme}://{host}{path}" for host in hosts]


def representative_url(index: SiteIndex, site: dict) -> str:
    """An address on which the extension shows this site's card.

    The first example address of the site's patterns where the site is among the most
    specific matches, then for each pattern an address the site's excludes leave (when
    they take away the simple ones: a vendor's www host can be its marketing site); when
    another site outranks it everywhere, the first example anyway (the page then says
    which card the extension shows there instead).
    """
    candidates = [url for pattern in site["patterns"] for url in example_urls(pattern)]
    if site.get("exclude"):
        left = (address_example([pattern], site["exclude"]) for pattern in site["patterns"])
        candidates += [url for url in left if url is not None]
    for url in candidates:
        if site["id"] in {match.site_id for match in _winners(index, url)}:
            return url
    if not candidates:
        raise LookupError(f"site {site['id']!r} has no pattern to take an address from")
    return candidates[0]


def _winners(index, url):
    """The most specific matches, whose categories the card shows (none: no card)."""
    matches = index.classify(url)
    return [match for match in matches if match.specificity == matches[0].specificity]


def _fallback(taxonomy, index, url, site, use):
    """What the page says without JavaScript: the names of the categories the card is
    for (the shared matcher decides them; a use brings its own, as on the card). The
    cautions are left to the extension's code."""
    categories = {category["id"]: category["name"] for category in taxonomy["categories"]}
    sites = {item["id"]: item for item in taxonomy["sites"]}
    ids = []
    for match in _winners(index, url):
        uses = {item["id"]: item for item in sites.get(match.site_id, {}).get("uses") or ()}
        ids.extend(uses[use]["categories"] if use in uses else match.categories)
    return {"categories": [categories[c] for c in dict.fromkeys(ids) if c in categories]}
