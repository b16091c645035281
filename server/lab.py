"""The pattern lab: why an address gets its guidance, and what a site's patterns run into.

``explain_url`` shows an admin every rule that matches an address and which of them win,
using the matcher's own classification so that the lab and the extension never disagree.
``pattern_warnings`` checks a site's patterns against every other site before it is saved.

The warnings rest on set algebra over match patterns: a pattern is a set of addresses
(schemes x hosts x paths), so one pattern can contain another or share addresses with it.
Both questions are answered exactly for scheme and host, and for path globs over all
strings; the path alphabet of real URLs is smaller, which can only make an overlap
reported here impossible in practice (a glob with a literal space, say), never hide one.
"""

import functools
from collections import deque
from dataclasses import dataclass

from publicsuffixlist import PublicSuffixList

from .matching import (
    MatchPattern,
    PatternError,
    build_index,
    glob_matches,
    parse_pattern,
    pattern_matches,
    winning_categories,
)
from .urls import URL_SCHEMES, is_ip, match_host, parse_url

# --- Explaining an address --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One site pattern that matches the address; ``wins`` if the matcher picks this rule."""

    site_id: str
    site_name: str
    pattern: str
    specificity: tuple[int, int, int]
    categories: tuple[CategoryRef, ...]
    wins: bool


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


# --- Set algebra on globs -----------------------------------------------------------------


def glob_contains(outer: str, inner: str) -> bool:
    """True if every string matched by the glob ``inner`` is matched by ``outer`` ('*' = any).

    Read ``inner`` as a word whose stars are a symbol no literal matches: only a star of
    ``outer`` can absorb it. If ``outer`` matches that word, it matches every filling of
    the stars. If not, fill each star with a character ``outer`` never mentions: that
    string is in ``inner`` and not in ``outer``.
    """
    star = _absent_character(outer)
    return glob_matches(outer.split("*"), inner.replace("*", star))


def _absent_character(text: str) -> str:
    code = 0xE000  # private use: absent from real patterns, but check anyway
    while chr(code) in text:
        code += 1
    return chr(code)


def glob_overlap(a: str, b: str) -> str | None:
    """The shortest string matched by both globs, or None if no string is.

    A search over pairs of positions (i in ``a``, j in ``b``): a star may end (no
    character), or swallow the other glob's next literal; equal literals advance both.
    Two stars swallowing the same character is never needed: dropping that character
    leaves a shorter common string. Ending stars cost nothing, characters cost one
    (a 0-1 breadth-first search), so the first time both ends are reached is shortest.
    """
    goal = (len(a), len(b))
    parent: dict[tuple[int, int], tuple[tuple[int, int], str] | None] = {(0, 0): None}
    cost = {(0, 0): 0}
    queue = deque([(0, 0)])
    while queue:
        state = queue.popleft()
        if state == goal:
            return _spell(parent, goal)
        i, j = state
        x = a[i] if i < len(a) else None
        y = b[j] if j < len(b) else None
        moves = []
        if x == "*":
            moves.append(((i + 1, j), ""))
        if y == "*":
            moves.append(((i, j + 1), ""))
        if x == "*" and y not in (None, "*"):
            moves.append(((i, j + 1), y))
        if y == "*" and x not in (None, "*"):
            moves.append(((i + 1, j), x))
        if x is not None and x == y and x != "*":
            moves.append(((i + 1, j + 1), x))
        for following, char in moves:
            step = cost[state] + len(char)
            if following in cost and cost[following] <= step:
                continue
            cost[following] = step
            parent[following] = (state, char)
            if char:
                queue.append(following)
            else:
                queue.appendleft(following)
    return None


def _spell(parent, state) -> str:
    chars = []
    while parent[state] is not None:
        state, char = parent[state]
        chars.append(char)
    return "".join(reversed(chars))


# --- Set algebra on match patterns ----------------------------------------------------------


def _hosts(pattern: MatchPattern) -> tuple[str, str]:
    """("any", ""), ("exact", host) or ("domain", host): the host and its subdomains.

    ``*.`` over an IP address matches the address only: IPs have no subdomains.
    """
    if pattern.any_host:
        return "any", ""
    if pattern.match_subdomains and not is_ip(pattern.host):
        return "domain", pattern.host
    return "exact", pattern.host


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _host_contains(outer: MatchPattern, inner: MatchPattern) -> bool:
    (outer_kind, outer_host), (inner_kind, inner_host) = _hosts(outer), _hosts(inner)
    if outer_kind == "any":
        return True
    if inner_kind == "any":
        return False
    if outer_kind == "exact":
        return inner_kind == "exact" and inner_host == outer_host
    return _under(inner_host, outer_host)


def _host_example(a: MatchPattern, b: MatchPattern) -> str | None:
    """A host both patterns match, or None."""
    (a_kind, a_host), (b_kind, b_host) = _hosts(a), _hosts(b)
    if a_kind == "any" or b_kind == "any":
        return b_host or a_host or "example.com"
    if _under(a_host, b_host) and (b_kind == "domain" or a_host == b_host):
        return a_host
    if _under(b_host, a_host) and a_kind == "domain":
        return b_host
    return None


