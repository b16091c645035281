"""What a site's patterns run into, checked before the site is saved: a pattern that covers
a shared ending (a public suffix) rather than one site, patterns of other sites that
duplicate, shadow or overlap it (using ``algebra``), and excludes that leave a pattern
nothing or take nothing away.

A site covers what its patterns match less what its excludes match, on both sides of a
comparison: a page another site excludes is no overlap with it."""

import functools
from dataclasses import dataclass

from publicsuffixlist import PublicSuffixList

from .algebra import address_example, covers, overlap_example, pattern_contains
from .patterns import MatchPattern, PatternError, parse_pattern
from .urls import is_ip


@dataclass(frozen=True, slots=True)
class PatternWarning:
    pattern: str  # the pattern of the site being saved
    kind: str  # too-broad | duplicate | shadowed | overlap | all-excluded | exclude-unused
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
        other_excludes = _all_parsed(other_site.get("exclude", ()))
        for raw in other_site["patterns"]:
            parsed = _parsed(raw)
            # A pattern its own site excludes entirely brings up nothing to run into.
            if parsed is not None and address_example([parsed], other_excludes) is not None:
                others.append((other_site, parsed, other_excludes))

    excludes = _all_parsed(site.get("exclude", ()))
    patterns = _all_parsed(site["patterns"])

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
        if excludes and address_example([pattern], excludes) is None:
            message = (
                f"The site's excludes take away every address '{raw}' matches, so this "
                f"pattern never brings up '{site['name']}'. Remove it, or narrow the excludes."
            )
            warnings.append(PatternWarning(raw, "all-excluded", message))
            continue
        for other_site, other, other_excludes in others:
            warning = _compare(site, pattern, excludes, other_site, other, other_excludes)
            if warning is not None:
                warnings.append(warning)
    for exclude in excludes:
        if not any(overlap_example(pattern, exclude) for pattern in patterns):
            message = (
                f"'{exclude.raw}' matches none of the addresses the site's patterns match, "
                "so it leaves nothing out. Check its path."
            )
            warnings.append(PatternWarning(exclude.raw, "exclude-unused", message))
    return warnings


def _all_parsed(raws) -> list[MatchPattern]:
    return [pattern for pattern in map(_parsed, raws) if pattern is not None]


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


def _compare(site, pattern, excludes, other_site, other, other_excludes) -> PatternWarning | None:
    """How ``pattern`` of ``site`` and ``other`` of ``other_site`` share addresses, each
    less its site's excludes; both are known to leave some address."""
    if excludes or other_excludes:
        example = address_example([pattern, other], [*excludes, *other_excludes])
        if example is None:
            return None
        inside = covers(other, pattern, other_excludes, excludes)
        wider = covers(pattern, other, excludes, other_excludes)
    else:
        inside = pattern_contains(other, pattern)
        wider = pattern_contains(pattern, other)
        example = None
        if not (inside or wider):
            example = overlap_example(pattern, other)
            if example is None:
                return None
    name, other_name = site["name"], other_site["name"]
    where = f"'{other.raw}' of the site '{other_name}'"

    def warning(kind, message):
        return PatternWarning(pattern.raw, kind, message, other_site["id"], other.raw)

    if inside and wider and pattern.rank == other.rank:
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
    elif wider:
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
