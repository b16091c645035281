"""Where the reader practises, in a real Chromium: until they choose, only cautions that
apply everywhere and a "Choose where you practise" link to the options; a country shows
its cautions and a quiet note that regional ones exist; a region shows its own, and the
location caution carries the emergency numbers of the reader's jurisdictions."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, by_id, set_prefs, shipped_taxonomy, take_version
from tests.e2e.extension import visit
from tests.e2e.service import publish
from tests.e2e.test_accessibility import (  # noqa: F401, F811 (axe_source is a fixture)
    CARD_INTO_BODY,
    axe_source,
    run_axe,
    show_everything,
)

pytestmark = pytest.mark.e2e

ZOOM = "https://us02web.zoom.us/j/81234567890"
# A region of this test's own, so that the shipped guidance's regions do not matter.
REGION, REGION_NAME = "us-xa", "Example State"
REGION_HEADLINE = "Example State: follow the state's telehealth rules"


def with_a_region():
    """The shipped guidance with a region under the US, its own caution on video, and
    emergency numbers for both."""
    document = shipped_taxonomy()
    by_id(document["jurisdictions"], "us")["emergency"] = [
        {"name": "Emergency services", "number": "911", "when": "Immediate danger to life"}
    ]
    document["jurisdictions"].append(
        {
            "id": REGION,
            "name": REGION_NAME,
            "parent": "us",
            "emergency": [{"name": "Crisis line", "number": "988", "when": "Thoughts of suicide"}],
        }
    )
    template = by_id(document["cautions"], "us-hipaa-baa")
    document["cautions"].append(
        {
            **template,
            "id": "xa-telehealth",
            "title": REGION_HEADLINE,
            "headline": REGION_HEADLINE,
            "jurisdictions": [REGION],
            "force": "should",
            "basis": "guidance",
        }
    )
    by_id(document["categories"], "video")["cautions"].append("xa-telehealth")
    return document


def headlines_tagged(*places):
    """Headlines of the video cautions tagged with one of ``places`` exactly."""
    document = with_a_region()
    video = set(by_id(document["categories"], "video")["cautions"])
    return {
        caution["headline"]
        for caution in document["cautions"]
        if caution["id"] in video and set(caution.get("jurisdictions") or ()) & set(places)
    }


US_HEADLINES = headlines_tagged("us")
UK_EU_HEADLINES = headlines_tagged("uk", "eu")


def more_headlines(page):
    page.click("#dpg-more")
    return page.locator("#dpg-more-details .dpg-caution-title").all_text_contents()


@pytest.fixture
def regions(browsing, extension_id, shipped_app, worker):
    take_version(browsing, extension_id, publish(shipped_app, with_a_region(), "a region"))
    set_prefs(worker, frequency="every-visit")
    return browsing


def test_no_place_chosen_shows_only_what_applies_everywhere(regions, extension_id):
    page = visit(regions, ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    link = page.locator("#dpg-choose-place")
    expect(link).to_have_text("Choose where you practise")
    titles = more_headlines(page)
    assert US_HEADLINES and UK_EU_HEADLINES
    assert titles and not set(titles) & (US_HEADLINES | UK_EU_HEADLINES | {REGION_HEADLINE})
    # The link opens the options' jurisdictions in a new tab.
    with regions.expect_page() as opened:
        link.click()
    options = opened.value
    options.wait_for_load_state()
    assert options.url == f"chrome-extension://{extension_id}/options/options.html#jurisdictions"


def test_a_country_sees_its_cautions_and_a_note_on_regions(regions, worker):
    set_prefs(worker, jurisdictions=["us"])
    page = visit(regions, ZOOM)
    expect(page.locator("#dpg-choose-place")).to_have_text("Rules differ by region: choose yours")
    titles = more_headlines(page)
    assert set(titles) & US_HEADLINES
    assert REGION_HEADLINE not in titles
    expect(page.locator(".dpg-emergency li")).to_have_text(
        ["United States, Emergency services: 911 (Immediate danger to life)"]
    )


def test_a_region_sees_its_own_and_its_numbers(regions, worker, axe_source):  # noqa: F811
    set_prefs(worker, jurisdictions=[REGION])
    page = visit(regions, ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator("#dpg-place")).to_have_count(0)
    titles = more_headlines(page)
    assert REGION_HEADLINE in titles and set(titles) & US_HEADLINES
    emergency = page.locator(".dpg-emergency")
    expect(emergency).to_have_count(1)
    expect(emergency).to_contain_text("those where the client is")
    expect(emergency.locator("li")).to_have_text(
        [
            f"{REGION_NAME}, Crisis line: 988 (Thoughts of suicide)",
            "United States, Emergency services: 911 (Immediate danger to life)",
        ]
    )
    # The new parts pass axe too.
    page.click("#dpg-more")  # closed again, so show_everything opens it
    show_everything(page)
    page.evaluate(CARD_INTO_BODY)
    page.add_script_tag(content=axe_source)
    blocking, _checked = run_axe(page, "card with emergency numbers")
    assert blocking == []
