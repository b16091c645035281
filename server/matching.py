"""WebExtension match patterns with Chrome's semantics, and an index that classifies URLs.

A pattern is ``<scheme>://<host><path>`` or ``<all_urls>`` (see docs/taxonomy-format.md).
URLs are canonicalised as the WHATWG URL parser does (``server/urls.py``), so this
module and ``extension/lib/matcher.js`` agree on every URL; both run the vectors in
``shared/match-cases.json``.
"""

import functools
import re
from dataclasses import dataclass, field

from .urls import CanonicalUrl, canonical_host, is_ip, match_host, parse_url

SCHEMES = ("http", "https", "*")
ANY_HOST = "*"


class PatternError(ValueError):
    """A pattern Chrome would reject; ``kind`` is a stable tag shared with matcher.js."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# --- Patterns -------------------------------------------------------------------------

# C0 controls, space, DEL and the Unicode spaces, as in matcher.js.
_WHITESPACE = r"[\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
_EDGE_WHITESPACE = re.compile(f"^{_WHITESPACE}|{_WHITESPACE}$")
_SCHEME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")
# Characters that would make a URL parser read a pattern host as something else.
_HOST_MISREAD = re.compile(r"[\x00-\x20\x7f@/\\?#]")


@dataclass(frozen=True, slots=True)
class MatchPattern:
    """A parsed pattern. ``host`` is canonical (lower-case ASCII, no trailing dot) or "*"."""

    raw: str
    scheme: str
    host: str
    match_subdomains: bool
    path: str
    all_urls: bool = False
    glob: tuple[str, ...] = field(init=False, repr=False, compare=False)
    rank: tuple[int, int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "glob", tuple(self.path.split("*")))
        object.__setattr__(self, "rank", _rank(self))

    @property
    def any_host(self) -> bool:
        """True when the pattern matches every host (``*`` or ``<all_urls>``)."""
        return self.host == ANY_HOST


def parse_pattern(pattern: "str | MatchPattern") -> MatchPattern:
    """Parse a match pattern, or raise PatternError (a ValueError) saying what is wrong."""
    if isinstance(pattern, MatchPattern):
        return pattern
    if not isinstance(pattern, str):
        raise PatternError("not-a-string", "a pattern must be a string")
    return _parse_text(pattern)


@functools.lru_cache(maxsize=32768)
def _parse_text(text: str) -> MatchPattern:
    if text == "":
        raise PatternError("empty", "the pattern is empty")
    if _EDGE_WHITESPACE.search(text):
        raise PatternError("whitespace", "the pattern has whitespace around it; remove it")
    if text == "<all_urls>":
        return MatchPattern(text, "*", ANY_HOST, True, "/*", all_urls=True)
    separator = text.find("://")
    if separator < 0:
        raise _separator_error(text)
    scheme = _pattern_scheme(text[:separator])
    rest = text[separator + 3 :]
    if rest == "":
        raise PatternError("empty-host", "the host is missing after '://'")
    slash = rest.find("/")
    if slash < 0:
        raise PatternError(
            "missing-path", "the pattern has no path: add one after the host, e.g. /*"
        )
    host, match_subdomains = _pattern_host(rest[:slash])
    return MatchPattern(text, scheme, host, match_subdomains, rest[slash:])


def _separator_error(text: str) -> PatternError:
    """Explain a pattern without '://': a mistyped separator or a non-web scheme."""
    colon = text.find(":")
    prefix = text[:colon] if colon > 0 else ""
    if prefix.isascii() and prefix.lower() in SCHEMES:
        return PatternError(
            "bad-separator", f"'{prefix}:' must be followed by '//' and a host, as in https://…/*"
        )
    # "urn:isbn:…" or "mailto:…", but not "localhost:8080/…".
    if _SCHEME_LIKE.fullmatch(prefix) and not text[colon + 1 : colon + 2].isdigit():
        return _scheme_error(prefix)
    return PatternError(
        "missing-separator", "missing '://' between the scheme and the host, as in https://…/*"
    )


def _pattern_scheme(scheme: str) -> str:
    lowered = scheme.lower() if scheme.isascii() else scheme
    if lowered not in SCHEMES:
        raise _scheme_error(scheme)
    return lowered


def _scheme_error(scheme: str) -> PatternError:
    if scheme == "":
        return PatternError("unsupported-scheme", "the scheme is missing before '://'")
    return PatternError(
        "unsupported-scheme", f"unsupported scheme '{scheme}': only http, https and * are allowed"
    )


def _pattern_host(text: str) -> tuple[str, bool]:
    """The canonical host and whether subdomains match, from the host part of a pattern."""
    if text == "":
        raise PatternError("empty-host", "the host is empty")
    if text == ANY_HOST:
        return ANY_HOST, True
    match_subdomains = text.startswith("*.")
    name = text[2:] if match_subdomains else text
    _reject_port(name)
    if name == "":
        raise PatternError("empty-host", "'*.' must be followed by a host name")
    if "*" in name:
        raise PatternError(
            "invalid-wildcard",
            "'*' in the host may only be the whole host or a leading '*.' (as in *.example.com)",
        )
    return _canonical_pattern_host(name), match_subdomains


def _reject_port(name: str) -> None:
    """Chrome accepts ports; this project refuses them so that a pattern covers every port."""
    tail = name
    if name.startswith("["):
        close = name.find("]")
        if close < 0:
            raise PatternError("invalid-host", "an IPv6 address in the host lacks its ']'")
        tail = name[close + 1 :]
        if tail and not tail.startswith(":"):
            raise PatternError("invalid-host", "unexpected text after the IPv6 address")
    if ":" in tail:
        raise PatternError(
            "port", "patterns may not contain a port; a pattern without a port matches every port"
        )


def _canonical_pattern_host(name: str) -> str:
    host = None if _HOST_MISREAD.search(name) else canonical_host(name)
    if host is None:
        raise PatternError("invalid-host", f"'{name}' is not a valid host name")
    host = match_host(host)
    if host == "" or host.startswith(".") or host.endswith(".") or ".." in host:
        raise PatternError("invalid-host", f"'{name}' has an empty label")
    return host


# --- Matching and specificity ----------------------------------------------------------


def pattern_matches(pattern: "str | MatchPattern", url: str) -> bool:
    """True if the pattern matches the URL. Unparseable or non-http(s) URLs match nothing."""
    parsed = parse_pattern(pattern)
    target = parse_url(url)
    return target is not None and _matches(parsed, target, match_host(target.hostname))


def _matches(pattern: MatchPattern, target: CanonicalUrl, host: str) -> bool:
    """Scheme, host (already without its trailing dot) and path all match."""
    return (
        (pattern.scheme == "*" or pattern.scheme == target.scheme)
        and _host_matches(pattern, host)
        and glob_matches(pattern.glob, target.path)
    )


def _host_matches(pattern: MatchPattern, host: str) -> bool:
    if pattern.host == ANY_HOST or pattern.host == host:
        return True
    # Subdomains on a label boundary only, and never for IP addresses.
    if not pattern.match_subdomains or is_ip(host):
        return False
    suffix = pattern.host
    return len(host) > len(suffix) and host.endswith(suffix) and host[-len(suffix) - 1] == "."


def glob_matches(parts: "tuple[str, ...] | list[str]", text: str) -> bool:
    """Match ``text`` against a path split on '*': each '*' stands for any characters."""
    first, last = parts[0], parts[-1]
    if len(parts) == 1:
        return text == first
    if len(text) < len(first) + len(last) or not text.startswith(first):
        return False
    if not text.endswith(last):
        return False
    # With '*' as the only wildcard, taking the leftmost place of each middle part is safe.
    position, end = len(first), len(text) - len(last)
    for part in parts[1:-1]:
        found = text.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def specificity(pattern: "str | MatchPattern") -> tuple[int, int, int]:
    """(exact host 1 / wildcard 0, host labels, literal path characters): greater wins."""
    return parse_pattern(pattern).rank


def _rank(pattern: MatchPattern) -> tuple[int, int, int]:
    if pattern.host == ANY_HOST:
        # <all_urls> counts no path characters: it sits below even *://*/*.
        return (0, 0, 0 if pattern.all_urls else len(pattern.path) - pattern.path.count("*"))
    labels = 1 if pattern.host.startswith("[") else pattern.host.count(".") + 1
    literal = len(pattern.path) - pattern.path.count("*")
    return (0 if pattern.match_subdomains else 1, labels, literal)


# --- Classifying URLs against a taxonomy's sites ---------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """A site whose pattern matched a URL; ``pattern`` is the raw pattern that matched."""

    site_id: str
    site_name: str
    categories: tuple[str, ...]
    pattern: str
    specificity: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class _Rule:
    site_order: int
    pattern_order: int
    site_id: str
    site_name: str
    categories: tuple[str, ...]
    pattern: MatchPattern

    def beats(self, other: "_Rule") -> bool:
        """More specific, or as specific and earlier in the site's list of patterns."""
        if self.pattern.rank != other.pattern.rank:
            return self.pattern.rank > other.pattern.rank
        return self.pattern_order < other.pattern_order

    def to_match(self) -> Match:
        return Match(
            self.site_id, self.site_name, self.categories, self.pattern.raw, self.pattern.rank
        )


