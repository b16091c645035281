"""Which site, and so which guidance, an address belongs to.

The same semantics as the extension's ``extension/lib/matcher.js`` (Chrome's match
patterns over WHATWG-canonical URLs), checked against the vectors in ``shared/``:

- ``urls``: URL and host canonicalisation;
- ``patterns``: parsing a match pattern, matching one URL, specificity;
- ``index``: classifying a URL against every site of a taxonomy;
- ``algebra``, ``pattern_checks``, ``explain``: the pattern lab's containment and
  overlap, the warnings shown before a site is saved, and why an address gets its card.

Nothing here knows about Flask, the database or the taxonomy's other sections.
"""

from .algebra import host_contains
from .index import (
    Match,
    SiteIndex,
    build_index,
    classify,
    classify_by_scan,
    site_excludes,
    winning_categories,
)
from .patterns import (
    MatchPattern,
    PatternError,
    glob_matches,
    parse_pattern,
    pattern_matches,
    specificity,
)

__all__ = [
    "Match",
    "MatchPattern",
    "PatternError",
    "SiteIndex",
    "build_index",
    "classify",
    "classify_by_scan",
    "glob_matches",
    "host_contains",
    "parse_pattern",
    "pattern_matches",
    "site_excludes",
    "specificity",
    "winning_categories",
]
