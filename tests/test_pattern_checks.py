"""Warnings about a site's patterns before it is saved: too broad, duplicate, shadowed, overlap."""

import pytest

from server.matching import pattern_matches
from server.matching.algebra import overlap_example
from server.matching.explain import explain_url
from server.matching.pattern_checks import pattern_warnings
from server.taxonomy.document import validate_document
from tests.samples import minimal_taxonomy, shipped_taxonomy, with_site

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


# --- A site's excludes, on either side -------------------------------------------------------


def _booking(document):
    """A booking site on one host whose blog and pricing page are not the product."""
    document["sites"].append(
        {
            "id": "booking",
            "name": "Booking",
            "patterns": ["https://booking.example/*"],
            "exclude": ["https://booking.example/blog/*", "https://booking.example/pricing*"],
            "categories": ["calendar"],
        }
    )
    return validate_document(document)


def _new(patterns, exclude=()):
    site = {"id": "new", "name": "New", "patterns": list(patterns), "categories": ["video"]}
    return {**site, "exclude": list(exclude)} if exclude else site


def test_a_page_another_site_excludes_is_no_overlap():
    document = _booking(minimal_taxonomy())
    assert pattern_warnings(document, _new(["https://booking.example/blog/*"])) == []
    document["sites"][-1].pop("exclude")
    (warning,) = pattern_warnings(document, _new(["https://booking.example/blog/*"]))
    assert warning.kind == "overlap"


def test_an_overlap_beside_the_excludes_gives_an_address_they_leave():
    document = _booking(minimal_taxonomy())
    (warning,) = pattern_warnings(document, _new(["https://booking.example/b*"]))
    assert (warning.kind, warning.other_site_id) == ("overlap", "booking")
    assert "such as https://booking.example/b," in warning.message


def test_excludes_of_the_site_being_saved_count_too():
    document = minimal_taxonomy()
    site = _new(["https://*.zoom.us/*"], exclude=["https://zoom.us/pricing*"])
    (warning,) = pattern_warnings(document, site)
    # Zoom covers more than the new site now: no longer the same addresses.
    assert (warning.kind, warning.other_site_id) == ("overlap", "zoom")
    assert "Every address this pattern matches is also matched by" in warning.message


def test_a_pattern_its_excludes_take_away_entirely():
    site = _new(
        ["https://booking.example/*", "https://booking.example/blog/*"],
        exclude=["https://booking.example/blog/*"],
    )
    (warning,) = pattern_warnings(minimal_taxonomy(), site)
    assert (warning.pattern, warning.kind) == ("https://booking.example/blog/*", "all-excluded")
    assert "never brings up 'New'" in warning.message


def test_an_exclude_that_leaves_nothing_out():
    site = _new(["https://booking.example/app/*"], exclude=["https://booking.example/pricing*"])
    (warning,) = pattern_warnings(minimal_taxonomy(), site)
    assert (warning.pattern, warning.kind) == ("https://booking.example/pricing*", "exclude-unused")
    assert "leaves nothing out" in warning.message


def test_an_other_site_s_pattern_it_excludes_entirely_is_ignored():
    document = _booking(minimal_taxonomy())
    document["sites"][-1]["patterns"].append("https://booking.example/blog/archive/*")
    assert pattern_warnings(document, _new(["https://booking.example/blog/*"])) == []


def test_shadowed_by_a_more_specific_pattern():
    """A wildcard over an IP address matches the address alone, yet ranks as a wildcard."""
    document = with_site(minimal_taxonomy(), "router", ["https://192.168.1.1/*"])
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
    document = shipped_taxonomy()
    kinds = {
        warning.kind for site in document["sites"] for warning in pattern_warnings(document, site)
    }
    assert kinds == {"overlap"}  # the path rules on shared hosts, e.g. Gmail and its chat


def test_shipped_taxonomy_overlaps_are_real_and_mutual():
    document = shipped_taxonomy()
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


def test_every_shipped_site_can_be_checked_against_the_others():
    """Saving any shipped site runs these checks; their speed is a figure of
    bench/bench_admin.py (a timed assertion here would fail on a busy machine)."""
    document = shipped_taxonomy()
    ids = {site["id"] for site in document["sites"]}
    for site in document["sites"]:
        for warning in pattern_warnings(document, site):
            assert warning.pattern in site["patterns"]
            assert warning.other_site_id in ids - {site["id"]}
