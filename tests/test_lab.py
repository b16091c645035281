"""The pattern lab: explaining an address, and warnings about a site's patterns."""

import itertools
import json
import time
from pathlib import Path

import pytest

from server.lab import (
    CategoryRef,
    explain_url,
    glob_contains,
    glob_overlap,
    overlap_example,
    pattern_contains,
    pattern_warnings,
)
from server.matching import classify, parse_pattern, pattern_matches, winning_categories
from server.taxonomy import validate_document
from tests.samples import minimal_taxonomy

SHARED = Path(__file__).resolve().parent.parent / "shared"


def _shipped():
    return json.loads((SHARED / "taxonomy.json").read_text(encoding="utf-8"))


def _with_site(document, site_id, patterns, categories=("calendar",)):
    document["sites"].append(
        {
            "id": site_id,
            "name": site_id.title(),
            "patterns": list(patterns),
            "categories": list(categories),
        }
    )
    return validate_document(document)


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


def test_pattern_algebra_agrees_with_the_matcher():
    """Every pair of small patterns, against every small URL the matcher sees."""
    hosts = ["a.test", "*.a.test", "ba.test", "b.a.test", "*.b.a.test", "1.2.3.4", "*.1.2.3.4", "*"]
    paths = ["/", "/a", "/*", "/a*", "/*a", "/*a*", "/a*b"]
    patterns = [
        f"{scheme}://{host}{path}"
        for scheme, host, path in itertools.product(("http", "https", "*"), hosts, paths)
    ]
    url_hosts = ["a.test", "b.a.test", "c.b.a.test", "ba.test", "1.2.3.4", "example.com"]
    url_paths = [
        "/" + "".join(chars) for size in range(4) for chars in itertools.product("abc", repeat=size)
    ]
    urls = [
        f"{scheme}://{host}{path}"
        for scheme, host, path in itertools.product(("http", "https"), url_hosts, url_paths)
    ]
    matched = {
        pattern: frozenset(url for url in urls if pattern_matches(pattern, url))
        for pattern in patterns
    }
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


# --- Warnings for a site being saved -------------------------------------------------------

TOO_BROAD = [
    "*://*.co.uk/*",
    "https://*.github.io/*",
    "https://com/*",
    "*://*.blogspot.com/*",
    "https://*.com/*",
    "https://*.localhost/*",
    "https://*.foo.ck/*",  # under a wildcard rule of the list: *.ck
    "*://*/*",
    "https://*/*",
    "<all_urls>",
]


@pytest.mark.parametrize("pattern", TOO_BROAD)
def test_too_broad(pattern):
    site = {"id": "new", "name": "New", "patterns": [pattern], "categories": ["video"]}
    (warning,) = pattern_warnings(minimal_taxonomy(), site)
    assert (warning.pattern, warning.kind, warning.other_site_id) == (pattern, "too-broad", None)
    assert pattern in warning.message
    assert "instead" in warning.message


@pytest.mark.parametrize(
    "pattern",
    [
        "https://example.github.io/*",
        "https://www.bbc.co.uk/*",
        "https://localhost/*",
        "http://127.0.0.1/*",
        "https://teams.cloud.microsoft/*",
    ],
)
def test_a_site_of_its_own_is_not_too_broad(pattern):
    site = {"id": "new", "name": "New", "patterns": [pattern], "categories": ["video"]}
    assert pattern_warnings(minimal_taxonomy(), site) == []


