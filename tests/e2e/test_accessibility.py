"""The card, the popup and the options page pass axe-core's serious and critical checks in
light and dark mode; the card respects reduced motion, never takes focus when it appears
and keeps clear of the page's own controls."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import ACTIVE_ELEMENT, CARD, set_prefs, shipped_taxonomy
from tests.e2e.pages import open_options, open_popup

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
ZOOM = "https://us02web.zoom.us/j/81234567890"
# The card's panel background in each scheme (--dpg-bg), to show the scheme applied.
PANEL_BACKGROUND = {"light": "rgb(251, 250, 248)", "dark": "rgb(31, 35, 40)"}

RUN_AXE = """async () => {
  const results = await axe.run(document);
  const describe = (violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => JSON.stringify(node.target)),
  });
  const contrast = results.passes.find((rule) => rule.id === "color-contrast");
  return {
    violations: results.violations.map(describe),
    contrastChecked: (contrast?.nodes ?? []).map((node) => JSON.stringify(node.target)),
  };
}"""
# While the card's host sits on <html> (so that a page replacing its body does not take
# the card with it), axe cannot work out the card's background colours and leaves every
# contrast check "incomplete". For axe the host is moved into <body>: the card is
# position: fixed with styles of its own, so it looks the same. The move restarts its
# appear animation, which is let finish before anything is measured.
CARD_INTO_BODY = """async () => {
  const host = document.querySelector("digital-practice-guide");
  document.body.append(host);
  await Promise.all(host.shadowRoot.getAnimations().map((animation) => animation.finished));
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`.")
        pytest.skip("axe-core is not installed (npm ci).")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, where):
    """Run axe (already injected); print minor findings, return the blocking ones."""
    report = page.evaluate(RUN_AXE)
    for violation in report["violations"]:
        if violation["impact"] not in BLOCKING:
            print(f"{where}: axe ({violation['impact']}) {violation['id']} {violation['targets']}")
    blocking = [v for v in report["violations"] if v["impact"] in BLOCKING]
    return blocking, report["contrastChecked"]


def show_everything(page):
    """Open every part of the card, so that axe checks all of it."""
    for disclosure in ("#dpg-more", "#dpg-why", "#dpg-snooze"):
        page.click(disclosure)
        expect(page.locator(disclosure)).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_card_passes_axe(browsing, axe_source, scheme):
    page = browsing.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(ZOOM)
    show_everything(page)
    expect(page.locator(".dpg-panel")).to_have_css("background-color", PANEL_BACKGROUND[scheme])
    page.evaluate(CARD_INTO_BODY)
    page.add_script_tag(content=axe_source)
    blocking, contrast_checked = run_axe(page, f"card, {scheme}")
    assert blocking == []
    in_card = [target for target in contrast_checked if "digital-practice-guide" in target]
    assert len(in_card) >= 10, "axe could not check the contrast of the card's text"


def popup_for_a_page(context, extension_id):
    """The popup showing a page's guidance: it draws the active tab's, so it is reloaded
    behind the Zoom tab."""
    page = context.new_page()
    page.goto(ZOOM)
    popup = open_popup(context, extension_id)
    page.bring_to_front()
    popup.reload()
    expect(popup.locator("#page-guidance")).to_be_visible()
    return popup


EXTENSION_PAGES = {
    "popup-for-a-page": popup_for_a_page,
    "popup-catalogue": open_popup,
    "options": open_options,
}


@pytest.mark.parametrize("view", EXTENSION_PAGES)
def test_the_extension_pages_pass_axe(browsing, extension_id, axe_source, view):
    page = EXTENSION_PAGES[view](browsing, extension_id)
    # Extension pages allow no inline script; evaluating the source goes around that.
    page.evaluate(axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        blocking, contrast_checked = run_axe(page, f"{view}, {scheme}")
        assert blocking == [], f"{view} in {scheme} mode"
        assert len(contrast_checked) >= 10, f"axe could not check the contrast of the {view}"


def test_the_options_with_regions_pass_axe(browsing, extension_id, axe_source, shipped_app):
    """Regions are offered in a group under their country."""
    assert any(item.get("parent") for item in shipped_taxonomy()["jurisdictions"])
    page = open_options(browsing, extension_id)
    expect(page.locator("#jurisdiction-us-il")).to_have_count(1)
    page.evaluate(axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        blocking, _contrast = run_axe(page, f"options with regions, {scheme}")
        assert blocking == [], f"options with regions in {scheme} mode"


MOTION = """() => {
  const root = document.querySelector("digital-practice-guide").shadowRoot;
  const seconds = (value) => Math.max(...value.split(",").map((part) => parseFloat(part) || 0));
  return Math.max(...[...root.querySelectorAll("*")].map((node) => {
    const style = getComputedStyle(node);
    return Math.max(seconds(style.animationDuration), seconds(style.transitionDuration));
  }));
}"""


@pytest.mark.parametrize(("motion", "moves"), [("no-preference", True), ("reduce", False)])
def test_the_card_moves_only_when_motion_is_welcome(browsing, motion, moves):
    page = browsing.new_page()
    page.emulate_media(reduced_motion=motion)
    page.goto(ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    longest = page.evaluate(MOTION)
    assert (longest > 0) is moves, f"longest animation or transition: {longest}s"


FOCUS_WATCH = """() => {
  window.focusChanges = [];
  for (const type of ["focusin", "focusout"]) {
    document.addEventListener(type, (event) => window.focusChanges.push(type), true);
  }
}"""


def test_the_card_never_takes_focus_when_it_appears(browsing, worker):
    # Cards are off on Outlook mail, so the card first appears on the single-page-app
    # move to the calendar, while the user is on a control of the page.
    set_prefs(worker, disabledSites=["outlook-mail"])
    page = browsing.new_page()
    page.goto("https://outlook.office.com/mail/inbox")
    page.focus("#page-button")
    page.evaluate(FOCUS_WATCH)
    page.evaluate("() => history.pushState({}, '', '/calendar/view/week')")
    expect(page.locator(CARD)).to_be_visible()
    assert page.evaluate(ACTIVE_ELEMENT) == "page-button"
    assert page.evaluate("() => window.focusChanges") == []


def test_the_card_keeps_clear_of_the_page_controls(browsing):
    page = browsing.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    card = page.locator(CARD).bounding_box()
    button = page.locator("#page-button").bounding_box()
    apart = (
        card["x"] >= button["x"] + button["width"]
        or button["x"] >= card["x"] + card["width"]
        or card["y"] >= button["y"] + button["height"]
        or button["y"] >= card["y"] + card["height"]
    )
    assert apart, f"the card {card} covers the page's button {button}"
    assert card["x"] >= 0 and card["y"] >= 0
    assert card["x"] + card["width"] <= 1280 and card["y"] + card["height"] <= 800
