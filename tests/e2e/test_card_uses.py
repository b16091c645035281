"""Uses of a site in a real Chromium: on a site with several uses the first card asks
"What are you doing here?" with a large button per use; the answer is kept on the device
for that site, decides the card's categories, can be changed in the popup and the
options, and "personal" means the badge only."""

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import (
    CARD,
    HOST,
    by_id,
    category_name,
    expect_no_card,
    set_prefs,
    shipped_taxonomy,
    take_version,
    wait_for_badge,
)
from tests.e2e.extension import storage, tab_id_of, visit, wait_for
from tests.e2e.pages import extension_page, open_options
from tests.e2e.service import publish
from tests.e2e.test_accessibility import (  # noqa: F401, F811 (axe_source is a fixture)
    CARD_INTO_BODY,
    axe_source,
    run_axe,
)

pytestmark = pytest.mark.e2e

WHATSAPP = "https://web.whatsapp.com/"
USES = [
    {"id": "sessions", "label": "Sessions with clients", "categories": ["live-chat"]},
    {"id": "arrangements", "label": "Arrangements with clients", "categories": ["texting"]},
    {"id": "personal", "label": "Personal", "categories": []},
]


def with_uses():
    document = shipped_taxonomy()
    by_id(document["sites"], "whatsapp-web")["uses"] = USES
    return document


@pytest.fixture
def uses(browsing, extension_id, shipped_app, worker):
    take_version(browsing, extension_id, publish(shipped_app, with_uses(), "whatsapp uses"))
    set_prefs(worker, frequency="every-visit")
    return browsing


def site_uses(worker):
    return storage(worker, "local", ["siteUses"]).get("siteUses", {})


def test_the_card_asks_and_remembers(uses, worker, axe_source):  # noqa: F811
    page = visit(uses, WHATSAPP)
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator("#dpg-use-heading")).to_have_text("What are you doing here?")
    expect(page.locator("#dpg-use button")).to_have_text([use["label"] for use in USES])
    # No answer yet: the site's own categories.
    default = by_id(with_uses()["sites"], "whatsapp-web")["categories"]
    expect(page.locator("#dpg-title")).to_contain_text(category_name(default[0]))
    # The question passes axe.
    page.evaluate(CARD_INTO_BODY)
    page.add_script_tag(content=axe_source)
    blocking, _checked = run_axe(page, "card asking for the use")
    assert blocking == []

    page.reload()
    expect(page.locator("#dpg-use")).to_be_visible()
    page.click("#dpg-use-sessions")
    expect(page.locator("#dpg-use")).to_have_count(0)
    expect(page.locator("#dpg-title")).to_have_text(category_name("live-chat"))
    assert wait_for(lambda: site_uses(worker)) == {"whatsapp-web": "sessions"}

    # Remembered for the site: the next visit does not ask.
    again = visit(uses, WHATSAPP)
    expect(again.locator("#dpg-title")).to_have_text(category_name("live-chat"))
    expect(again.locator("#dpg-use")).to_have_count(0)


def test_personal_means_the_badge_only_and_the_popup_changes_it(
    uses,
    worker,
    extension_id,
    axe_source,  # noqa: F811
):
    page = visit(uses, WHATSAPP)
    expect(page.locator(CARD)).to_be_visible()
    page.click("#dpg-use-personal")
    expect(page.locator(CARD)).to_be_hidden()
    assert wait_for(lambda: site_uses(worker)) == {"whatsapp-web": "personal"}

    page.reload()
    decision = expect_no_card(page, worker)
    assert decision["reason"] == "use-without-guidance"
    assert wait_for_badge(worker, page)

    # The popup for that tab shows the answer and changes it.
    popup = extension_page(uses, extension_id, f"popup/popup.html?tab={tab_id_of(page)}")
    select = popup.locator("#site-use-whatsapp-web")
    expect(select).to_have_value("personal")
    # Asked for, the popup still shows the site's usual guidance.
    default = by_id(with_uses()["sites"], "whatsapp-web")["categories"]
    expect(popup.locator("#page-guidance-title")).to_contain_text(category_name(default[0]))
    popup.evaluate(axe_source)
    blocking, _checked = run_axe(popup, "popup with the site's use")
    assert blocking == []
    select.select_option("arrangements")
    expect(popup.locator("#site-use-status")).to_have_text("Saved.")
    assert site_uses(worker) == {"whatsapp-web": "arrangements"}
    page.bring_to_front()
    page.reload()
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator(HOST).locator("#dpg-title")).to_have_text(category_name("texting"))


def test_the_options_change_or_forget_the_answer(uses, worker, extension_id, axe_source):  # noqa: F811
    page = visit(uses, WHATSAPP)
    page.click("#dpg-use-arrangements")
    assert wait_for(lambda: site_uses(worker)) == {"whatsapp-web": "arrangements"}
    options = open_options(uses, extension_id)
    select = options.locator("#site-uses-whatsapp-web")
    expect(select).to_have_value("arrangements")
    options.evaluate(axe_source)
    blocking, _checked = run_axe(options, "options with sites' uses")
    assert blocking == []
    select.select_option("")
    expect(options.locator("#site-uses-status")).to_have_text("Saved.")
    assert site_uses(worker) == {}
    page.bring_to_front()
    page.reload()
    expect(page.locator("#dpg-use")).to_be_visible()


def test_reset_to_defaults_forgets_each_sites_use_and_corner(uses, worker, extension_id):
    page = visit(uses, WHATSAPP)
    page.click("#dpg-use-arrangements")
    assert wait_for(lambda: site_uses(worker)) == {"whatsapp-web": "arrangements"}
    worker.evaluate("() => chrome.storage.local.set({cardCorners: {gmail: 'top-left'}})")
    options = open_options(uses, extension_id)
    expect(options.locator("#site-uses-whatsapp-web")).to_have_value("arrangements")

    options.click("#reset")
    expect(options.locator("#reset-message")).to_have_text("Settings reset to defaults.")
    # The section shows the answer gone, as the card will: it asks again.
    expect(options.locator("#site-uses-whatsapp-web")).to_have_value("")
    kept = storage(worker, "local", ["siteUses", "cardCorners"])
    assert kept.get("siteUses") == {} and kept.get("cardCorners") == {}, kept
    assert storage(worker, "sync", ["prefs"]).get("prefs") is None
    set_prefs(worker, frequency="every-visit")
    page.bring_to_front()
    page.reload()
    expect(page.locator("#dpg-use")).to_be_visible()