class SiteIndex:
    """The sites' patterns indexed by host, so that classifying a URL looks at few rules."""

    def __init__(self, rules: list[_Rule]):
        self._exact: dict[str, list[_Rule]] = {}
        self._subdomains: dict[str, list[_Rule]] = {}
        self._any_host: list[_Rule] = []
        for rule in rules:
            self._add(rule)

    def _add(self, rule: _Rule) -> None:
        pattern = rule.pattern
        if pattern.any_host:
            self._any_host.append(rule)
        elif pattern.match_subdomains:
            self._subdomains.setdefault(pattern.host, []).append(rule)
        else:
            self._exact.setdefault(pattern.host, []).append(rule)

    def classify(self, url: str) -> list[Match]:
        """Every matching site, once each with its best pattern, most specific first."""
        target = parse_url(url)
        if target is None:
            return []
        host = match_host(target.hostname)
        candidates = self._candidates(host)
        return _best_per_site([rule for rule in candidates if _matches(rule.pattern, target, host)])

    def _candidates(self, host: str):
        """The rules whose host can match: exact, then subdomain suffixes, then any host."""
        yield from self._exact.get(host, ())
        yield from self._subdomains.get(host, ())
        if not is_ip(host):
            # Walk the label suffixes: a.b.zoom.us -> b.zoom.us -> zoom.us -> us.
            dot = host.find(".")
            while dot >= 0:
                yield from self._subdomains.get(host[dot + 1 :], ())
                dot = host.find(".", dot + 1)
        yield from self._any_host


