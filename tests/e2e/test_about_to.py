"""The popup's "I'm about to…": phoning a client, texting one, a session in a desktop
app and a client in the room with devices present (only when the guidance has that
category) each open their category's key cautions and checklist; the checklist's ticks
survive reopening the popup and are gone on a new day; a keyboard shortcut opens the
popup."""

import pytest
from playwright.sync_api import expect

from server.taxonomy.applicability import Reader, applicable
from tests.e2e import test_accessibility as accessibility
from tests.e2e.cards import by_id, shipped_taxonomy, take_version
from tests.e2e.extension import storage, wait_for
from tests.e2e.pages import open_popup
from tests.e2e.service import publish

pytestmark = pytest.mark.e2e

# axe-core, as the accessibility tests load it (a fixture), and their runner.
axe_source = accessibility.axe_source
run_axe = accessibility.run_axe

# (situation, its category, its label)
SITUATIONS = [
    ("phone", "telephone", "Phone a client"),
    ("text", "texting", "Text a client"),
    ("desktop-session", "video", "Start a session in a desktop app (Zoom, Teams)"),
    (
        "in-room",
        "in-room-technology",
        "See a client in the room, with phones and smart devices present",
    ),
]
DAY_MS = 24 * 60 * 60 * 1000
# The worker's clock moved on (or back) by `shift` ms; `restore` puts the real one back.
SHIFT_CLOCK = """(shift) => {
  self.realDateNow ??= Date.now;
  Date.now = () => self.realDateNow() + shift;
}"""
RESTORE_CLOCK = """() => {
  if (self.realDateNow) Date.now = self.realDateNow;
}"""


def open_situation(popup, situation):
    popup.click(f"#about-to-{situation}")
    title = popup.locator("#about-to-guidance-title")
    expect(title).to_be_focused()
    return title


@pytest.mark.parametrize(
    ("situation", "category_id", "label"), SITUATIONS, ids=[item[0] for item in SITUATIONS]
)
def test_each_situation_opens_its_category_guidance(
    browsing, extension_id, situation, category_id, label
):
    category = by_id(shipped_taxonomy()["categories"], category_id)
    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#about-to")).to_be_visible()
    expect(popup.locator(f"#about-to-{situation}")).to_contain_text(label)

    title = open_situation(popup, situation)
    expect(title).to_have_text(label)
    pane = popup.locator("#about-to-guidance")
    expect(pane).to_contain_text(category["name"])
    cautions = popup.locator("#about-to-cautions > li")
    assert 1 <= cautions.count() <= 3
    for caution in cautions.all():
        expect(caution.locator(".dpg-caution-title")).not_to_be_empty()
        expect(caution.locator(".dpg-caution-action")).not_to_be_empty()
        expect(caution.locator(".dpg-caution-detail")).to_have_count(0)
    checklist = category.get("checklist", [])
    expect(pane.locator(".dpg-checks input[type=checkbox]")).to_have_count(len(checklist))
    for index, text in enumerate(checklist):
        expect(pane.locator(f"label[for=about-to-check-{category_id}-{index}]")).to_have_text(text)

    popup.click("#about-to-guidance .back")
    expect(pane).to_be_hidden()
    expect(popup.locator(f"#about-to-{situation}")).to_be_focused()


def without_in_room_category():
    """The shipped guidance as an older copy had it: no in-room category, nor the cautions
    and references only it used (the format rejects unused ones)."""
    document = shipped_taxonomy()
    document["categories"] = [
        category for category in document["categories"] if category["id"] != "in-room-technology"
    ]
    used = {item for category in document["categories"] for item in category["cautions"]}
    used |= {item for site in document["sites"] for item in site.get("cautions", [])}
    document["cautions"] = [caution for caution in document["cautions"] if caution["id"] in used]
    cited = {
        citation["ref"] if isinstance(citation, dict) else citation
        for item in document["categories"] + document["cautions"]
        for citation in item.get("references", [])
    }
    document["references"] = [ref for ref in document["references"] if ref["id"] in cited]
    return document


