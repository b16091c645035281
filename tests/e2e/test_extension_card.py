"""The card appears on matching sites, with the right guidance, and nowhere else."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


CARD_CASES = [
    ("https://mail.google.com/mail/u/0/#inbox", "Email", "Asynchronous"),
    ("https://us02web.zoom.us/j/81234567890?pwd=abc", "Video", "Synchronous"),
    ("https://web.whatsapp.com/", "chat", None),
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
    page = browsing.new_page()
    worlds = extension_worlds(page, lambda: (page.goto(url), page.wait_for_timeout(1000)))
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
