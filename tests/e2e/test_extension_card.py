"""The card appears on matching sites, with the right guidance, and nowhere else."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import shipped_taxonomy
from tests.e2e.extension import TAB_RECORDS, open_tab, settled, storage, visit, wait_for
from tests.e2e.pages import open_options

pytestmark = pytest.mark.e2e


CARD_CASES = [
    ("https://mail.google.com/mail/u/0/#inbox", "Email", "Asynchronous"),
    ("https://us02web.zoom.us/j/81234567890?pwd=abc", "Video", "Synchronous"),
    # Until the reader says what they do there, a site with uses shows its default.
    ("https://web.whatsapp.com/", "Texts", None),
    ("https://calendar.google.com/calendar/u/0/r/week", "alendar", None),
    ("https://www.facebook.com/", "ocial media", None),
]


@pytest.mark.parametrize(("url", "title_part", "mode"), CARD_CASES)
def test_card_shows_the_category_on_matching_sites(browsing, url, title_part, mode):
    page = browsing.new_page()
    page.goto(url)
    card = page.locator("#dpg-card")
    expect(card).to_be_visible()
    expect(page.locator("#dpg-title")).to_contain_text(title_part)
    if mode:
        expect(page.locator("#dpg-mode")).to_contain_text(mode)
    expect(page.locator("#dpg-top-cautions li").first).to_be_visible()


NO_CARD = [
    "https://example.org/",
    "https://notzoom.us/",
    "https://zoom.us.example.net/",
    "https://www.google.com/search?q=zoom.us+meeting",
]


def extension_worlds(page, action):
    """Run action(); return the extension script worlds created in the page meanwhile."""
    session = page.context.new_cdp_session(page)
    worlds = []
    session.on(
        "Runtime.executionContextCreated",
        lambda event: (
            worlds.append(event["context"])
            if event["context"]["origin"].startswith("chrome-extension://")
            else None
        ),
    )
    session.send("Runtime.enable")
    action()
    return worlds


@pytest.mark.parametrize("url", NO_CARD)
def test_no_card_and_no_script_elsewhere(browsing, url):
    page = open_tab(browsing)
    worlds = extension_worlds(page, lambda: page.goto(url))
    # The extension may not even see these addresses: the worker knows only that the tab
    # shows a page, and that is all it does about it.
    assert settled(page)["decision"] == "no-access"
    expect(page.locator("digital-practice-guide")).to_have_count(0)
    assert worlds == []


def test_matching_pages_get_the_card_script(browsing):
    """The check above can see an injected script: it finds the one on Zoom."""
    page = browsing.new_page()
    worlds = extension_worlds(
        page,
        lambda: (page.goto("https://acme.zoom.us/j/1"), page.locator("#dpg-card").wait_for()),
    )
    assert worlds


def test_the_worker_records_what_it_decided_for_each_tab_and_no_address(
    browsing, worker, guidance_server
):
    zoom = visit(browsing, "https://acme.zoom.us/j/81234567890?pwd=secret")
    expect(zoom.locator("#dpg-card")).to_be_visible()
    shown = settled(zoom)
    assert {key: shown[key] for key in ("siteId", "decision", "reason", "card")} == {
        "siteId": "zoom",
        "decision": "shown",
        "reason": "first-visit",
        "card": True,
    }
    zoom.reload()
    assert settled(zoom) == {
        "nav": shown["nav"] + 1,
        "siteId": "zoom",
        "decision": "quiet",
        "reason": "seen-today",
        "card": False,
    }
    # An address it may see that no guidance names (the development server's page), and
    # one it may not see at all.
    home = visit(browsing, guidance_server.url + "/")
    assert settled(home)["decision"] == "no-match"
    elsewhere = visit(browsing, "https://example.org/clients/jane-doe")
    assert settled(elsewhere)["decision"] == "no-access"

    records = worker.evaluate(TAB_RECORDS)
    assert len(records) >= 3
    for record in records.values():
        assert set(record) == {"nav", "siteId", "decision", "reason", "card"}
        assert not any(":" in str(value) or "." in str(value) for value in record.values())

    zoom.close()
    wait_for(lambda: len(worker.evaluate(TAB_RECORDS)) == len(records) - 1)


def test_a_region_chosen_in_the_options_brings_its_countrys_cautions(
    browsing, worker, extension_id, shipped_app
):
    """Regions are offered under their country; a reader who chose one gets the cautions
    tagged with the country (and not another country's)."""
    document = shipped_taxonomy()  # the bundled guidance, which has US regions
    us_regions = [item["name"] for item in document["jurisdictions"] if item.get("parent") == "us"]
    assert "Illinois" in us_regions

    options = open_options(browsing, extension_id)
    regions = options.locator('#jurisdiction-list .choices-regions[aria-label="United States"]')
    expect(regions.locator("label")).to_have_text(us_regions)
    options.check("#jurisdiction-us-il")
    options.click("#save")
    expect(options.locator("#saved")).to_have_text("Settings saved.")
    assert storage(worker, "sync", ["prefs"])["prefs"]["jurisdictions"] == ["us-il"]

    page = visit(browsing, "https://acme.zoom.us/j/1")
    page.locator("#dpg-more").click()
    details = page.locator("#dpg-more-details")
    cautions = {caution["id"]: caution["headline"] for caution in document["cautions"]}
    expect(details).to_contain_text(cautions["us-hipaa-baa"])
    expect(details).not_to_contain_text(cautions["uk-eu-data-protection"])
