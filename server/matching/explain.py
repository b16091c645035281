"""Why an address gets its guidance: every rule of a taxonomy that matches it, with the
matcher's own winners marked, so that the pattern lab and the extension never disagree."""

from dataclasses import dataclass

from .index import build_index, site_excludes, winning_categories
from .patterns import parse_pattern, pattern_matches
from .urls import URL_SCHEMES, match_host, parse_url


@dataclass(frozen=True, slots=True)
class CategoryRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One site pattern that matches the address; ``wins`` if the matcher picks this rule.
    ``excluded_by`` is the site's exclude that takes the address away from it, if any
    (such a hit never wins)."""

    site_id: str
    site_name: str
    pattern: str
    specificity: tuple[int, int, int]
    categories: tuple[CategoryRef, ...]
    wins: bool
    excluded_by: str | None = None


@dataclass(frozen=True, slots=True)
class UrlExplanation:
    url: str  # as typed
    canonical: str | None  # scheme://host/path?query as the matcher compares it
    error: str | None  # why the address cannot be matched at all
    hits: tuple[Hit, ...]  # most specific first
    categories: tuple[CategoryRef, ...]  # the guidance shown: winning_categories


def explain_url(taxonomy: dict, url: str) -> UrlExplanation:
    """Every rule of the taxonomy that matches ``url``; the matcher's own winners are marked."""
    target = parse_url(url)
    if target is None:
        return UrlExplanation(url, None, _url_error(url), (), ())
    canonical = f"{target.scheme}://{match_host(target.hostname)}{target.path}"
    names = {category["id"]: category["name"] for category in taxonomy["categories"]}

    def refs(ids):
        return tuple(CategoryRef(category, names.get(category, category)) for category in ids)

    # The matcher decides the winners; the lab only lists what it considered.
    matches = build_index(taxonomy).classify(url)
    top = max((match.specificity for match in matches), default=None)
    winners = {(match.site_id, match.pattern) for match in matches if match.specificity == top}

    hits = []
    for site in taxonomy["sites"]:
        excluded_by = site_excludes(site, url)
        for raw in site["patterns"]:
            if not pattern_matches(raw, url):
                continue
            rule = (site["id"], raw)
            hits.append(
                Hit(
                    site["id"],
                    site["name"],
                    raw,
                    parse_pattern(raw).rank,
                    refs(site["categories"]),
                    wins=rule in winners,
                    excluded_by=excluded_by,
                )
            )
            winners.discard(rule)  # a pattern listed twice in a site wins once
    hits.sort(key=lambda hit: hit.specificity, reverse=True)  # stable: document order kept
    return UrlExplanation(url, canonical, None, tuple(hits), refs(winning_categories(matches)))


def _url_error(url: str) -> str:
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        return "Type a full web address, such as https://example.com/page."
    scheme, colon, rest = text.partition(":")
    looks_like_scheme = colon and scheme.isascii() and scheme.replace("+", "").isalnum()
    if not looks_like_scheme or rest[:1].isdigit():
        advice = "Type the full address, as the browser's address bar shows it"
        if parse_url(f"https://{text}") is not None:
            advice += f", such as https://{text}"
        return f"This address has no http:// or https:// in front. {advice}."
    if scheme.lower() not in URL_SCHEMES:
        return (
            f"Only http and https addresses are matched, so '{scheme}:' addresses never get "
            "guidance."
        )
    return "This address cannot be read: check the host name (and the port, if there is one)."