def test_the_shipped_in_room_situation_shows_its_first_view_and_checklist(browsing, extension_id):
    """Before any first-run answer: the key cautions that apply everywhere, as headline and
    action (a high one named), in the guidance's order, then the shipped checklist."""
    document = shipped_taxonomy()
    category = by_id(document["categories"], "in-room-technology")
    reader = Reader(jurisdictions=(), stage="before")
    key = applicable(document, category["cautions"], reader)[:3]
    popup = open_popup(browsing, extension_id)
    open_situation(popup, "in-room")
    pane = popup.locator("#about-to-guidance")
    expect(pane).to_contain_text(category["name"])
    cautions = popup.locator("#about-to-cautions > li")
    expect(cautions).to_have_count(len(key))
    for item, caution in zip(cautions.all(), key, strict=True):
        expect(item.locator(".dpg-caution-title")).to_have_text(caution["headline"])
        expect(item.locator(".dpg-caution-action")).to_have_text(caution["action"])
        expect(item).not_to_contain_text(caution["detail"])
        if caution["severity"] == "high":
            expect(item.locator(".dpg-severity")).not_to_be_empty()
    for index, text in enumerate(category["checklist"]):
        check = pane.locator(f"#about-to-check-in-room-technology-{index}")
        expect(check).not_to_be_checked()
        expect(pane.locator(f"label[for=about-to-check-in-room-technology-{index}]")).to_have_text(
            text
        )


def test_the_in_room_entry_shows_only_when_the_guidance_has_its_category(
    browsing, extension_id, shipped_app
):
    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#about-to-in-room")).to_contain_text(
        "See a client in the room, with phones and smart devices present"
    )
    popup.close()

    take_version(browsing, extension_id, publish(shipped_app, without_in_room_category()))
    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#about-to-desktop-session")).to_be_visible()
    expect(popup.locator("#about-to-in-room")).to_have_count(0)


def test_checklist_ticks_survive_reopening_and_reset_on_a_new_day(browsing, worker, extension_id):
    popup = open_popup(browsing, extension_id)
    open_situation(popup, "desktop-session")
    popup.check("#about-to-check-video-0")
    wait_for(
        lambda: (
            (storage(worker, "local", ["checklist"]).get("checklist") or {}).get("ticks")
            == {"video": [0]}
        ),
        message="the tick stored",
    )
    popup.close()

    popup = open_popup(browsing, extension_id)
    open_situation(popup, "desktop-session")
    expect(popup.locator("#about-to-check-video-0")).to_be_checked()
    expect(popup.locator("#about-to-check-video-1")).not_to_be_checked()
    popup.close()

    try:
        worker.evaluate(SHIFT_CLOCK, DAY_MS)
        popup = open_popup(browsing, extension_id)
        open_situation(popup, "desktop-session")
        expect(popup.locator("#about-to-check-video-0")).not_to_be_checked()
        # A tick on the new day starts the day's list afresh.
        popup.check("#about-to-check-video-2")
        wait_for(
            lambda: (
                (storage(worker, "local", ["checklist"]).get("checklist") or {}).get("ticks")
                == {"video": [2]}
            ),
            message="the new day's tick stored",
        )
    finally:
        worker.evaluate(RESTORE_CLOCK)


def test_the_situations_work_from_the_keyboard(browsing, extension_id):
    popup = open_popup(browsing, extension_id)
    popup.bring_to_front()
    button = popup.locator("#about-to-phone")
    button.focus()
    popup.keyboard.press("Enter")
    expect(popup.locator("#about-to-guidance-title")).to_be_focused()
    popup.keyboard.press("Shift+Tab")
    expect(popup.locator("#about-to-guidance .back")).to_be_focused()
    popup.keyboard.press("Tab")  # past the heading (focusable only from code): the checklist
    expect(popup.locator("#about-to-check-telephone-0")).to_be_focused()
    popup.keyboard.press("Space")
    expect(popup.locator("#about-to-check-telephone-0")).to_be_checked()
    popup.locator("#about-to-guidance .back").focus()
    popup.keyboard.press("Enter")
    expect(button).to_be_focused()


def test_a_keyboard_shortcut_opens_the_popup(worker):
    commands = worker.evaluate("() => chrome.commands.getAll()")
    action = next(command for command in commands if command["name"] == "_execute_action")
    assert action["shortcut"] == "Alt+Shift+G"


def test_a_situation_passes_axe(browsing, extension_id, axe_source):
    popup = open_popup(browsing, extension_id)
    open_situation(popup, "desktop-session")
    popup.check("#about-to-check-video-0")
    popup.evaluate(axe_source)
    for scheme in ("light", "dark"):
        popup.emulate_media(color_scheme=scheme)
        blocking, _contrast = run_axe(popup, f"popup situation, {scheme}")
        assert blocking == [], f"a situation in the popup, {scheme} mode"