# The minimal taxonomy has: zoom https://*.zoom.us/*, gmail https://mail.google.com/*,
# gmail-chat https://mail.google.com/chat/*.
WARNINGS = [
    # (name, site id, patterns, [(pattern, kind, other site, other pattern, words in the message)])
    ("unrelated host", "teams", ["https://teams.microsoft.com/*"], []),
    ("other scheme", "new", ["http://mail.google.com/*"], []),
    ("label boundary", "new", ["https://*.ail.google.com/*"], []),
    ("invalid patterns are skipped", "new", ["https://exa mple.com/*", "mail.google.com/*"], []),
    (
        "same pattern, other case",
        "new",
        ["HTTPS://Mail.Google.com/*"],
        [
            (
                "HTTPS://Mail.Google.com/*",
                "duplicate",
                "gmail",
                "https://mail.google.com/*",
                "'Gmail'",
            ),
            (
                "HTTPS://Mail.Google.com/*",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "'Google Chat in Gmail' is chosen",
            ),
        ],
    ),
    (
        "saving a site ignores its stored copy",
        "gmail",
        ["https://mail.google.com/*"],
        [
            (
                "https://mail.google.com/*",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "'Google Chat in Gmail' is chosen",
            )
        ],
    ),
    (
        "narrower path wins",
        "new",
        ["https://mail.google.com/chat/rooms/*"],
        [
            (
                "https://mail.google.com/chat/rooms/*",
                "overlap",
                "gmail",
                "https://mail.google.com/*",
                "'New' is chosen",
            ),
            (
                "https://mail.google.com/chat/rooms/*",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "'New' is chosen",
            ),
        ],
    ),
    (
        "wildcard host loses to exact hosts",
        "new",
        ["https://*.google.com/*"],
        [
            (
                "https://*.google.com/*",
                "overlap",
                "gmail",
                "https://mail.google.com/*",
                "'Gmail' is chosen",
            ),
            (
                "https://*.google.com/*",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "'Google Chat in Gmail' is chosen",
            ),
        ],
    ),
    (
        "equally specific rules combine",
        "new",
        ["*://mail.google.com/*"],
        [
            (
                "*://mail.google.com/*",
                "overlap",
                "gmail",
                "https://mail.google.com/*",
                "shown together",
            ),
            (
                "*://mail.google.com/*",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "'Google Chat in Gmail' is chosen",
            ),
        ],
    ),
    (
        "partial overlap gives an example",
        "new",
        ["https://mail.google.com/*/inbox"],
        [
            (
                "https://mail.google.com/*/inbox",
                "overlap",
                "gmail",
                "https://mail.google.com/*",
                "'New' is chosen",
            ),
            (
                "https://mail.google.com/*/inbox",
                "overlap",
                "gmail-chat",
                "https://mail.google.com/chat/*",
                "such as https://mail.google.com/chat/inbox",
            ),
        ],
    ),
    (
        "subdomain of a zoom wildcard",
        "new",
        ["https://*.us02web.zoom.us/*"],
        [
            (
                "https://*.us02web.zoom.us/*",
                "overlap",
                "zoom",
                "https://*.zoom.us/*",
                "'New' is chosen",
            )
        ],
    ),
    (
        "one pattern listed twice warns once",
        "new",
        ["https://zoom.us/*", "https://zoom.us/*"],
        [("https://zoom.us/*", "overlap", "zoom", "https://*.zoom.us/*", "'New' is chosen")],
    ),
]


@pytest.mark.parametrize(
    ("site_id", "patterns", "expected"), [c[1:] for c in WARNINGS], ids=[c[0] for c in WARNINGS]
)
def test_pattern_warnings(site_id, patterns, expected):
    site = {
        "id": site_id,
        "name": "Gmail" if site_id == "gmail" else "New",
        "patterns": patterns,
        "categories": ["video"],
    }
    if site_id == "gmail":
        expected = [(*row[:4], row[4].replace("'New'", "'Gmail'")) for row in expected]
    warnings = pattern_warnings(minimal_taxonomy(), site)
    assert [(w.pattern, w.kind, w.other_site_id, w.other_pattern) for w in warnings] == [
        row[:4] for row in expected
    ]
    for warning, row in zip(warnings, expected, strict=True):
        assert row[4] in warning.message
        assert f"'{warning.other_pattern}'" in warning.message


def test_shadowed_by_a_more_specific_pattern():
    """A wildcard over an IP address matches the address alone, yet ranks as a wildcard."""
    document = _with_site(minimal_taxonomy(), "router", ["https://192.168.1.1/*"])
    site = {
        "id": "new",
        "name": "New",
        "patterns": ["https://*.192.168.1.1/*"],
        "categories": ["video"],
    }
    (warning,) = pattern_warnings(document, site)
    assert (warning.kind, warning.other_site_id, warning.other_pattern) == (
        "shadowed",
        "router",
        "https://192.168.1.1/*",
    )
    assert "never brings up 'New'" in warning.message
    (winner,) = [hit for hit in explain_url(document, "https://192.168.1.1/x").hits if hit.wins]
    assert winner.site_id == "router"


# --- The shipped taxonomy ----------------------------------------------------------------


def test_shipped_taxonomy_has_no_too_broad_or_duplicate_patterns():
    document = _shipped()
    kinds = {
        warning.kind for site in document["sites"] for warning in pattern_warnings(document, site)
    }
    assert kinds == {"overlap"}  # the path rules on shared hosts, e.g. Gmail and its chat


def test_shipped_taxonomy_overlaps_are_real_and_mutual():
    document = _shipped()
    pairs = set()
    for site in document["sites"]:
        for warning in pattern_warnings(document, site):
            example = overlap_example(warning.pattern, warning.other_pattern)
            assert pattern_matches(warning.pattern, example)
            assert pattern_matches(warning.other_pattern, example)
            pairs.add((site["id"], warning.pattern, warning.other_site_id, warning.other_pattern))
    assert pairs == {(b_site, b, a_site, a) for a_site, a, b_site, b in pairs}
    sites = {(a_site, b_site) for a_site, _, b_site, _ in pairs}
    assert ("gmail-chat", "gmail") in sites
    assert ("x-messages", "x-twitter") in sites
    assert ("reddit-chat", "reddit") in sites


