"""An index of a taxonomy's site patterns that classifies URLs looking at few rules, and
the plain scan it must agree with.

A URL belongs to a site when one of the site's patterns matches it and none of its
``exclude`` patterns does; an excluded URL can still belong to another site.
"""

from dataclasses import dataclass

from .patterns import MatchPattern, PatternError, matches_canonical, parse_pattern
from .urls import is_ip, match_host, parse_url


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
    """The sites' patterns indexed by host, so that classifying a URL looks at few rules;
    ``excludes`` maps a site's order to its parsed exclude patterns."""

    def __init__(
        self, rules: list[_Rule], excludes: dict[int, tuple[MatchPattern, ...]] | None = None
    ):
        self._exact: dict[str, list[_Rule]] = {}
        self._subdomains: dict[str, list[_Rule]] = {}
        self._any_host: list[_Rule] = []
        self._excludes = excludes or {}
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
        hits = [
            rule for rule in self._candidates(host) if matches_canonical(rule.pattern, target, host)
        ]
        if self._excludes:
            # Only for the sites that matched, so pages of no site cost nothing more.
            hits = [
                rule
                for rule in hits
                if not _excluded(self._excludes.get(rule.site_order, ()), target, host)
            ]
        return _best_per_site(hits)

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


def _excluded(excludes: tuple[MatchPattern, ...], target, host: str) -> bool:
    return any(matches_canonical(exclude, target, host) for exclude in excludes)


def _best_per_site(hits: list[_Rule]) -> list[Match]:
    best: dict[int, _Rule] = {}
    for rule in hits:
        current = best.get(rule.site_order)
        if current is None or rule.beats(current):
            best[rule.site_order] = rule
    ordered = sorted(best.values(), key=lambda rule: rule.site_order)
    ordered.sort(key=lambda rule: rule.pattern.rank, reverse=True)  # stable: site order kept
    return [rule.to_match() for rule in ordered]


def _parsed_at(raw: str, where: str) -> MatchPattern:
    try:
        return parse_pattern(raw)
    except PatternError as exc:
        raise PatternError(exc.kind, f"{where} {raw!r}: {exc}") from exc


def _rules(taxonomy: dict) -> list[_Rule]:
    """Every (site, pattern) of a taxonomy, parsed; a bad pattern names its place."""
    rules = []
    for site_order, site in enumerate(taxonomy["sites"]):
        categories = tuple(site["categories"])
        for pattern_order, raw in enumerate(site["patterns"]):
            pattern = _parsed_at(raw, f"sites[{site_order}].patterns[{pattern_order}]")
            rules.append(
                _Rule(site_order, pattern_order, site["id"], site["name"], categories, pattern)
            )
    return rules


def _excludes(taxonomy: dict) -> dict[int, tuple[MatchPattern, ...]]:
    """Each site's exclude patterns, parsed, by the site's order (only sites with some)."""
    excludes = {}
    for site_order, site in enumerate(taxonomy["sites"]):
        parsed = tuple(
            _parsed_at(raw, f"sites[{site_order}].exclude[{position}]")
            for position, raw in enumerate(site.get("exclude", ()))
        )
        if parsed:
            excludes[site_order] = parsed
    return excludes


def site_excludes(site: dict, url: str) -> str | None:
    """The first of ``site``'s exclude patterns that matches ``url``, or None."""
    target = parse_url(url)
    if target is None:
        return None
    host = match_host(target.hostname)
    for raw in site.get("exclude", ()):
        if matches_canonical(parse_pattern(raw), target, host):
            return raw
    return None


def build_index(taxonomy: dict) -> SiteIndex:
    """Index the sites of a parsed taxonomy document; raises PatternError on a bad pattern."""
    return SiteIndex(_rules(taxonomy), _excludes(taxonomy))


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
        excludes = tuple(parse_pattern(raw) for raw in site.get("exclude", ()))
        if _excluded(excludes, target, host):
            continue
        best = None
        for raw in site["patterns"]:
            pattern = parse_pattern(raw)
            better = best is None or pattern.rank > best.rank
            if better and matches_canonical(pattern, target, host):
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
