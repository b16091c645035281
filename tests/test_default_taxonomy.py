"""The guidance shipped in shared/taxonomy.json is complete enough to trust."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from server.matching import classify, winning_categories
from server.taxonomy.applicability import Reader, applicable
from server.taxonomy.document import read_document
from server.taxonomy.rules import required_ids

SHIPPED = Path(__file__).resolve().parent.parent / "shared" / "taxonomy.json"


@pytest.fixture(scope="module")
def shipped():
    return read_document(SHIPPED)


@pytest.fixture(scope="module")
def categories(shipped):
    return {category["id"]: category for category in shipped["categories"]}


def test_shipped_default_validates(shipped):
    assert shipped["schema_version"] == 2
    assert [group["id"] for group in shipped["groups"]] == [
        "working-online",
        "digital-communication",
    ]


@pytest.mark.parametrize("category_id", required_ids("categories"))
def test_every_category_is_complete(categories, category_id):
    category = categories[category_id]
    assert len(category["cautions"]) >= 5
    assert len(category["benefits"]) >= 2
    assert 2 <= len(category["questions"]) <= 3
    assert len(category["references"]) >= 2
    assert category["mode"] in ("synchronous", "asynchronous", "both")


@pytest.mark.parametrize("category_id", ["telephone", "live-chat", "video"])
def test_live_sessions_have_a_checklist(categories, category_id):
    assert len(categories[category_id].get("checklist", [])) >= 3


# The popup's "I'm about to… see a client in the room" opens this category; no site does.
IN_ROOM = "in-room-technology"
SITUATIONS_JS = SHIPPED.parent.parent / "extension" / "lib" / "situations.js"


def test_the_in_room_category_is_complete(categories):
    in_room = categories[IN_ROOM]
    assert in_room["groups"] == ["digital-communication"]
    assert 3 <= len(in_room["cautions"]) <= 6
    assert 3 <= len(in_room.get("checklist", [])) <= 12
    assert 2 <= len(in_room["questions"]) <= 3
    assert len(in_room["references"]) >= 2


def test_the_in_room_category_is_the_popup_situation(shipped, categories):
    """situations.js names it, and it has key cautions for the moment the client arrives."""
    assert f'categoryId: "{IN_ROOM}"' in SITUATIONS_JS.read_text()
    for jurisdictions in (None, ("uk",), ("us-il",)):
        reader = Reader(jurisdictions=jurisdictions, stage="before")
        assert len(applicable(shipped, categories[IN_ROOM]["cautions"], reader)) >= 3


def test_no_site_brings_the_in_room_category(shipped):
    for site in shipped["sites"]:
        brought = [site["categories"], *(use["categories"] for use in site.get("uses", []))]
        assert not any(IN_ROOM in ids for ids in brought), site["id"]
    cases = json.loads((SHIPPED.parent / "classification-cases.json").read_text())["cases"]
    for case in cases:
        assert IN_ROOM not in winning_categories(classify(shipped, case["url"])), case["url"]


# Payment dashboards are practice management; their own caution is what statements show.
PAYMENT_SITES = ["stripe-dashboard", "square-dashboard", "paypal-business", "gocardless-dashboard"]


@pytest.mark.parametrize("site_id", PAYMENT_SITES)
def test_payment_dashboards_warn_about_statements(shipped, site_id):
    site = next(item for item in shipped["sites"] if item["id"] == site_id)
    assert site["categories"] == ["calendar"]
    assert site["cautions"] == ["payment-statements-reveal-therapy"]


def test_modes_follow_the_medium(categories):
    assert categories["video"]["mode"] == "synchronous"
    assert categories["telephone"]["mode"] == "synchronous"
    assert categories["email"]["mode"] == "asynchronous"


def test_groups_follow_the_framework(categories):
    for category_id in ("telephone", "live-chat", "video", "email"):
        assert "working-online" in categories[category_id]["groups"]
    for category_id in ("texting", "social-media", "online-resources", "calendar"):
        assert categories[category_id]["groups"] == ["digital-communication"]


def test_legal_points_name_their_jurisdiction(shipped):
    tagged = [caution for caution in shipped["cautions"] if caution.get("jurisdictions")]
    legal = ("HIPAA", "GDPR", "ICO", "business associate")
    places = re.compile(r"\b(UK|US|EU|Canada|Ontario|Australia)\b")
    for caution in shipped["cautions"]:
        if any(word in caution["detail"] for word in legal):
            named = places.search(caution["detail"]) is not None
            assert caution.get("jurisdictions") or named, caution["id"]
    assert {tag for caution in tagged for tag in caution["jurisdictions"]} >= {"uk", "us"}


def test_many_real_sites_cover_every_category(shipped):
    assert len(shipped["sites"]) >= 90
    per_category = Counter(c for site in shipped["sites"] for c in set(site["categories"]))
    for category_id in required_ids("categories"):
        assert per_category[category_id] >= 3, category_id


def test_references_are_https_and_used(shipped):
    for reference in shipped["references"]:
        assert reference["url"].startswith("https://")


# One host, several kinds of practice: the path decides. Direct messages on social
# platforms are social media and team chat is messaging: digital communication, not
# live-chat therapy.
SHARED_HOSTS = [
    ("https://mail.google.com/mail/u/0/#inbox", ["email"]),
    ("https://mail.google.com/chat/u/0/#chat/home", ["texting"]),
    ("https://outlook.office.com/mail/inbox", ["email"]),
    ("https://outlook.office.com/calendar/view/week", ["calendar"]),
    ("https://www.facebook.com/", ["social-media"]),
    ("https://www.facebook.com/messages/t/1234", ["social-media"]),
    ("https://x.com/home", ["social-media"]),
    ("https://x.com/messages/123-456", ["social-media"]),
    ("https://www.instagram.com/direct/inbox/", ["social-media"]),
    ("https://www.linkedin.com/messaging/thread/abc/", ["social-media"]),
    ("https://www.linkedin.com/feed/", ["social-media"]),
    ("https://www.icloud.com/mail/", ["email"]),
    ("https://www.icloud.com/calendar/", ["calendar"]),
    ("https://www.icloud.com/iclouddrive/", ["online-resources"]),
]


@pytest.mark.parametrize(("url", "expected"), SHARED_HOSTS)
def test_path_rules_split_shared_hosts(shipped, url, expected):
    assert winning_categories(classify(shipped, url)) == expected


def test_teams_is_chat_and_video_at_once(shipped):
    assert set(winning_categories(classify(shipped, "https://teams.microsoft.com/v2/"))) == {
        "live-chat",
        "video",
    }


def test_classification_cases_cover_every_category_and_look_alikes():
    cases = json.loads((SHIPPED.parent / "classification-cases.json").read_text())["cases"]
    expected = {category for case in cases for category in case["expected"]}
    assert expected == set(required_ids("categories"))
    assert sum(1 for case in cases if case["expected"] == []) >= 10


# --- Calm, referenced and scoped: the rules a careful reviewer checks -------------------

# A card that presents a therapy channel must not also say the channel is not for therapy.
NOT_A_CHANNEL = re.compile(
    r"\bnot (?:a|the) (?:clinical )?(?:channel|place) for (?:therapy|sessions|clinical)"
    r"|\bnot a clinical channel|\b(?:never|not) for therapy",
    re.IGNORECASE,
)
CAUTION_TEXTS = ("title", "headline", "action", "detail")


def _citations(caution):
    return [
        item["ref"] if isinstance(item, dict) else item for item in caution.get("references", [])
    ]


def _places(shipped):
    """Each jurisdiction id with the ids above it (us-il -> {us-il, us})."""
    parents = {item["id"]: item.get("parent") for item in shipped["jurisdictions"]}
    chains = {}
    for place in parents:
        chain, current = set(), place
        while current is not None and current not in chain:
            chain.add(current)
            current = parents[current]
        chains[place] = chain
    return chains


def _reference_place(shipped, reference_id):
    """The jurisdiction a reference's id starts with (the longest), or None."""
    ids = sorted((item["id"] for item in shipped["jurisdictions"]), key=len, reverse=True)
    return next((j for j in ids if reference_id == j or reference_id.startswith(j + "-")), None)