def test_warnings_for_one_site_are_quick():
    document = _shipped()
    pattern_warnings(document, document["sites"][0])  # loads the public suffix list
    slowest = 0.0
    for site in document["sites"]:
        start = time.perf_counter()
        pattern_warnings(document, site)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 0.05


# --- Explaining an address ----------------------------------------------------------------


def _classification_cases():
    return json.loads((SHARED / "classification-cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _classification_cases(), ids=lambda case: case["url"][:60])
def test_lab_winners_are_the_matchers_winners(case):
    document = _shipped()
    explanation = explain_url(document, case["url"])
    matches = classify(document, case["url"])
    top = max((match.specificity for match in matches), default=None)
    assert {(hit.site_id, hit.pattern) for hit in explanation.hits if hit.wins} == {
        (match.site_id, match.pattern) for match in matches if match.specificity == top
    }
    assert [category.id for category in explanation.categories] == winning_categories(matches)
    assert sorted(category.id for category in explanation.categories) == sorted(case["expected"])
    assert all(pattern_matches(hit.pattern, case["url"]) for hit in explanation.hits)


EXPLAINED = [
    # (url, canonical, [(site id, pattern, wins)], category ids)
    (
        "https://mail.google.com/chat/u/0/#room",
        "https://mail.google.com/chat/u/0/",
        [
            ("gmail-chat", "https://mail.google.com/chat/*", True),
            ("gmail", "https://mail.google.com/*", False),
        ],
        ["live-chat"],
    ),
    (
        "HTTPS://user@MAIL.Google.com.:8443/mail?x=1#inbox",
        "https://mail.google.com/mail?x=1",
        [("gmail", "https://mail.google.com/*", True)],
        ["email"],
    ),
    ("https://zoom.us", "https://zoom.us/", [("zoom", "https://*.zoom.us/*", True)], ["video"]),
    ("https://notzoom.us/", "https://notzoom.us/", [], []),
    ("https://example.org/page", "https://example.org/page", [], []),
]


@pytest.mark.parametrize(("url", "canonical", "hits", "categories"), EXPLAINED)
def test_explain_url(url, canonical, hits, categories):
    explanation = explain_url(minimal_taxonomy(), url)
    assert (explanation.url, explanation.canonical, explanation.error) == (url, canonical, None)
    assert [(hit.site_id, hit.pattern, hit.wins) for hit in explanation.hits] == hits
    assert [category.id for category in explanation.categories] == categories


def test_hits_name_their_categories():
    explanation = explain_url(minimal_taxonomy(), "https://mail.google.com/chat/")
    assert [(hit.site_name, hit.categories) for hit in explanation.hits] == [
        ("Google Chat in Gmail", (CategoryRef("live-chat", "Live Chat"),)),
        ("Gmail", (CategoryRef("email", "Email"),)),
    ]
    assert explanation.categories == (CategoryRef("live-chat", "Live Chat"),)


def test_equally_specific_sites_both_win_and_combine():
    document = _with_site(minimal_taxonomy(), "mail-booking", ["https://mail.google.com/*"])
    explanation = explain_url(document, "https://mail.google.com/mail/")
    assert [(hit.site_id, hit.wins) for hit in explanation.hits] == [
        ("gmail", True),
        ("mail-booking", True),
    ]
    assert [category.id for category in explanation.categories] == ["email", "calendar"]


def test_only_the_best_pattern_of_a_site_wins():
    document = minimal_taxonomy()
    document["sites"][0]["patterns"] = [
        "https://*.zoom.us/*",
        "https://*.zoom.us/j/*",
        "https://*.zoom.us/j/*",
    ]
    explanation = explain_url(validate_document(document), "https://zoom.us/j/1")
    assert [(hit.pattern, hit.wins) for hit in explanation.hits] == [
        ("https://*.zoom.us/j/*", True),
        ("https://*.zoom.us/j/*", False),
        ("https://*.zoom.us/*", False),
    ]


UNMATCHABLE = [
    # (typed, words the error must contain)
    ("", "Type a full web address"),
    ("   ", "Type a full web address"),
    ("zoom.us/j/1", "https://zoom.us/j/1"),
    ("localhost:8080/x", "such as https://localhost:8080/x"),
    (
        "exa mple.com",
        "in front. Type the full address, as the browser's address bar shows it.",
    ),
    ("ftp://files.example.com/", "'ftp:' addresses never get guidance"),
    ("mailto:someone@example.com", "'mailto:' addresses"),
    ("https://", "cannot be read"),
    ("https://exa mple.com/", "cannot be read"),
    ("https://example.com:99999/", "cannot be read"),
]


@pytest.mark.parametrize(("url", "words"), UNMATCHABLE)
def test_unmatchable_address_says_why(url, words):
    explanation = explain_url(minimal_taxonomy(), url)
    assert words in explanation.error
    assert (explanation.canonical, explanation.hits, explanation.categories) == (None, (), ())
