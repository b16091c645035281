"""The card's scripts registered with the browser for the guidance's own patterns, in a
real Chromium: they follow the guidance and the custom sites, a recognised page's card
reaches it through them (no injection by the worker), and a single-page app that moves
from an address the guidance ignores onto one it recognises still gets its card, from
the worker."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, set_prefs, shipped_taxonomy
from tests.e2e.extension import open_tab, settled, wait_for

pytestmark = pytest.mark.e2e

REGISTERED = """async () => (await chrome.scripting.getRegisteredContentScripts())
  .map(({id, js, matches, runAt, allFrames}) => ({id, js, matches, runAt, allFrames}))"""
CUSTOM = {
    "id": "clinic-rooms",
    "name": "Clinic rooms",
    "patterns": ["https://rooms.clinic.example/*"],
    "categories": ["video"],
}


def stand_in(route):
    route.fulfill(
        status=200,
        content_type="text/html; charset=utf-8",
        body="<!doctype html><html lang='en'><title>LinkedIn</title><main>Messages</main></html>",
    )


def registered(worker):
    return worker.evaluate(REGISTERED)


def guidance_patterns():
    return sorted({pattern for site in shipped_taxonomy()["sites"] for pattern in site["patterns"]})


def test_the_card_scripts_are_registered_for_the_guidance_and_custom_sites(browsing, worker):
    def current(expected):
        scripts = registered(worker)
        return scripts if scripts and sorted(scripts[0]["matches"]) == expected else None

    (script,) = wait_for(lambda: current(guidance_patterns()), message="the registration")
    assert script["id"] == "dpg-card"
    assert script["js"][-1] == "content/card.js"
    assert script["runAt"] == "document_end" and not script["allFrames"]

    set_prefs(worker, customSites=[CUSTOM])
    wait_for(
        lambda: current(sorted([*guidance_patterns(), *CUSTOM["patterns"]])),
        message="the custom site's pattern registered",
    )
    set_prefs(worker, customSites=[])
    wait_for(lambda: current(guidance_patterns()), message="the custom site's pattern gone")


@pytest.mark.parametrize(
    "url",
    ["https://acme.zoom.us/j/123", "https://mail.google.com/mail/u/0/#inbox"],
)
def test_a_recognised_page_gets_its_card_from_its_own_script(browsing, worker, url):
    wait_for(lambda: registered(worker), message="the registration")
    set_prefs(worker, frequency="every-visit")
    page = open_tab(browsing)
    page.goto(url)
    expect(page.locator(CARD)).to_be_visible()
    decision = settled(page)
    assert decision["decision"] == "shown"
    # The page's own script was listening, or took the card as it started: never injected.
    assert decision["delivery"] in {"listening", "taken"}, decision
    assert page.locator("digital-practice-guide").count() == 1


def test_a_single_page_app_moving_onto_a_recognised_address_gets_its_card(browsing, worker):
    wait_for(lambda: registered(worker), message="the registration")
    set_prefs(worker, frequency="every-visit")
    browsing.route("https://www.linkedin.com/**", stand_in)
    page = open_tab(browsing)
    # LinkedIn's job listings are not a page the guidance speaks to: no script, no card.
    page.goto("https://www.linkedin.com/jobs/")
    assert settled(page)["decision"] == "no-match"
    assert page.evaluate("() => document.querySelector('digital-practice-guide')") is None

    page.evaluate("() => history.pushState({}, '', '/feed/')")
    expect(page.locator(CARD)).to_be_visible()
    decision = wait_for(
        lambda: (found := settled(page)) and found.get("decision") == "shown" and found,
        message="the card for the feed",
    )
    assert decision["delivery"] == "injected", decision
    assert page.locator("digital-practice-guide").count() == 1