def test_at_most_thirty_percent_of_cautions_are_high(shipped):
    cautions = shipped["cautions"]
    high = [caution["id"] for caution in cautions if caution["severity"] == "high"]
    assert len(high) <= 0.3 * len(cautions), high


def test_every_caution_cites_a_reference(shipped):
    assert [c["id"] for c in shipped["cautions"] if not _citations(c)] == []


def test_laws_are_named_by_their_place(shipped):
    """A reference of kind law starts with the id of the jurisdiction it binds (eu-gdpr-2016,
    us-il-pa-104-0054-2025), so the next test can check the cautions that cite it."""
    for reference in shipped["references"]:
        if reference["kind"] == "law":
            assert _reference_place(shipped, reference["id"]), reference["id"]


def test_regional_law_is_tagged_with_its_region(shipped):
    """A caution citing a law, or resting on law or a regulator and citing a regional source
    (a state's act, a province's college), is tagged with that place or one under it; for a
    regional source, never with the whole country."""
    chains = _places(shipped)
    regions = {item["id"] for item in shipped["jurisdictions"] if item.get("parent")}
    kinds = {reference["id"]: reference["kind"] for reference in shipped["references"]}
    for caution in shipped["cautions"]:
        tags = caution.get("jurisdictions") or []
        for reference_id in _citations(caution):
            place = _reference_place(shipped, reference_id)
            binding = kinds[reference_id] == "law" or (
                place in regions and caution["basis"] in ("law", "regulator")
            )
            if not binding:
                continue
            assert tags, (caution["id"], reference_id)
            assert any(place in chains[tag] for tag in tags), (caution["id"], reference_id)
            if place in regions:
                assert all(place in chains[tag] for tag in tags), (caution["id"], tags)


