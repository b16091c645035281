"""Where the card sits, in a real Chromium: clear of a stand-in Gmail's compose window and
of a stand-in meeting's bottom toolbar, moved by the keyboard with "Move", remembered for
the site (by its id) on the next visit, and back to placing itself."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, forget_seen
from tests.e2e.extension import open_tab, settled, storage, wait_for
from tests.e2e.test_accessibility import (  # noqa: F401, F811 (axe_source is a fixture)
    CARD_INTO_BODY,
    axe_source,
    run_axe,
)

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1280, "height": 800}
GMAIL = "https://mail.google.com/mail/u/0/#inbox"
ZOOM = "https://acme.zoom.us/j/1"
PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
    "</head><body><main><h1>{title}</h1><p>An offline stand-in.</p></main>{fixed}</body></html>"
)
# Gmail's compose window: fixed at the bottom right, over the inbox.
COMPOSE = (
    "<div id='compose' role='dialog' aria-label='New message' style='position: fixed;"
    " right: 16px; bottom: 0; width: 500px; height: 480px; background: #eee;'>"
    "<textarea aria-label='Message'></textarea></div>"
)
# A meeting's controls: a toolbar fixed across the bottom of the window.
TOOLBAR = (
    "<div id='toolbar' role='toolbar' aria-label='Meeting controls' style='position: fixed;"
    " left: 0; right: 0; bottom: 0; height: 96px; background: #222;'>"
    "<button style='color: #fff; background: #444;'>Mute</button></div>"
)

# A panel fixed at the top right of a tall window, clear of a short card in the bottom
# right corner but not of one grown to its full height (70% of the window's).
TALL = {"width": 1280, "height": 1400}
SIDE_PANEL = (
    "<div id='panel' role='complementary' aria-label='Chat' style='position: fixed;"
    " right: 0; top: 0; width: 420px; height: 600px; background: #eee;'></div>"
)

LONG_INBOX = "<ul>" + "<li><span>A message</span></li>" * 3000 + "</ul>"


@pytest.fixture
def stand_ins(browsing):
    """Gmail with its compose window open, a meeting with its toolbar."""

    def page(title, fixed):
        return lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=PAGE.format(title=title, fixed=fixed),
        )

    # Routes added last are tried first: these win over the plain stand-ins.
    browsing.route("https://mail.google.com/**", page("Inbox", COMPOSE))
    # A long inbox: the compose window comes after the thousands of elements card.js walks.
    browsing.route("https://mail.google.com/mail/u/1/**", page("Inbox", LONG_INBOX + COMPOSE))
    browsing.route("https://acme.zoom.us/**", page("Meeting", TOOLBAR))
    browsing.route("https://calendar.google.com/**", page("Calendar", SIDE_PANEL))
    return browsing


def open_at(context, url):
    page = open_tab(context)
    page.set_viewport_size(VIEWPORT)
    page.goto(url)
    expect(page.locator(CARD)).to_be_visible()
    return page


def box(page, selector):
    return page.locator(selector).bounding_box()


def overlaps(a, b):
    return not (
        a["x"] >= b["x"] + b["width"]
        or b["x"] >= a["x"] + a["width"]
        or a["y"] >= b["y"] + b["height"]
        or b["y"] >= a["y"] + a["height"]
    )


def corner(page):
    return page.locator(CARD).get_attribute("data-corner")


@pytest.mark.parametrize("inbox", [GMAIL, "https://mail.google.com/mail/u/1/#inbox"])
def test_the_card_keeps_clear_of_gmails_compose_window(stand_ins, inbox):
    page = open_at(stand_ins, inbox)
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-left")
    card = box(page, CARD)
    assert not overlaps(card, box(page, "#compose")), (card, box(page, "#compose"))
    assert card["x"] < 100 and card["y"] + card["height"] > VIEWPORT["height"] - 100


def test_the_card_goes_above_a_meetings_bottom_toolbar(stand_ins):
    page = open_at(stand_ins, ZOOM)
    expect(page.locator(CARD)).to_have_attribute("data-corner", "top-right")
    card = box(page, CARD)
    assert not overlaps(card, box(page, "#toolbar")), (card, box(page, "#toolbar"))
    assert card["y"] < 100


def test_the_card_follows_the_page_when_the_window_changes(stand_ins):
    page = open_at(stand_ins, GMAIL)
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-left")
    page.evaluate("() => document.getElementById('compose').remove()")
    page.set_viewport_size({"width": 1200, "height": 780})
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-right")


def test_a_card_that_grows_is_placed_again(stand_ins):
    page = open_tab(stand_ins)
    page.set_viewport_size(TALL)
    page.goto("https://calendar.google.com/calendar/u/0/r")
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-right")
    assert not overlaps(box(page, CARD), box(page, "#panel")), box(page, CARD)

    page.locator("#dpg-more").click()
    # Grown to its full height, it would reach the panel: it moves where nothing is.
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-left")
    card = box(page, CARD)
    assert card["height"] > TALL["height"] - 600 - 16, card
    assert not overlaps(card, box(page, "#panel"))
    expect(page.locator("#dpg-more")).to_be_focused()


def test_the_card_can_be_dragged_to_a_corner(stand_ins, worker):
    page = open_at(stand_ins, ZOOM)
    expect(page.locator(CARD)).to_have_attribute("data-corner", "top-right")
    handle = box(page, "#dpg-move")
    start = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    # The card follows the pointer while it is held...
    for step in range(1, 11):
        page.mouse.move(start[0] - 80 * step, start[1] + 4 * step)
    assert box(page, CARD)["x"] < VIEWPORT["width"] / 2
    page.mouse.up()
    # ...and, let go in the top left quarter, lands in that corner and stays there.
    expect(page.locator(CARD)).to_have_attribute("data-corner", "top-left")
    expect(page.locator("#dpg-live")).to_have_text(
        "Guidance moved to the top left corner, kept there on this site"
    )
    corners = wait_for(
        lambda: storage(worker, "local", ["cardCorners"]).get("cardCorners"),
        message="the corner stored",
    )
    assert corners == {"zoom": "top-left"}, corners
    # A press without a drag is still a press of Move: the next corner round.
    page.locator("#dpg-move").click()
    expect(page.locator(CARD)).to_have_attribute("data-corner", "top-right")


def test_the_card_moves_by_keyboard_and_the_site_remembers(stand_ins, worker):
    page = open_at(stand_ins, GMAIL)
    move = page.locator("#dpg-move")
    expect(move).to_have_accessible_name("Move guidance to another corner")
    move.focus()
    page.keyboard.press("Enter")

    expect(page.locator(CARD)).to_have_attribute("data-corner", "top-left")
    expect(page.locator("#dpg-live")).to_have_text(
        "Guidance moved to the top left corner, kept there on this site"
    )
    expect(move).to_be_focused()
    corners = wait_for(
        lambda: storage(worker, "local", ["cardCorners"]).get("cardCorners"),
        message="the corner stored",
    )
    assert corners == {"gmail": "top-left"}, corners
    everything = str(storage(worker, "local")) + str(storage(worker, "session"))
    # The guidance names hosts in its patterns; the page's own address is nowhere.
    assert "/mail/u/0" not in everything, "an address was stored"

    # The next visit to the site: the reader's corner wins over the automatic one.
    forget_seen(worker, "gmail")
    again = open_at(stand_ins, "https://mail.google.com/mail/u/0/#sent")
    expect(again.locator(CARD)).to_have_attribute("data-corner", "top-left")
    # Another site keeps placing itself.
    assert settled(again)["card"]
    meeting = open_at(stand_ins, ZOOM)
    expect(meeting.locator(CARD)).to_have_attribute("data-corner", "top-right")

    # Round the other corners, then back to placing itself, and forgotten.
    again_move = again.locator("#dpg-move")
    again_move.focus()
    again.keyboard.press("Enter")
    expect(again.locator(CARD)).to_have_attribute("data-corner", "top-right")
    again.keyboard.press("Enter")
    expect(again.locator(CARD)).to_have_attribute("data-corner", "bottom-right")
    again.keyboard.press("Enter")
    expect(again.locator(CARD)).to_have_attribute("data-corner", "bottom-left")
    expect(again.locator("#dpg-live")).to_have_text(
        "Guidance places itself again, now in the bottom left corner, clear of the page's controls"
    )
    wait_for(
        lambda: storage(worker, "local", ["cardCorners"]).get("cardCorners") == {},
        message="the corner forgotten",
    )


def test_the_placed_card_passes_axe(stand_ins, axe_source):  # noqa: F811
    page = open_at(stand_ins, GMAIL)
    expect(page.locator(CARD)).to_have_attribute("data-corner", "bottom-left")
    page.evaluate(CARD_INTO_BODY)
    page.add_script_tag(content=axe_source)
    blocking, _ = run_axe(page, "placed card")
    assert blocking == [], blocking
