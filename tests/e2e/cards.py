"""Helpers for the card tests: the card, the toolbar badge, prefs, and taking a new version."""

import json
from pathlib import Path

from tests.e2e.extension import settled, wait_for
from tests.e2e.pages import check_now, open_popup

TAXONOMY_PATH = Path(__file__).resolve().parents[2] / "shared" / "taxonomy.json"

CARD = "#dpg-card"
HOST = "digital-practice-guide"

# The id of the focused element, looking inside the card's shadow root: "card:<id>".
ACTIVE_ELEMENT = """() => {
  const active = document.activeElement;
  if (active?.tagName === "DIGITAL-PRACTICE-GUIDE") {
    return "card:" + (active.shadowRoot.activeElement?.id ?? "");
  }
  return active?.id || active?.tagName || null;
}"""

BADGE_TEXT = """async (url) => {
  const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
  return tab ? chrome.action.getBadgeText({tabId: tab.id}) : null;
}"""

MERGE_PREFS = """async (changes) => {
  const {prefs} = await chrome.storage.sync.get({prefs: {}});
  await chrome.storage.sync.set({prefs: {...prefs, ...changes}});
}"""

FORGET_SEEN = """async (siteId) => {
  const {seen} = await chrome.storage.local.get({seen: {}});
  delete seen[siteId];
  await chrome.storage.local.set({seen});
}"""


def shipped_taxonomy():
    """A fresh copy of the guidance the test server starts with."""
    return json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))


def by_id(items, item_id):
    return next(item for item in items if item["id"] == item_id)


def category_name(category_id):
    return by_id(shipped_taxonomy()["categories"], category_id)["name"]


def badge_text(worker, page):
    """The toolbar badge text the extension set for the page's tab ("" when none)."""
    return worker.evaluate(BADGE_TEXT, page.url)


def wait_for_badge(worker, page):
    """Wait until the worker has recognised the page (it sets the badge first)."""
    return wait_for(lambda: badge_text(worker, page), message=f"a badge on {page.url}")


def expect_no_card(page, worker):
    """The worker decided on the page the tab shows now (an open_tab tab), and the decision
    was no card: none is drawn, and none will come. Returns the decision."""
    decision = settled(page)
    assert decision["decision"] != "shown", decision
    assert badge_text(worker, page) is not None, "the worker cannot see the tab"
    assert not page.locator(CARD).is_visible(), f"a card showed on {page.url}"
    return decision


def set_prefs(worker, **changes):
    """Change the user's stored prefs (chrome.storage.sync), keeping the others."""
    worker.evaluate(MERGE_PREFS, changes)


def forget_seen(worker, site_id):
    """Drop the record that the site's card was seen, so only other rules can quiet it."""
    worker.evaluate(FORGET_SEEN, site_id)


def take_version(context, extension_id, version):
    """Press "Check for updates now" in the popup; wait until it reports `version`."""
    popup = open_popup(context, extension_id)
    check_now(popup, f"Updated to guidance version {version}.")
    popup.close()
