"""The welcome page: it opens on install (not on a later start), asks where the reader
practises (a country, then a region where the guidance has regional rules), the
guidance's profile questions, how often cards appear and the guidance server; the
answers are stored with the prefs and shown in the options page; what a policy sets is
shown locked; it passes axe in light and dark mode and works from the keyboard alone."""

import json
import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e import test_accessibility as accessibility
from tests.e2e.cards import shipped_taxonomy, take_version
from tests.e2e.extension import extension_worker, launch, storage, wait_for
from tests.e2e.pages import extension_page, open_options
from tests.e2e.service import publish
from tests.e2e.test_custom_and_policy import POLICY_DIR, make_policy_dir, unpacked_extension_id

pytestmark = pytest.mark.e2e

# axe-core, as the accessibility tests load it (a fixture), and their runner.
axe_source = accessibility.axe_source
run_axe = accessibility.run_axe

WELCOME = "welcome/welcome.html"
PROFILES = [
    {
        "id": "hipaa",
        "question": "Are you a HIPAA covered entity?",
        "help": "Most US practices are.",
    },
    {"id": "minors", "question": "Do you work with clients under 18?"},
]
# The extension's own tabs showing the welcome page (its tabs' URLs are its own to see).
WELCOME_TABS = """(url) => chrome.runtime.getContexts({contextTypes: ["TAB"]}).then((found) =>
  found.filter((context) => context.documentUrl === url).length)"""


