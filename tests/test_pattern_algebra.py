"""Set algebra on match patterns: containment and overlap of globs and patterns."""

import itertools
import random

import pytest

from server.matching import parse_pattern, pattern_matches
from server.matching.algebra import (
    address_example,
    covers,
    glob_contains,
    glob_overlap,
    overlap_example,
    pattern_contains,
)

# --- Glob containment and overlap ----------------------------------------------------------

CONTAINS = [
    # (outer, inner, every string of inner is in outer)
    ("/*", "/a", True),
    ("/a", "/*", False),
    ("/*", "/*", True),
    ("/**", "/*", True),
    ("/*", "/**", True),
    ("/a*", "/ab*", True),
    ("/ab*", "/a*", False),
    ("/a*", "/a", True),
    ("/a*", "/*", False),
    ("/chat/*", "/chat", False),
    ("/messages*", "/messages/*", True),
    ("/i/grok*", "/i/*", False),
    ("/*b", "/a*b", True),
    ("/a*b", "/a*", False),
    ("/a*b", "/a*b*b", True),
    ("/a*a", "/a", False),  # "/a" is too short to hold both a's
    ("/x*yz", "/x*y*z", False),
    ("/*/*", "/a/b/c", True),
    ("/*a*", "/x*a", True),
    ("/*ab*", "/*a*b*", False),  # "/axb" has no "ab"
    ("/*ab*", "/*a*ab*", True),
    ("/*aa*", "/*a*a*", False),
    ("/*a*b*", "/ab*", True),
    ("/*a*a*", "/aa*", True),
    ("/*a*a*", "/*a*", False),
    ("/a*b*a", "/ab*ba", True),
    ("/a*b*a", "/aba", True),
    ("/a*b*a", "/a*a", False),
    ("/*\ue000", "/*", False),  # the private-use stand-in for '*' is a real character
]


@pytest.mark.parametrize(("outer", "inner", "expected"), CONTAINS)
def test_glob_contains(outer, inner, expected):
    assert glob_contains(outer, inner) is expected


OVERLAPS = [
    # (a, b, the shortest string both match, or None)
    ("/*", "/chat/*", "/chat/"),
    ("/a", "/a", "/a"),
    ("/a", "/b", None),
    ("/a*", "/b*", None),
    ("/a*", "/*b", "/ab"),
    ("/*a", "/*b", None),
    ("/ab*", "/*ba", "/aba"),
    ("/a*b", "/*c", None),
    ("/messages*", "/messages/*", "/messages/"),
    ("/*/inbox", "/chat/*", "/chat/inbox"),
    ("/a*a", "/a", None),
    ("/**", "/", "/"),
]


@pytest.mark.parametrize(("a", "b", "expected"), OVERLAPS)
def test_glob_overlap(a, b, expected):
    assert glob_overlap(a, b) == expected
    swapped = glob_overlap(b, a)
    assert (swapped is None) is (expected is None)
    if expected is not None:
        assert len(swapped) == len(expected)


def test_glob_overlap_of_two_infixes_is_as_short_as_can_be():
    example = glob_overlap("/*x*", "/*y*")
    assert example in ("/xy", "/yx")


def _small_globs():
    """Every path glob of up to three symbols over a, b and '*'."""
    return [
        "/" + "".join(symbols)
        for size in range(4)
        for symbols in itertools.product("ab*", repeat=size)
    ]


def test_glob_algebra_agrees_with_brute_force():
    """Against the matcher on every path of up to six characters over a, b and c.

    That is enough to be exact: a string in ``inner`` but not ``outer`` can be had by
    putting 'c' (absent from the globs) in each star, and a string in both needs no
    more characters than the two globs' literals.
    """
    paths = [
        "/" + "".join(chars) for size in range(7) for chars in itertools.product("abc", repeat=size)
    ]
    matched = {
        glob: frozenset(
            path
            for path in paths
            if pattern_matches(f"https://h.test{glob}", f"https://h.test{path}")
        )
        for glob in _small_globs()
    }
    for a, b in itertools.product(matched, repeat=2):
        assert glob_contains(a, b) is (matched[b] <= matched[a]), (a, b)
        example = glob_overlap(a, b)
        both = matched[a] & matched[b]
        assert (example is not None) is bool(both), (a, b)
        if example is not None:
            assert example in both
            assert len(example) == min(len(path) for path in both), (a, b)


