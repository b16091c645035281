"""The frequency "every visit" means every arrival, in any tab: the same site opened again
in a new tab (by the user, or by a link of the site opening a tab) gets its card, as a
reload does."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, set_prefs
from tests.e2e.extension import settled, visit

pytestmark = pytest.mark.e2e

GMAIL = "https://mail.google.com/mail/u/0/#inbox"
ZOOM = "https://us02web.zoom.us/j/81234567890"


@pytest.mark.parametrize("url", [GMAIL, ZOOM], ids=["gmail", "zoom"])
def test_the_same_site_in_new_tabs_gets_the_card_each_time(browsing, worker, url):
    set_prefs(worker, frequency="every-visit")
    first = visit(browsing, url)
    expect(first.locator(CARD)).to_be_visible()
    for arrival in range(2, 4):
        page = visit(browsing, url)
        assert settled(page)["reason"] == "every-visit", f"arrival {arrival}"
        expect(page.locator(CARD), f"arrival {arrival}").to_be_visible()
    first.close()
    again = visit(browsing, url)
    expect(again.locator(CARD), "after closing the first tab").to_be_visible()


def test_a_tab_the_site_opens_gets_the_card(browsing, worker):
    set_prefs(worker, frequency="every-visit")
    first = visit(browsing, GMAIL)
    expect(first.locator(CARD)).to_be_visible()
    with browsing.expect_page() as opened:
        first.evaluate("(url) => window.open(url, '_blank', 'noopener')", GMAIL)
    expect(opened.value.locator(CARD)).to_be_visible()
