"""The guidance shipped in shared/taxonomy.json is complete enough to trust."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from server.matching import classify, winning_categories
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