# --- Pattern containment and overlap ------------------------------------------------------

PATTERN_CONTAINS = [
    ("*://*.a.com/*", "https://a.com/x", True),
    ("https://*.a.com/*", "*://a.com/*", False),  # http://a.com/ is outside
    ("https://*.a.com/*", "https://b.a.com/*", True),
    ("https://*.a.com/*", "https://*.b.a.com/x/*", True),
    ("https://*.a.com/*", "https://ba.com/*", False),  # only on a label boundary
    ("https://a.com/*", "https://*.a.com/*", False),
    ("https://b.a.com/*", "https://*.a.com/*", False),
    ("https://1.2.3.4/*", "https://*.1.2.3.4/*", True),  # an IP address has no subdomains
    ("*://*/*", "https://a.com/x", True),
    ("https://a.com/*", "*://*/*", False),
    ("https://A.COM/*", "HTTPS://a.com/*", True),
    ("https://a.com/*", "https://a.com/*", True),
    ("https://a.com/A*", "https://a.com/a*", False),  # paths are case-sensitive
]


@pytest.mark.parametrize(("outer", "inner", "expected"), PATTERN_CONTAINS)
def test_pattern_contains(outer, inner, expected):
    assert pattern_contains(outer, inner) is expected


PATTERN_OVERLAPS = [
    ("https://*.google.com/*", "https://mail.google.com/chat/*", "https://mail.google.com/chat/"),
    ("*://*.a.com/x*", "*://b.a.com/*y", "https://b.a.com/xy"),
    ("*://a.com/*", "http://a.com/*", "http://a.com/"),
    ("https://*.a.com/*", "https://*.b.a.com/*", "https://b.a.com/"),
    ("http://a.com/*", "https://a.com/*", None),
    ("https://a.com/*", "https://b.com/*", None),
    ("https://*.a.com/*", "https://ba.com/*", None),
    ("https://b.a.com/*", "https://c.a.com/*", None),
    ("https://*.b.a.com/*", "https://c.a.com/*", None),
    ("https://a.com/x/*", "https://*.a.com/y/*", None),
]


@pytest.mark.parametrize(("a", "b", "expected"), PATTERN_OVERLAPS)
def test_overlap_example(a, b, expected):
    assert overlap_example(a, b) == expected
    if expected is not None:
        assert pattern_matches(a, expected) and pattern_matches(b, expected)
        assert overlap_example(b, a) is not None


URL_HOSTS = ["a.test", "b.a.test", "c.b.a.test", "ba.test", "1.2.3.4", "example.com"]


def small_patterns_and_matches(hosts, paths, longest_path):
    """Every pattern of the three schemes, `hosts` and `paths`, and for each the set of
    small URLs (paths of up to `longest_path` letters a-c) the matcher says it matches."""
    patterns = [
        f"{scheme}://{host}{path}"
        for scheme, host, path in itertools.product(("http", "https", "*"), hosts, paths)
    ]
    url_paths = [
        "/" + "".join(chars)
        for size in range(longest_path + 1)
        for chars in itertools.product("abc", repeat=size)
    ]
    urls = [
        f"{scheme}://{host}{path}"
        for scheme, host, path in itertools.product(("http", "https"), URL_HOSTS, url_paths)
    ]
    matched = {
        pattern: frozenset(url for url in urls if pattern_matches(pattern, url))
        for pattern in patterns
    }
    return patterns, matched


def test_pattern_algebra_agrees_with_the_matcher():
    """Every pair of small patterns, against every small URL the matcher sees."""
    hosts = ["a.test", "*.a.test", "ba.test", "b.a.test", "*.b.a.test", "1.2.3.4", "*.1.2.3.4", "*"]
    paths = ["/", "/a", "/*", "/a*", "/*a", "/*a*", "/a*b"]
    patterns, matched = small_patterns_and_matches(hosts, paths, longest_path=3)
    for a, b in itertools.product(patterns, repeat=2):
        assert pattern_contains(a, b) is (matched[b] <= matched[a]), (a, b)
        example = overlap_example(a, b)
        assert (example is not None) is bool(matched[a] & matched[b]), (a, b)
        if example is not None:
            assert pattern_matches(a, example) and pattern_matches(b, example), (a, b, example)


