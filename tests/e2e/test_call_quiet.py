"""Quiet in session, and after: on a stand-in meeting page that plays sound through Web
Audio, the open card folds to its pill when the sound starts, no new card pops up while
the tab is audible (the tab's decision says `suppressed`, `in-call`), the badge stays; once
the sound stops, a small pill offers the after-session cautions, chosen by the card's own
rule for the stage `after`."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import ACTIVE_ELEMENT, CARD, badge_text, wait_for_badge
from tests.e2e.extension import open_tab, settled, tab_id_of, wait_for, worker_evaluate
from tests.e2e.test_accessibility import (  # noqa: F401 (axe_source is a fixture)
    PANEL_BACKGROUND,
    axe_source,
    run_axe,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
MEETING = "https://acme.zoom.us/j/1"
# Chromium says a tab is audible a moment after sound starts, and keeps saying so for a
# second or two after it stops: generous, on two shared cores.
AUDIBLE_SECONDS = 20
# The after pill waits this long in silence before it shows, on top of Chromium's lag.
AFTER_CALL_JS = ROOT / "extension" / "content" / "after-call.js"
GRACE_SECONDS = (
    int(re.search(r"GRACE_MS = ([\d_]+);", AFTER_CALL_JS.read_text("utf-8")).group(1)) / 1000
)
AFTER_PILL_MS = (AUDIBLE_SECONDS + GRACE_SECONDS) * 1000
# The stand-in meeting: a tone through Web Audio from the moment the page loads (the
# launch flag below lets it play without a click), stopped and started from the test.
MEETING_PAGE = """<!doctype html><html lang='en'><head><meta charset='utf-8'>
<title>Meeting</title></head><body><main><h1>A stand-in meeting</h1>
<button id='page-button'>A control of the page</button></main><script>
let context = null;
function startTone() {
  context = new AudioContext();
  const tone = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = 0.05;
  tone.connect(gain).connect(context.destination);
  tone.start();
}
function stopTone() { context.close(); context = null; }
startTone();
</script></body></html>"""
# The after-stage key cautions of the page, as lib/guidance.js chooses them (no
# jurisdiction or profile chosen yet, as in these tests).
AFTER_HEADLINES = """
import { readFileSync } from "node:fs";
import { buildCardModel } from "./extension/lib/guidance.js";
const taxonomy = JSON.parse(readFileSync("shared/taxonomy.json", "utf8"));
const model = buildCardModel({ taxonomy, url: process.argv[1], stage: "after" });
console.log(JSON.stringify(model.topCautions.map((caution) => caution.headline)));
"""
CALL_RECORD = "(key) => chrome.storage.session.get(key).then((found) => found[key] ?? null)"


@pytest.fixture(scope="module")
def launch_options():
    # Headless Chromium mutes audio by default, and then never reports a tab audible;
    # autoplay without a user gesture lets the stand-in meeting start its sound on load.
    return {
        "ignore_default_args": ["--mute-audio"],
        "args": ["--autoplay-policy=no-user-gesture-required"],
    }


@pytest.fixture
def meeting(browsing):
    """The browser with the fake sites, and the stand-in meeting at acme.zoom.us."""
    browsing.route(
        "https://acme.zoom.us/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=MEETING_PAGE
        ),
    )
    return browsing


def after_headlines(url):
    found = subprocess.run(
        ["node", "--input-type=module", "-e", AFTER_HEADLINES, url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(found.stdout)


def call_record(worker, page):
    # Through the current worker: an idle one may be stopped during the long waits here.
    return worker_evaluate(page.context, CALL_RECORD, f"call:{tab_id_of(page)}")


def wait_for_call(worker, page, in_call):
    return wait_for(
        lambda: (
            (call_record(worker, page) or {}).get("inCall") is in_call and call_record(worker, page)
        ),
        timeout=AUDIBLE_SECONDS,
        message=f"the tab {'in' if in_call else 'out of'} a call",
    )


def test_a_call_folds_the_card_and_quiets_new_ones(meeting, worker):
    page = open_tab(meeting)
    page.goto(MEETING)
    assert settled(page)["decision"] == "shown"
    badge = wait_for_badge(worker, page)

    wait_for_call(worker, page, True)
    expect(page.locator("#dpg-pill")).to_be_visible()
    expect(page.locator("#dpg-panel")).to_be_hidden()
    assert badge_text(worker, page) == badge

    # A new page in the tab while the sound goes on: no card, the badge stays.
    page.evaluate("() => history.pushState({}, '', '/j/2')")
    decision = settled(page)
    assert (decision["decision"], decision["reason"], decision["card"]) == (
        "suppressed",
        "in-call",
        False,
    )
    expect(page.locator(CARD)).to_be_hidden()
    assert badge_text(worker, page) == badge


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_end_of_a_call_offers_the_after_cautions(meeting, worker, axe_source, scheme):  # noqa: F811
    page = open_tab(meeting)
    page.emulate_media(color_scheme=scheme)
    page.goto(MEETING)
    settled(page)
    wait_for_call(worker, page, True)
    page.focus("#page-button")

    page.evaluate("() => stopTone()")

    ended = wait_for_call(worker, page, False)
    assert ended["offered"] is True, ended
    headlines = after_headlines(MEETING)
    assert headlines, "the shipped guidance has after-session cautions for Zoom"
    pill = page.locator("#dpg-after-pill")
    expect(pill).to_be_visible(timeout=AFTER_PILL_MS)
    expect(pill).to_have_text(f"After the session: {len(headlines)} reminders")
    expect(page.locator("#dpg-after-live")).to_have_text(pill.inner_text())
    expect(page.locator(CARD)).to_be_hidden()
    assert page.evaluate(ACTIVE_ELEMENT) == "page-button", "the pill took focus"

    # Keyboard: the pill opens to the cautions' headline and action, Escape closes it.
    pill.focus()
    page.keyboard.press("Enter")
    expect(pill).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#dpg-after-cautions .dpg-caution-title")).to_have_text(headlines)
    expect(page.locator("#dpg-after-cautions .dpg-caution-action")).to_have_count(len(headlines))
    expect(page.locator("#dpg-after-panel")).to_have_css(
        "background-color", PANEL_BACKGROUND[scheme]
    )

    page.evaluate("() => document.body.append(document.querySelector('digital-practice-guide'))")
    page.add_script_tag(content=axe_source)
    blocking, contrast_checked = run_axe(page, f"after-session pill, {scheme}")
    assert blocking == []
    assert any("dpg-after" in target for target in contrast_checked), contrast_checked

    pill.focus()
    page.keyboard.press("Escape")
    expect(pill).to_have_attribute("aria-expanded", "false")
    page.click("#dpg-after-dismiss")
    expect(page.locator("#dpg-after")).to_have_count(0)


def test_sound_again_within_the_grace_keeps_the_pill_away_and_focus_comes_back(meeting, worker):
    page = open_tab(meeting)
    page.goto(MEETING)
    settled(page)
    wait_for_call(worker, page, True)
    page.evaluate("() => stopTone()")
    assert wait_for_call(worker, page, False)["offered"] is True
    waiting = page.locator("#dpg-after")
    expect(waiting).to_have_count(1)
    expect(waiting).to_be_hidden()

    # Sound again before the grace is over (a pause in the session, not its end): the
    # waiting pill goes unseen, and the card stays folded to its pill.
    page.evaluate("() => startTone()")
    wait_for_call(worker, page, True)
    expect(waiting).to_have_count(0)
    expect(page.locator("#dpg-pill")).to_be_visible()

    page.evaluate("() => stopTone()")
    pill = page.locator("#dpg-after-pill")
    expect(pill).to_be_visible(timeout=AFTER_PILL_MS)
    expect(page.locator(CARD)).to_be_hidden()
    # From the page's own control to the pill by keyboard, and dismissed from there:
    # focus goes back to the page's control.
    page.focus("#page-button")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-after-pill"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-after-dismiss"
    page.keyboard.press("Enter")
    expect(waiting).to_have_count(0)
    assert page.evaluate(ACTIVE_ELEMENT) == "page-button"
