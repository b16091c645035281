"""A caution the reader has seen and that changed since is marked "Updated", in a real
Chromium; the extension keeps only a hash per caution seen; the popup shows the old and
the new wording. "Why this?" says which use, moment, jurisdictions and profiles chose."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, set_prefs, shipped_taxonomy, take_version
from tests.e2e.extension import storage, tab_id_of, visit, wait_for
from tests.e2e.pages import extension_page
from tests.e2e.service import publish
from tests.e2e.test_accessibility import (  # noqa: F401, F811 (axe_source is a fixture)
    CARD_INTO_BODY,
    axe_source,
    run_axe,
    show_everything,
)

pytestmark = pytest.mark.e2e

ZOOM = "https://us02web.zoom.us/j/81234567890"
NEW_ACTION = "Check the settings again before each session: they changed this month."


def test_a_changed_caution_is_marked_updated(
    browsing,
    worker,
    extension_id,
    shipped_app,
    axe_source,  # noqa: F811
):
    set_prefs(worker, frequency="every-visit")
    page = visit(browsing, ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    first = page.locator("#dpg-top-cautions .dpg-caution-title").first.text_content()
    expect(page.locator(".dpg-updated")).to_have_count(0)
    # Only caution ids and hashes are kept.
    hashes = wait_for(lambda: storage(worker, "local", ["cautionHashes"]).get("cautionHashes"))
    assert all(re.fullmatch(r"[0-9a-f]{8}", value) for value in hashes.values())
    document = shipped_taxonomy()
    caution = next(item for item in document["cautions"] if item["headline"] == first)
    assert caution["id"] in hashes
    old_action = caution["action"]
    caution["action"] = NEW_ACTION

    take_version(browsing, extension_id, publish(shipped_app, document, "changed action"))
    page.bring_to_front()
    page.reload()
    expect(page.locator(CARD)).to_be_visible()
    changed = page.locator("#dpg-top-cautions .dpg-caution").filter(has_text=NEW_ACTION)
    expect(changed.locator(".dpg-updated")).to_have_text("Updated")
    expect(page.locator("#dpg-top-cautions .dpg-updated")).to_have_count(1)

    # The popup shows the new wording and, behind "Earlier wording", the old.
    popup = extension_page(browsing, extension_id, f"popup/popup.html?tab={tab_id_of(page)}")
    item = popup.locator(".dpg-caution").filter(has_text=NEW_ACTION)
    expect(item.locator(".dpg-updated")).to_have_text("Updated")
    item.locator(".dpg-previous summary").click()
    expect(item.locator(".dpg-previous")).to_contain_text(old_action)
    popup.evaluate(axe_source)
    for scheme in ("light", "dark"):
        popup.emulate_media(color_scheme=scheme)
        blocking, _checked = run_axe(popup, f"popup with an updated caution, {scheme}")
        assert blocking == [], scheme
    popup.close()

    # Seen as it is now: the next visit marks nothing on the first view; "More" still
    # offers the earlier wording of this version's change.
    page.bring_to_front()
    page.reload()
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator("#dpg-top-cautions .dpg-updated")).to_have_count(0)
    show_everything(page)
    expect(page.locator("#dpg-more-details .dpg-previous")).to_have_count(1)
    page.locator("#dpg-more-details .dpg-previous summary").click()
    page.evaluate(CARD_INTO_BODY)
    page.add_script_tag(content=axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        blocking, _checked = run_axe(page, f"card with an earlier wording, {scheme}")
        assert blocking == [], scheme


def test_why_this_says_what_chose_the_cautions(browsing, worker):
    page = visit(browsing, ZOOM)
    expect(page.locator(CARD)).to_be_visible()
    page.click("#dpg-why")
    why = page.locator("#dpg-why-details")
    expect(why).to_contain_text("What you do here")
    expect(why).to_contain_text("Not said (the site's usual categories)")
    expect(why).to_contain_text("Before a session or message, first visit to this site")
    expect(why).to_contain_text("Where you practiseNone chosen yet")
    expect(why).to_contain_text("What holds for youNot asked yet")

    set_prefs(worker, jurisdictions=["uk"], frequency="every-visit")
    page.reload()
    page.click("#dpg-why")
    expect(page.locator("#dpg-why-details")).to_contain_text("Where you practiseUnited Kingdom")
    expect(page.locator("#dpg-why-details")).not_to_contain_text("first visit")
