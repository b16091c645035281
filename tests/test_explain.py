"""Explaining an address: every rule that matches it, and the matcher's own winners."""

import json

import pytest

from server.matching import classify, pattern_matches, winning_categories
from server.matching.explain import CategoryRef, explain_url
from server.taxonomy.document import validate_document
from tests.samples import SHARED, minimal_taxonomy, shipped_taxonomy, with_site

# --- Explaining an address ----------------------------------------------------------------


def _classification_cases():
    return json.loads((SHARED / "classification-cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _classification_cases(), ids=lambda case: case["url"][:60])
def test_lab_winners_are_the_matchers_winners(case):
    document = shipped_taxonomy()
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
    document = with_site(minimal_taxonomy(), "mail-booking", ["https://mail.google.com/*"])
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


def test_an_excluded_address_is_listed_as_left_out_and_never_wins():
    document = minimal_taxonomy()
    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*"]
    document = validate_document(document)
    explanation = explain_url(document, "https://zoom.us/pricing/plans")
    assert [(hit.site_id, hit.wins, hit.excluded_by) for hit in explanation.hits] == [
        ("zoom", False, "https://zoom.us/pricing*")
    ]
    assert explanation.categories == ()
    (hit,) = explain_url(document, "https://zoom.us/j/1").hits
    assert (hit.wins, hit.excluded_by) == (True, None)