def test_a_pattern_inside_another_is_never_less_specific_except_over_an_ip():
    """Why ``shadowed`` is rare: the ranking already favours the narrower pattern."""
    hosts = ["a.test", "*.a.test", "b.a.test", "*.b.a.test", "1.2.3.4", "*.1.2.3.4"]
    paths = _small_globs()
    patterns = [f"https://{host}{path}" for host, path in itertools.product(hosts, paths)]
    for outer, inner in itertools.product(patterns, repeat=2):
        if pattern_contains(outer, inner) and parse_pattern(outer).rank > parse_pattern(inner).rank:
            assert inner.startswith("https://*.1.2.3.4/"), (outer, inner)


# --- With excludes -------------------------------------------------------------------------

ADDRESS_EXAMPLES = [
    # (within, outside, an address both sides agree on, or None)
    (["https://a.com/*"], ["https://a.com/pricing*"], "https://a.com/"),
    (["https://a.com/pricing/x"], ["https://a.com/pricing*"], None),
    (["https://*.a.com/*"], ["https://a.com/*"], "https://www.a.com/"),
    (["https://*.a.com/*"], ["https://a.com/*", "https://www.a.com/*"], "https://app.a.com/"),
    (["https://*.a.com/*"], ["*://*.a.com/*"], None),
    (["https://a.com/*", "https://a.com/blog/*"], ["https://a.com/blog/*"], None),
    (["https://a.com/*"], ["https://a.com/", "https://a.com//*"], "https://a.com/a"),
    (["*://*/*"], ["https://*.com/*", "http://*/*"], "https://example.org/"),
    (["https://a.com/*"], ["http://a.com/*"], "https://a.com/"),
    ([], [], None),
]


@pytest.mark.parametrize(("within", "outside", "expected"), ADDRESS_EXAMPLES)
def test_address_example(within, outside, expected):
    assert address_example(within, outside) == expected


COVERS = [
    # (outer, its excludes, inner, its excludes, expected)
    ("https://a.com/*", [], "https://a.com/blog/*", [], True),
    ("https://a.com/*", ["https://a.com/blog/*"], "https://a.com/blog/*", [], False),
    ("https://a.com/*", ["https://a.com/blog/x*"], "https://a.com/blog/*", [], False),
    (
        "https://a.com/*",
        ["https://a.com/blog/x*"],
        "https://a.com/blog/*",
        ["https://a.com/*x*"],
        True,
    ),
    ("https://a.com/x*", [], "https://a.com/*", ["https://a.com/"], False),  # /a is left
    ("https://a.com/blog/*", [], "https://a.com/*", ["https://a.com/*"], True),  # nothing left
]


@pytest.mark.parametrize(("outer", "outer_excludes", "inner", "inner_excludes", "expected"), COVERS)
def test_covers_with_excludes(outer, outer_excludes, inner, inner_excludes, expected):
    assert covers(outer, inner, outer_excludes, inner_excludes) is expected


def test_address_example_agrees_with_the_matcher():
    """Random sets of small patterns, within and outside, against every small URL: an
    example is always right, and none is given only when no URL tried would do."""
    hosts = ["a.test", "*.a.test", "b.a.test", "*.b.a.test", "1.2.3.4", "*"]
    paths = ["/", "/a", "/*", "/a*", "/*a", "/*a*", "/a*b", "/*b"]
    patterns, matched = small_patterns_and_matches(hosts, paths, longest_path=4)
    rnd = random.Random(20261203)
    for _ in range(3000):
        within = rnd.sample(patterns, rnd.randint(1, 2))
        outside = rnd.sample(patterns, rnd.randint(0, 3))
        example = address_example(within, outside)
        left = frozenset.intersection(*(matched[p] for p in within))
        left -= frozenset().union(*(matched[p] for p in outside))
        if example is None:
            assert not left, (within, outside, sorted(left)[:3])
        else:
            assert all(pattern_matches(p, example) for p in within), (within, outside, example)
            assert not any(pattern_matches(p, example) for p in outside), (within, outside)