def with_regions_and_profiles():
    document = shipped_taxonomy()
    if not any(item["id"] == "us-il" for item in document["jurisdictions"]):
        document["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
    # This test's own two questions in place of the shipped ones. A profile nothing uses
    # is refused: each narrows one caution.
    document["profiles"] = PROFILES
    for caution in document["cautions"]:
        caution.pop("applies_if", None)
    for caution in document["cautions"]:
        if caution["id"] == "us-hipaa-baa":
            caution["applies_if"] = ["hipaa"]
        if caution["id"] == "not-a-crisis-channel":
            caution["applies_if"] = ["minors"]
    return document


def open_welcome(context, extension_id):
    page = extension_page(context, extension_id, WELCOME)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    return page


def user_prefs(worker):
    return storage(worker, "sync", ["prefs"]).get("prefs") or {}


@pytest.fixture
def regional_guidance(browsing, extension_id, shipped_app):
    """The guidance with a region under the US and two profile questions, taken."""
    take_version(browsing, extension_id, publish(shipped_app, with_regions_and_profiles()))


# --- Opening --------------------------------------------------------------------------------


@pytest.mark.fresh_profile
def test_the_welcome_page_opens_on_install_and_not_on_a_later_start(
    playwright, chromium_path, tmp_path, extension_dir
):
    profile = tmp_path / "profile"
    context = launch(playwright, chromium_path, profile, extension_dir)
    try:
        worker = extension_worker(context)
        url = worker.url.replace("background.js", WELCOME)
        wait_for(lambda: worker.evaluate(WELCOME_TABS, url) == 1, message="the welcome tab")
        page = wait_for(
            lambda: next((page for page in context.pages if page.url == url), None),
            message="the welcome tab's page",
        )
        expect(page.locator("h1")).to_have_text("Welcome to Digital Practice Guide")
        # Closed, so that a tab the browser restores at its next start cannot pass for a
        # new one.
        page.close()
    finally:
        context.close()

    started = time.time() * 1000
    context = launch(playwright, chromium_path, profile, extension_dir)
    try:
        worker = extension_worker(context)
        # The start-up check is the worker's last start-up work: once it is over, a
        # welcome tab would have been asked for already.
        wait_for(
            lambda: (
                (storage(worker, "local", ["syncStatus"]).get("syncStatus") or {}).get(
                    "lastCheckAt", 0
                )
                > started
            ),
            timeout=20,
            message="the start-up check",
        )
        assert worker.evaluate(WELCOME_TABS, url) == 0
        assert all(WELCOME not in page.url for page in context.pages)
    finally:
        context.close()


# --- Answers ------------------------------------------------------------------------------


def test_choosing_a_region_and_profiles_is_stored_and_shown_in_options(
    browsing, worker, extension_id, regional_guidance
):
    page = open_welcome(browsing, extension_id)
    expect(page.locator("#region-field")).to_be_hidden()
    page.select_option("#country", "us")
    expect(page.locator("#region-field")).to_be_visible()
    page.select_option("#region", "us-il")
    page.check("#profile-hipaa-yes")
    page.check("#profile-minors-no")
    page.check("#frequency-every-visit")
    page.click("#save")
    expect(page.locator("#saved")).to_have_text(
        "Your answers are saved. You can change them at any time in the settings."
    )
    prefs = user_prefs(worker)
    assert prefs["jurisdictions"] == ["us-il"]
    assert prefs["profiles"] == ["hipaa"]
    assert prefs["profilesNotSure"] == []
    assert prefs["frequency"] == "every-visit"

    options = open_options(browsing, extension_id)
    expect(options.locator("#jurisdiction-us-il")).to_be_checked()
    expect(options.locator("#jurisdiction-us")).not_to_be_checked()
    expect(options.locator("#profile-hipaa-yes")).to_be_checked()
    expect(options.locator("#profile-minors-no")).to_be_checked()
    expect(options.locator("#frequency-every-visit")).to_be_checked()

    # The options page changes the same answers.
    options.check("#profile-minors-not-sure")
    options.click("#save")
    expect(options.locator("#saved")).to_have_text("Settings saved.")
    prefs = user_prefs(worker)
    assert prefs["profiles"] == ["hipaa", "minors"]
    assert prefs["profilesNotSure"] == ["minors"]
    page.reload()
    expect(page.locator("#profile-minors-not-sure")).to_be_checked()
    expect(page.locator("#region")).to_have_value("us-il")


def test_every_answer_has_a_default_and_skipping_stores_nothing(browsing, worker, extension_id):
    page = open_welcome(browsing, extension_id)
    expect(page.locator("#country")).to_have_value("")
    expect(page.locator("#frequency-daily")).to_be_checked()
    # The shipped guidance's profile questions, none answered.
    expect(page.locator("#profiles-section")).to_be_visible()
    for profile in shipped_taxonomy()["profiles"]:
        expect(page.locator(f"#profile-{profile['id']}-yes")).not_to_be_checked()
    expect(page.locator("#server-section")).to_be_visible()
    with page.expect_event("close"):
        page.click("#skip")
    assert user_prefs(worker) == {}


def test_saving_untouched_answers_keeps_the_defaults(browsing, worker, extension_id):
    page = open_welcome(browsing, extension_id)
    page.click("#save")
    expect(page.locator("#after-save")).to_be_visible()
    answer = page.evaluate("() => chrome.runtime.sendMessage({ type: 'get-prefs' })")
    assert answer["prefs"]["jurisdictions"] == []
    assert answer["prefs"]["profiles"] is None
    assert answer["prefs"]["frequency"] == "daily"


# --- Keyboard and axe --------------------------------------------------------------------


def test_the_welcome_page_works_from_the_keyboard_alone(
    browsing, worker, extension_id, regional_guidance
):
    page = open_welcome(browsing, extension_id)
    page.bring_to_front()
    keyboard = page.keyboard
    keyboard.press("Tab")
    expect(page.locator("#country")).to_be_focused()
    keyboard.type("United States")
    expect(page.locator("#country")).to_have_value("us")
    keyboard.press("Tab")
    expect(page.locator("#region")).to_be_focused()
    keyboard.type("Illinois")
    expect(page.locator("#region")).to_have_value("us-il")
    keyboard.press("Tab")  # the first profile question: its "Not sure" is checked
    expect(page.locator("#profile-hipaa-not-sure")).to_be_focused()
    keyboard.press("ArrowLeft")
    keyboard.press("ArrowLeft")
    expect(page.locator("#profile-hipaa-yes")).to_be_checked()
    keyboard.press("Tab")
    expect(page.locator("#profile-minors-not-sure")).to_be_focused()
    keyboard.press("ArrowLeft")
    expect(page.locator("#profile-minors-no")).to_be_checked()
    keyboard.press("Tab")
    expect(page.locator("#frequency-daily")).to_be_focused()
    keyboard.press("ArrowUp")
    expect(page.locator("#frequency-session")).to_be_checked()
    keyboard.press("Tab")
    expect(page.locator("#server-url")).to_be_focused()
    keyboard.press("Tab")
    expect(page.locator("#save")).to_be_focused()
    keyboard.press("Enter")
    expect(page.locator("#after-save")).to_be_visible()
    prefs = user_prefs(worker)
    assert (prefs["jurisdictions"], prefs["profiles"], prefs["frequency"]) == (
        ["us-il"],
        ["hipaa"],
        "session",
    )


def test_the_welcome_page_passes_axe(browsing, extension_id, axe_source, regional_guidance):
    page = open_welcome(browsing, extension_id)
    page.select_option("#country", "us")
    expect(page.locator("#region-field")).to_be_visible()
    page.evaluate(axe_source)
    for state in ("answering", "saved"):
        if state == "saved":
            page.click("#save")
            expect(page.locator("#after-save")).to_be_visible()
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            blocking, contrast_checked = run_axe(page, f"welcome {state}, {scheme}")
            assert blocking == [], f"welcome {state} in {scheme} mode"
            assert len(contrast_checked) >= 10, "axe could not check the welcome page's contrast"


def test_the_options_with_profile_questions_pass_axe(
    browsing,
    extension_id,
    axe_source,
    regional_guidance,
):
    page = open_options(browsing, extension_id)
    expect(page.locator("#profile-hipaa-not-sure")).to_be_checked()
    page.evaluate(axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        blocking, _contrast = run_axe(page, f"options with profiles, {scheme}")
        assert blocking == [], f"options with profiles in {scheme} mode"


# --- Policy ---------------------------------------------------------------------------------


@pytest.fixture
def locking_policy(extension_dir, guidance_server):
    """A policy that sets the jurisdiction, the profiles and the server, written before
    Chromium starts; always removed."""
    extension_id = unpacked_extension_id(extension_dir)
    values = {"jurisdictions": ["uk"], "profiles": [], "serverUrl": guidance_server.url}
    made = make_policy_dir()
    path = POLICY_DIR / f"digital-practice-guide-e2e-{uuid.uuid4().hex}.json"
    try:
        policy = {"3rdparty": {"extensions": {extension_id: values}}}
        path.write_text(json.dumps(policy), encoding="utf-8")
        yield values
    finally:
        path.unlink(missing_ok=True)
        for folder in made:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()


@pytest.mark.fresh_profile
def test_a_policy_that_sets_the_jurisdiction_shows_it_locked(
    locking_policy, ext_context, worker, extension_id
):
    assert worker.evaluate("() => chrome.storage.managed.get(null)") == locking_policy
    page = open_welcome(ext_context, extension_id)
    expect(page.locator("#country")).to_have_value("uk")
    expect(page.locator("#country")).to_be_disabled()
    expect(page.locator("#place-managed")).to_have_text("Set by your organisation")
    expect(page.locator("#server-section")).to_be_hidden()
    # What the policy leaves alone is still the reader's.
    expect(page.locator("#frequency-never")).to_be_enabled()
    page.check("#frequency-never")
    page.click("#save")
    expect(page.locator("#after-save")).to_be_visible()
    prefs = user_prefs(worker)
    assert prefs["frequency"] == "never"
    assert prefs["jurisdictions"] == [], "a locked answer was stored as the user's"
    assert prefs["profiles"] is None, "a locked answer was stored as the user's"

    options = open_options(ext_context, extension_id)
    expect(options.locator("#jurisdiction-uk")).to_be_checked()
    expect(options.locator("#jurisdiction-uk")).to_be_disabled()
    expect(options.locator("#jurisdictions-managed")).to_be_visible()
