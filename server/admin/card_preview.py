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

# Every extension file the preview page loads, relative to the extension folder: the card's
# scripts, guidance.js and the modules it imports (tests check the list against the imports
# and against the scripts the extension injects).
EXTENSION_ASSETS = frozenset(
    {
        "ui/dom.js",
        "content/card-styles.js",
        "content/card-parts.js",
        "content/card-view.js",
        "lib/guidance.js",
        "lib/matcher.js",
        "lib/validate.js",
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


def choices(taxonomy: dict) -> dict:
    """The sites and jurisdictions to choose from, as ``{"sites": [...], "jurisdictions": [...]}``
    of ``{"id", "name"}`` in document order."""
    return {
        "sites": [{"id": site["id"], "name": site["name"]} for site in taxonomy["sites"]],
        "jurisdictions": [
            {"id": item["id"], "name": item["name"]} for item in taxonomy.get("jurisdictions", [])
        ],
    }


def preview_data(
    taxonomy: dict, site_id: str | None, jurisdiction: str | None, *, version: int | None = None
) -> dict:
    """Everything the preview page needs to draw the card of one site, as JSON-able data.

    ``site_id`` None (or "") means the first site; ``jurisdiction`` None (or "") means no
    jurisdiction chosen, which shows every caution, as in the extension. ``version`` is
    the published version the card should name in its "Why this?" part; None shows the
    card as the copy bundled with the extension shows it.
    Raises LookupError for a site or jurisdiction the taxonomy does not have, and
    matching.PatternError (a ValueError naming the place) for a pattern that does not
    parse: check a draft before previewing it.
    """
    site = _find_site(taxonomy, site_id)
    chosen = _find_jurisdiction(taxonomy, jurisdiction)
    index = build_index(taxonomy)
    url = representative_url(index, site)
    return {
        "taxonomy": taxonomy,
        "site": {"id": site["id"], "name": site["name"]},
        "jurisdiction": chosen,
        "url": url,
        # Shaped as the extension's stored guidance record (buildCardModel's `source`).
        "guidance": {"source": "bundled" if version is None else "server", "version": version},
        "fallback": _fallback(taxonomy, index, url),
    }


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
    specific matches; when another site outranks it everywhere, the first example anyway
    (the page then says which card the extension shows there instead).
    """
    candidates = [url for pattern in site["patterns"] for url in example_urls(pattern)]
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


def _fallback(taxonomy, index, url):
    """What the page says without JavaScript: the names of the categories the card is
    for (the shared matcher decides them). The cautions are left to the extension's code."""
    categories = {category["id"]: category["name"] for category in taxonomy["categories"]}
    category_ids = dict.fromkeys(c for match in _winners(index, url) for c in match.categories)
    return {"categories": [categories[c] for c in category_ids if c in categories]}