def pattern_contains(outer: "str | MatchPattern", inner: "str | MatchPattern") -> bool:
    """True if every address ``inner`` matches is also matched by ``outer``."""
    outer, inner = parse_pattern(outer), parse_pattern(inner)
    return (
        outer.scheme in ("*", inner.scheme)
        and _host_contains(outer, inner)
        and glob_contains(outer.path, inner.path)
    )


def overlap_example(a: "str | MatchPattern", b: "str | MatchPattern") -> str | None:
    """A short address both patterns match, or None if they share none."""
    a, b = parse_pattern(a), parse_pattern(b)
    if a.scheme != "*" and b.scheme != "*" and a.scheme != b.scheme:
        return None
    host = _host_example(a, b)
    if host is None:
        return None
    path = glob_overlap(a.path, b.path)
    if path is None:
        return None
    scheme = a.scheme if a.scheme != "*" else b.scheme if b.scheme != "*" else "https"
    return f"{scheme}://{host}{path}"


# --- Warnings for a site's patterns ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatternWarning:
    pattern: str  # the pattern of the site being saved
    kind: str  # too-broad | duplicate | shadowed | overlap
    message: str
    other_site_id: str | None = None
    other_pattern: str | None = None


@functools.cache
def _public_suffixes() -> PublicSuffixList:
    """The bundled list (ICANN and private sections), read once on first use.

    Unknown endings are not public: ``https://localhost/*`` or an intranet name is one site.
    """
    return PublicSuffixList(accept_unknown=False)


def pattern_warnings(taxonomy: dict, site: dict) -> list[PatternWarning]:
    """What an admin should know before saving ``site``: each of its patterns in turn,
    against every other site of ``taxonomy`` (a stored copy of ``site`` itself is ignored).
    Patterns ``parse_pattern`` rejects are skipped: the validator reports those.
    """
    others = []
    for other_site in taxonomy["sites"]:
        if other_site["id"] == site["id"]:
            continue
        for raw in other_site["patterns"]:
            parsed = _parsed(raw)
            if parsed is not None:
                others.append((other_site, parsed))

    warnings: list[PatternWarning] = []
    seen = set()
    for raw in site["patterns"]:
        pattern = _parsed(raw)
        if pattern is None or raw in seen:
            continue
        seen.add(raw)
        broad = _too_broad(pattern)
        if broad:
            # Comparing it with every other site would only repeat the same point.
            warnings.append(PatternWarning(raw, "too-broad", broad))
            continue
        for other_site, other in others:
            warning = _compare(site, pattern, other_site, other)
            if warning is not None:
                warnings.append(warning)
    return warnings


def _parsed(raw) -> MatchPattern | None:
    try:
        return parse_pattern(raw)
    except PatternError:
        return None


def _too_broad(pattern: MatchPattern) -> str | None:
    if pattern.any_host:
        return f"'{pattern.raw}' matches every website. Name the site's own host instead."
    host = pattern.host
    if is_ip(host):
        return None
    if "." not in host and pattern.match_subdomains:
        shared = True  # a whole top-level domain, listed or not
    else:
        shared = _public_suffixes().is_public(host)
    if not shared:
        return None
    ending = (
        "a shared ending, like com or co.uk, under which many unrelated people and companies "
        "have their own sites"
    )
    if pattern.match_subdomains:
        what = f"'{pattern.raw}' covers every site ending in '.{host}', {ending}."
    else:
        what = f"'{pattern.raw}' names '{host}', which is not one site but {ending}."
    return f"{what} Name the site's own host instead, such as https://example.{host}/*."


def _compare(site, pattern, other_site, other) -> PatternWarning | None:
    inside = pattern_contains(other, pattern)
    covers = pattern_contains(pattern, other)
    example = None
    if not (inside or covers):
        example = overlap_example(pattern, other)
        if example is None:
            return None
    name, other_name = site["name"], other_site["name"]
    where = f"'{other.raw}' of the site '{other_name}'"

    def warning(kind, message):
        return PatternWarning(pattern.raw, kind, message, other_site["id"], other.raw)

    if inside and covers and pattern.rank == other.rank:
        return warning(
            "duplicate",
            f"{where} matches exactly the same addresses. On them the guidance of both "
            f"'{name}' and '{other_name}' is shown together; keep the pattern in one site only.",
        )
    if inside and other.rank > pattern.rank:
        return warning(
            "shadowed",
            f"Every address this pattern matches is also matched by {where}, which is more "
            f"specific, so '{other_name}' is always chosen there and this pattern never "
            f"brings up '{name}'.",
        )
    if inside:
        shared = "Every address this pattern matches is also matched by " + where
    elif covers:
        shared = f"This pattern also matches every address of {where}"
    else:
        shared = f"Some addresses, such as {example}, are matched by both this pattern and {where}"
    if other.rank > pattern.rank:
        outcome = f"that pattern is more specific, so '{other_name}' is chosen there, not '{name}'."
    elif other.rank < pattern.rank:
        outcome = f"this pattern is more specific, so '{name}' is chosen there, not '{other_name}'."
    else:
        outcome = (
            f"both patterns are equally specific, so the guidance of '{name}' and "
            f"'{other_name}' is shown together there."
        )
    return warning("overlap", f"{shared}: {outcome}")