def _best_per_site(hits: list[_Rule]) -> list[Match]:
    best: dict[int, _Rule] = {}
    for rule in hits:
        current = best.get(rule.site_order)
        if current is None or rule.beats(current):
            best[rule.site_order] = rule
    ordered = sorted(best.values(), key=lambda rule: rule.site_order)
    ordered.sort(key=lambda rule: rule.pattern.rank, reverse=True)  # stable: site order kept
    return [rule.to_match() for rule in ordered]


def _rules(taxonomy: dict) -> list[_Rule]:
    """Every (site, pattern) of a taxonomy, parsed; a bad pattern names its place."""
    rules = []
    for site_order, site in enumerate(taxonomy["sites"]):
        categories = tuple(site["categories"])
        for pattern_order, raw in enumerate(site["patterns"]):
            try:
                pattern = parse_pattern(raw)
            except PatternError as exc:
                where = f"sites[{site_order}].patterns[{pattern_order}]"
                raise PatternError(exc.kind, f"{where} {raw!r}: {exc}") from exc
            rules.append(
                _Rule(site_order, pattern_order, site["id"], site["name"], categories, pattern)
            )
    return rules


def build_index(taxonomy: dict) -> SiteIndex:
    """Index the sites of a parsed taxonomy document; raises PatternError on a bad pattern."""
    return SiteIndex(_rules(taxonomy))


def classify(taxonomy_or_index: "dict | SiteIndex", url: str) -> list[Match]:
    """Classify a URL with an index, or with a taxonomy document (indexed on the spot)."""
    index = taxonomy_or_index
    if not isinstance(index, SiteIndex):
        index = build_index(taxonomy_or_index)
    return index.classify(url)


def classify_by_scan(taxonomy: dict, url: str) -> list[Match]:
    """The same result as ``classify``, by trying every pattern of every site in turn.

    The plain loop is the oracle for the index in tests and its baseline in benchmarks.
    """
    target = parse_url(url)
    if target is None:
        return []
    host = match_host(target.hostname)
    matches = []
    for site in taxonomy["sites"]:
        best = None
        for raw in site["patterns"]:
            pattern = parse_pattern(raw)
            better = best is None or pattern.rank > best.rank
            if better and _matches(pattern, target, host):
                best = pattern
        if best is not None:
            categories = tuple(site["categories"])
            matches.append(Match(site["id"], site["name"], categories, best.raw, best.rank))
    matches.sort(key=lambda match: match.specificity, reverse=True)
    return matches


def winning_categories(matches: list[Match]) -> list[str]:
    """The categories of the most specific matches, first-seen order, without repeats."""
    if not matches:
        return []
    top = max(match.specificity for match in matches)
    categories: list[str] = []
    for match in matches:
        if match.specificity != top:
            continue
        for category in match.categories:
            if category not in categories:
                categories.append(category)
    return categories