def test_every_region_is_used(shipped):
    used = {tag for caution in shipped["cautions"] for tag in caution.get("jurisdictions", [])}
    regions = {item["id"] for item in shipped["jurisdictions"] if item.get("parent")}
    assert regions <= used, regions - used


@pytest.mark.parametrize("country", ["uk", "eu", "us", "ca", "au"])
def test_countries_carry_emergency_numbers(shipped, country):
    place = next(item for item in shipped["jurisdictions"] if item["id"] == country)
    assert place.get("emergency"), country


def _cards(shipped):
    """(label, categories, site caution ids) for each category and each site and use."""
    for category in shipped["categories"]:
        yield category["id"], [category["id"]], []
    for site in shipped["sites"]:
        yield site["id"], site["categories"], site.get("cautions", [])
        for use in site.get("uses", []):
            yield f"{site['id']}/{use['id']}", use["categories"], site.get("cautions", [])


def test_no_card_calls_a_therapy_channel_not_for_therapy(shipped, categories):
    cautions = {caution["id"]: caution for caution in shipped["cautions"]}
    for label, category_ids, site_cautions in _cards(shipped):
        cards = [categories[category_id] for category_id in category_ids]
        if not any(category["groups"] == ["working-online"] for category in cards):
            continue
        texts = [category["summary"] for category in cards]
        texts += [category.get("mode_note", "") for category in cards]
        ids = site_cautions + [item for category in cards for item in category["cautions"]]
        texts += [cautions[item][field] for item in ids for field in CAUTION_TEXTS]
        assert not [text for text in texts if NOT_A_CHANNEL.search(text)], label


def _words(text):
    return len(text.split())


MODE_WORDS = {"synchronous": 1, "asynchronous": 1, "both": 2}


@pytest.mark.parametrize("jurisdictions", [None, ("uk",), ("us-il",)])
def test_first_view_stays_under_a_hundred_words(shipped, categories, jurisdictions):
    """Category names, groups and mode lines, then the three top cautions' headline and
    action, as the card shows them on arrival (site cautions first)."""
    groups = {group["id"]: group["name"] for group in shipped["groups"]}
    reader = Reader(jurisdictions=jurisdictions, stage="before")
    for label, category_ids, site_cautions in _cards(shipped):
        if not category_ids:
            continue
        cards = [categories[category_id] for category_id in category_ids]
        words = sum(_words(category["name"]) for category in cards)
        shown = dict.fromkeys(g for category in cards for g in category["groups"])
        words += sum(_words(groups[g]) for g in shown)
        words += sum(MODE_WORDS[c["mode"]] + _words(c.get("mode_note", "")) for c in cards)
        ids = site_cautions + [item for category in cards for item in category["cautions"]]
        applying = applicable(shipped, ids, reader)
        top = [c for c in applying if c["id"] in site_cautions]
        top += [c for c in applying if c["id"] not in site_cautions]
        words += sum(_words(c["headline"]) + _words(c["action"]) for c in top[:3])
        assert words <= 100, (label, jurisdictions, words)


RECORDING = re.compile(r"\brecord|\btranscri", re.IGNORECASE)


@pytest.mark.parametrize("url", ["https://chatgpt.com/", "https://claude.ai/new"])
def test_a_chat_box_does_not_lead_with_recording(shipped, url):
    site_ids = {match.site_id for match in classify(shipped, url)}
    sites = [site for site in shipped["sites"] if site["id"] in site_ids]
    ids = [item for site in sites for item in site.get("cautions", [])]
    by_category = {category["id"]: category for category in shipped["categories"]}
    ids += [
        item
        for category in winning_categories(classify(shipped, url))
        for item in by_category[category]["cautions"]
    ]
    top = applicable(shipped, ids, Reader(jurisdictions=("uk",), stage="before"))[:3]
    assert not [c["id"] for c in top if RECORDING.search(c["headline"])]
