"""How the card behaves as a therapist browses: single-page apps, its buttons, the
frequency rules, pausing, several categories, keyboard use, "Why this?" and the checklist."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import (
    ACTIVE_ELEMENT,
    CARD,
    HOST,
    badge_text,
    by_id,
    category_name,
    expect_no_card,
    forget_seen,
    set_prefs,
    shipped_taxonomy,
    take_version,
    wait_for_badge,
)
from tests.e2e.extension import open_tab, storage, visit, wait_for
from tests.e2e.pages import open_options, open_popup
from tests.e2e.service import publish

pytestmark = pytest.mark.e2e

FREQUENCY_JS = Path(__file__).resolve().parents[2] / "extension" / "lib" / "frequency.js"
MAX_SEEN_SITES = int(
    re.search(r"MAX_SEEN_SITES = (\d+);", FREQUENCY_JS.read_text(encoding="utf-8")).group(1)
)
GMAIL = "https://mail.google.com/mail/u/0/#inbox"
ZOOM = "https://us02web.zoom.us/j/81234567890"
HOUR_MS = 60 * 60 * 1000

LOCAL_TODAY = """() => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}"""
NEXT_LOCAL_MIDNIGHT = """() => {
  const midnight = new Date();
  midnight.setHours(24, 0, 0, 0);
  return midnight.getTime();
}"""


def test_a_single_page_app_navigation_switches_the_card_in_place(browsing, worker):
    page = visit(browsing, "https://outlook.office.com/mail/inbox")
    expect(page.locator("#dpg-title")).to_have_text(category_name("email"))
    assert wait_for_badge(worker, page) == "MAIL"
    page.evaluate("() => { window.firstHost = document.querySelector('digital-practice-guide'); }")
    page.focus("#page-button")

    page.evaluate("() => history.pushState({}, '', '/calendar/view/week')")

    expect(page.locator("#dpg-title")).to_have_text(category_name("calendar"))
    expect(page.locator(CARD)).to_be_visible()
    assert page.evaluate(ACTIVE_ELEMENT) == "page-button", "the update moved focus"
    assert page.evaluate(
        "() => document.querySelectorAll('digital-practice-guide').length === 1"
        " && document.querySelector('digital-practice-guide') === window.firstHost"
    ), "the card was drawn again instead of updated in place"
    wait_for(lambda: badge_text(worker, page) == "CAL", message="the calendar badge")


def test_got_it_hides_the_card_on_that_site_for_the_day(browsing, worker):
    page = visit(browsing, GMAIL)
    page.click("#dpg-got-it")
    expect(page.locator(CARD)).to_be_hidden()

    page.reload()
    expect_no_card(page, worker)
    expect_no_card(visit(browsing, "https://mail.google.com/mail/u/0/#sent"), worker)
    expect(visit(browsing, ZOOM).locator(CARD)).to_be_visible()


@pytest.mark.parametrize("kind", ["hour", "tomorrow"])
def test_snooze_hides_the_card_until_the_snooze_ends(browsing, worker, kind):
    page = visit(browsing, ZOOM)
    before = worker.evaluate("() => Date.now()")
    page.click("#dpg-snooze")
    page.click(f"#dpg-snooze-{kind}")
    expect(page.locator(CARD)).to_be_hidden()
    until = wait_for(lambda: storage(worker, "local", ["snoozes"]).get("snoozes", {}).get("zoom"))
    after = worker.evaluate("() => Date.now()")
    if kind == "hour":
        assert before + HOUR_MS <= until <= after + HOUR_MS
    else:
        assert until == worker.evaluate(NEXT_LOCAL_MIDNIGHT)

    # Without a record of the card being seen today, only the snooze keeps it away.
    forget_seen(worker, "zoom")
    page.reload()
    expect_no_card(page, worker)

    worker.evaluate(
        "async () => chrome.storage.local.set({snoozes: {zoom: Date.now() - 1000}, seen: {}})"
    )
    page.reload()
    expect(page.locator(CARD)).to_be_visible()


def test_dont_show_on_this_site_keeps_the_badge_and_undo_brings_the_card_back(
    browsing, worker, extension_id
):
    page = visit(browsing, GMAIL)
    page.click("#dpg-disable-site")
    expect(page.locator(CARD)).to_be_hidden()
    wait_for(
        lambda: "gmail" in storage(worker, "sync", ["prefs"])["prefs"].get("disabledSites", [])
    )

    # Forget that the card was seen today, so that only the disabled site keeps it away.
    forget_seen(worker, "gmail")
    page.reload()
    expect_no_card(page, worker)
    assert badge_text(worker, page) == "MAIL"

    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#disabled-sites")).to_contain_text("Gmail")
    popup.get_by_role("button", name="Show the card on Gmail again").click()
    expect(popup.locator("#disabled-sites")).to_have_text(re.compile("^None"))

    page.reload()
    expect(page.locator(CARD)).to_be_visible()


def test_escape_closes_the_snooze_menu_then_the_card_and_focus_goes_back(browsing, worker):
    page = visit(browsing, GMAIL)
    expect(page.locator(CARD)).to_be_visible()
    page.focus("#page-button")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-collapse"
    page.evaluate(
        "() => { window.pageKeys = 0;"
        " document.addEventListener('keydown', () => { window.pageKeys += 1; }); }"
    )

    page.locator("#dpg-snooze").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#dpg-snooze-menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#dpg-snooze-menu")).to_be_hidden()
    expect(page.locator(CARD)).to_be_visible()
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-snooze"

    page.keyboard.press("Escape")
    expect(page.locator(CARD)).to_be_hidden()
    assert page.evaluate(ACTIVE_ELEMENT) == "page-button", "focus did not go back to the page"
    assert page.evaluate("() => window.pageKeys") == 0, "keys in the card reached the page"

    page.reload()
    expect_no_card(page, worker)


# A new browser session empties session storage; the tab records stay, as the tab does
# (tests count its pages by them).
NEW_SESSION = """async () => {
  const keys = Object.keys(await chrome.storage.session.get(null));
  await chrome.storage.session.remove(keys.filter((key) => !key.startsWith("tab:")));
}"""
NEW_DAY = """async () => {
  const {seen} = await chrome.storage.local.get({seen: {}});
  for (const entry of Object.values(seen)) entry.day = "2000-01-01";
  await chrome.storage.local.set({seen});
}"""

# Is the card shown on: the first visit, a reload, a reload in a new browser session,
# a reload on a new day? (None: the default frequency.)
FREQUENCY_CASES = [
    ("every-visit", [True, True, True, True]),
    ("session", [True, False, True, False]),
    (None, [True, False, False, True]),
    ("on-change", [True, False, False, False]),
    ("never", [False, False, False, False]),
]


@pytest.mark.parametrize(
    ("frequency", "expected"),
    FREQUENCY_CASES,
    ids=[frequency or "daily-default" for frequency, _ in FREQUENCY_CASES],
)
def test_frequency_rules(browsing, worker, frequency, expected):
    if frequency:
        set_prefs(worker, frequency=frequency)
    page = open_tab(browsing)
    steps = [
        lambda: page.goto(GMAIL),
        page.reload,
        lambda: (worker.evaluate(NEW_SESSION), page.reload()),
        lambda: (worker.evaluate(NEW_DAY), page.reload()),
    ]
    for step, expect_card in zip(steps, expected, strict=True):
        step()
        if expect_card:
            expect(page.locator(CARD)).to_be_visible()
        else:
            expect_no_card(page, worker)
        assert badge_text(worker, page) == "MAIL"


def changed(document, category_id, note):
    by_id(document["categories"], category_id)["summary"] += f" {note}"
    return document


def test_on_change_shows_the_card_again_only_when_its_guidance_changes(
    browsing, worker, extension_id, shipped_app
):
    options = open_options(browsing, extension_id)
    options.check("#frequency-on-change")
    options.click("#save")
    expect(options.locator("#saved")).to_have_text("Settings saved.")
    assert storage(worker, "sync", ["prefs"])["prefs"]["frequency"] == "on-change"

    page = visit(browsing, GMAIL)
    expect(page.locator(CARD)).to_be_visible()
    page.reload()
    expect_no_card(page, worker)

    # New calendar guidance is no reason to remind on Gmail.
    document = changed(shipped_taxonomy(), "calendar", "Revised calendar.")
    take_version(browsing, extension_id, publish(shipped_app, document, "calendar"))
    page.reload()
    expect_no_card(page, worker)

    document = changed(document, "email", "Revised email.")
    take_version(browsing, extension_id, publish(shipped_app, document, "email"))
    page.reload()
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator(".dpg-summary")).to_contain_text("Revised email.")
    page.reload()
    expect_no_card(page, worker)


def test_pause_from_the_popup_quiets_cards_but_not_the_badge(browsing, worker, extension_id):
    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#resume")).to_be_disabled()
    popup.click("#pause-hour")
    expect(popup.locator("#pause-state")).to_contain_text("paused until")
    paused_until = storage(worker, "local", ["pausedUntil"])["pausedUntil"]
    assert 0 < paused_until - worker.evaluate("() => Date.now()") <= HOUR_MS

    page = visit(browsing, GMAIL)
    expect_no_card(page, worker)
    assert badge_text(worker, page) == "MAIL"

    popup.click("#resume")
    expect(popup.locator("#pause-state")).to_have_text("Reminder cards are on.")
    page.reload()
    expect(page.locator(CARD)).to_be_visible()


def test_several_categories_on_one_page_read_as_one_card(browsing, worker):
    page = visit(browsing, "https://teams.microsoft.com/v2/")
    chat, video = category_name("live-chat"), category_name("video")
    expect(page.locator("#dpg-title")).to_have_text(f"{chat} and {video[0].lower()}{video[1:]}")
    expect(page.locator(HOST)).to_have_count(1)
    expect(page.locator(CARD)).to_have_count(1)
    # One line for the mode: both are synchronous, so it is the first's short note.
    expect(page.locator("#dpg-mode p")).to_have_count(1)
    expect(page.locator("#dpg-mode strong")).to_have_text("Synchronous")
    assert wait_for_badge(worker, page) == "CHAT"


NUMBER_CONTROLS = """() => {
  const root = document.querySelector("digital-practice-guide").shadowRoot;
  const focusable = "button, a[href], input, select, textarea, [tabindex]";
  const controls = [...root.querySelectorAll(focusable)].filter((node) => node.checkVisibility());
  controls.forEach((control, index) => { control.dataset.order = String(index); });
  return controls.map((control) => control.tagName.toLowerCase() + ":" + (control.type || ""));
}"""
FOCUSED_CONTROL = """() => {
  const host = document.querySelector("digital-practice-guide");
  if (document.activeElement !== host) return null;
  const order = host.shadowRoot.activeElement?.dataset.order;
  return order === undefined ? null : Number(order);
}"""
ROLES = {"button:button": "button", "a:": "link", "input:checkbox": "checkbox"}


def test_collapse_to_the_pill_and_every_control_by_keyboard(browsing):
    page = visit(browsing, ZOOM)
    page.click("#dpg-collapse")
    expect(page.locator("#dpg-panel")).to_be_hidden()
    expect(page.locator("#dpg-pill")).to_have_text(f"Guidance: {category_name('video')}")
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-pill"
    page.keyboard.press("Enter")
    expect(page.locator("#dpg-panel")).to_be_visible()
    expect(page.locator("#dpg-pill")).to_be_hidden()
    assert page.evaluate(ACTIVE_ELEMENT) == "card:dpg-collapse"

    for disclosure in ("#dpg-more", "#dpg-why", "#dpg-snooze"):
        page.click(disclosure)
        expect(page.locator(disclosure)).to_have_attribute("aria-expanded", "true")
    kinds = page.evaluate(NUMBER_CONTROLS)
    assert len(kinds) > 10

    page.focus("#page-button")
    reached = []
    for _ in range(len(kinds) + 1):
        page.keyboard.press("Tab")
        order = page.evaluate(FOCUSED_CONTROL)
        if order is None:
            break
        reached.append(order)
    assert reached == list(range(len(kinds))), "Tab does not reach every control in order"

    for order, kind in enumerate(kinds):
        assert kind in ROLES, f"control {order} is a {kind}, not a button, link or checkbox"
        control = page.locator(f'[data-order="{order}"]')
        expect(control).to_have_role(ROLES[kind])
        expect(control).to_have_accessible_name(re.compile(r"\w"))


def test_why_this_names_the_site_pattern_categories_and_guidance(
    browsing, extension_id, shipped_app
):
    document = shipped_taxonomy()
    document["meta"]["reviewed"] = "2026-03-04"
    take_version(browsing, extension_id, publish(shipped_app, document, "reviewed again"))

    page = visit(browsing, GMAIL)
    expect(page.locator("#dpg-why-details")).to_be_hidden()
    page.click("#dpg-why")
    expect(page.locator("#dpg-why")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#dpg-why-details")).to_be_visible()
    rows = page.locator("#dpg-why-details").evaluate(
        "(list) => [...list.querySelectorAll('dt')]"
        ".map((term) => [term.textContent, term.nextElementSibling.textContent])"
    )
    assert dict(rows) == {
        "Site": "Gmail",
        "Matched pattern": "https://mail.google.com/*",
        "Categories": category_name("email"),
        "Guidance version": "2",
        "Reviewed": "4 Mar 2026",
        "Source": "Your guidance server",
        # What chose the cautions.
        "What you do here": "Not said (the site's usual categories)",
        "Moment": "Before a session or message, first visit to this site",
        "Where you practise": "None chosen yet",
        "What holds for you": "Not asked yet",
    }


def test_checklist_ticks_persist_for_the_day_only(browsing, worker):
    set_prefs(worker, frequency="every-visit")
    page = visit(browsing, ZOOM)
    page.click("#dpg-more")  # the checklist is under "More"
    first, second = page.locator("#dpg-check-video-0"), page.locator("#dpg-check-video-1")
    first.check()
    today = worker.evaluate(LOCAL_TODAY)
    wait_for(
        lambda: (
            storage(worker, "local", ["checklist"]).get("checklist")
            == {"day": today, "ticks": {"video": [0]}}
        ),
        message="the tick stored for today",
    )

    page.reload()
    expect(first).to_be_checked()
    expect(second).not_to_be_checked()

    yesterday = {"day": "2000-01-01", "ticks": {"video": [0]}}
    worker.evaluate("async (checklist) => chrome.storage.local.set({checklist})", yesterday)
    page.reload()
    expect(page.locator(CARD)).to_be_visible()
    expect(first).not_to_be_checked()


DAY_MS = 24 * HOUR_MS


def test_the_seen_record_is_pruned_when_a_card_shows(browsing, worker):
    now = worker.evaluate("() => Date.now()")
    stale = {
        f"old-{index}": {"day": "2000-01-01", "at": now - 31 * DAY_MS - index, "hashes": {}}
        for index in range(1000)
    }
    recent = {
        f"recent-{index}": {"day": "2000-01-01", "at": now - (index + 1) * 1000, "hashes": {}}
        for index in range(MAX_SEEN_SITES + 50)
    }
    worker.evaluate(
        "(state) => chrome.storage.local.set(state)",
        {"seen": {**stale, **recent}, "snoozes": {"gmail": now - 1}, "pausedUntil": now - 1},
    )

    page = visit(browsing, ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    # The worker shows the card first and records it after: wait for the record.
    wait_for(
        lambda: "zoom" in storage(worker, "local", ["seen"])["seen"],
        message="the worker recorded the card it showed",
    )
    settled_state = storage(worker, "local", ["seen", "snoozes", "pausedUntil"])
    seen = settled_state["seen"]
    assert len(seen) == MAX_SEEN_SITES
    assert "zoom" in seen and not any(site.startswith("old-") for site in seen)
    assert "recent-0" in seen and f"recent-{MAX_SEEN_SITES}" not in seen
    assert (settled_state["snoozes"], settled_state["pausedUntil"]) == ({}, 0)


def test_the_record_is_also_tidied_once_a_day(browsing, worker):
    alarm = worker.evaluate("() => chrome.alarms.get('housekeeping')")
    assert alarm["periodInMinutes"] == 24 * 60
