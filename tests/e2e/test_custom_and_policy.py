"""A practitioner's own sites, added in the options page, get the card too; what an
organisation sets by policy wins over the user's own choices and is locked in the page."""

import hashlib
import json
import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.extension import serve_fake_sites, settled, storage, visit
from tests.e2e.pages import (
    open_options,
    set_user_prefs,
    stored_guidance,
    wait_for_first_check,
)

pytestmark = pytest.mark.e2e

PRACTICE = "https://practice.example.net/*"
PRACTICE_PAGE = "https://practice.example.net/app"
RECORDS = "https://records.example.com/*"
RECORDS_PAGE = "https://records.example.com/clients"
ZOOM = "https://acme.zoom.us/j/1"
# Chromium on Linux reads enterprise policy from here at start-up.
POLICY_DIR = Path("/etc/chromium/policies/managed")


@pytest.fixture(scope="module")
def build_options():
    # Adding a custom site asks for its host permission, and a headless Chromium cannot
    # answer that prompt. This build already holds the permission for the practice system,
    # as if the user had granted it; a real user's grant cannot be tested headless.
    return {"extra_hosts": [PRACTICE]}


@pytest.fixture
def browsing(ext_context, worker):
    serve_fake_sites(ext_context)
    wait_for_first_check(worker)
    return ext_context


def user_prefs(worker):
    return storage(worker, "sync", ["prefs"]).get("prefs") or {}


def add_custom_site(options, name, pattern, category):
    options.fill("#custom-name", name)
    options.fill("#custom-pattern", pattern)
    options.select_option("#custom-category", category)
    options.click("#custom-add")


INVALID_SITES = [
    # (name, pattern, the field in error, its message)
    (
        "Our practice system",
        "https://practice.example.net:8443/*",
        "custom-pattern",
        "Leave out the port: a pattern without one matches every port, "
        "e.g. https://portal.example.org/*.",
    ),
    (
        "Every site",
        "<all_urls>",
        "custom-pattern",
        "This pattern matches far too many sites. Name a specific host.",
    ),
    ("   ", PRACTICE, "custom-name", "Enter a name for the site."),
]
FIELDS = ("custom-name", "custom-pattern", "custom-category")


def test_invalid_custom_sites_show_field_errors_and_save_nothing(browsing, worker, extension_id):
    options = open_options(browsing, extension_id)
    for name, pattern, field, message in INVALID_SITES:
        add_custom_site(options, name, pattern, "calendar")
        expect(options.locator(f"#{field}-error")).to_have_text(message)
        expect(options.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        for other in FIELDS:
            if other != field:
                expect(options.locator(f"#{other}-error")).to_be_empty()
                expect(options.locator(f"#{other}")).not_to_have_attribute("aria-invalid", "true")
        expect(options.locator("#custom-errors")).to_contain_text(message)
        expect(options.locator("#custom-sites")).to_have_text("No sites of your own yet.")
        assert user_prefs(worker).get("customSites", []) == []


def test_a_custom_site_gets_the_card_and_an_ungranted_one_waits(browsing, worker, extension_id):
    options = open_options(browsing, extension_id)
    expect(options.locator("#pending-sites")).to_have_text("None.")
    add_custom_site(options, "Our practice system", PRACTICE, "calendar")
    expect(options.locator("#custom-message")).to_have_text("Our practice system added.")
    expect(options.locator("#custom-sites")).to_contain_text("Our practice system")
    [site] = user_prefs(worker)["customSites"]
    assert (site["name"], site["patterns"], site["categories"]) == (
        "Our practice system",
        [PRACTICE],
        ["calendar"],
    )

    page = visit(browsing, PRACTICE_PAGE)
    expect(page.locator("#dpg-card")).to_be_visible()
    expect(page.locator("#dpg-title")).to_contain_text("alendar")
    page.locator("#dpg-why").click()
    expect(page.locator("#dpg-why-details")).to_contain_text("Our practice system")
    expect(page.locator("#dpg-why-details")).to_contain_text(PRACTICE)

    # Another host, which this build holds no permission for: the prompt stays unanswered.
    options.bring_to_front()
    add_custom_site(options, "Records system", RECORDS, "email")
    expect(options.locator("#pending-sites li > span")).to_have_text(["Records system"])
    assert [site["name"] for site in user_prefs(worker)["customSites"]] == [
        "Our practice system",
        "Records system",
    ]
    # Until permission comes, the extension does not even see that host's addresses.
    browsing.route(
        "https://records.example.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<h1>Records</h1>"),
    )
    records = visit(browsing, RECORDS_PAGE)
    assert settled(records)["decision"] == "no-access"
    expect(records.locator("digital-practice-guide")).to_have_count(0)


# --- Organisation policy -------------------------------------------------------------------


def unpacked_extension_id(path):
    """Chromium's id for an unpacked extension without a "key": from its absolute path."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(digit, 16)) for digit in digest)


def make_policy_dir():
    """Create POLICY_DIR as needed; return the folders made (to remove), or skip."""
    missing = [folder for folder in (POLICY_DIR, *POLICY_DIR.parents) if not folder.exists()]
    try:
        for folder in reversed(missing):
            folder.mkdir()
    except OSError:
        pass
    if not os.access(POLICY_DIR, os.W_OK):
        reason = f"{POLICY_DIR} is not writable: run as root to test managed policy."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return missing


@pytest.fixture
def managed_policy(extension_dir, guidance_server):
    """Policy for this test's extension, written before Chromium starts; always removed."""
    extension_id = unpacked_extension_id(extension_dir)
    values = {"frequency": "every-visit", "serverUrl": guidance_server.url}
    made = make_policy_dir()
    path = POLICY_DIR / f"digital-practice-guide-e2e-{uuid.uuid4().hex}.json"
    try:
        policy = {"3rdparty": {"extensions": {extension_id: values}}}
        path.write_text(json.dumps(policy), encoding="utf-8")
        yield {"extension_id": extension_id, "values": values}
    finally:
        path.unlink(missing_ok=True)
        for folder in made:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()


# No default server in this build: the policy is the only way the server can be known.
# Policy is read at start-up, so this test has a browser of its own.
@pytest.mark.fresh_profile
@pytest.mark.parametrize("build_options", [{"server_url": ""}], ids=["no-default-server"])
def test_policy_wins_over_the_user_and_is_locked(
    managed_policy, ext_context, worker, extension_id, guidance_server, server_tap
):
    assert extension_id == managed_policy["extension_id"]
    managed = worker.evaluate("() => chrome.storage.managed.get(null)")
    assert managed == managed_policy["values"]
    serve_fake_sites(ext_context)
    assert wait_for_first_check(worker)["lastOutcome"] == "updated"
    assert stored_guidance(worker)["serverUrl"] == guidance_server.url
    assert server_tap.taxonomy_requests()

    # The user chose otherwise; the organisation's choice stands.
    set_user_prefs(worker, {"frequency": "never", "serverUrl": "https://guidance.invalid"})
    options = open_options(ext_context, extension_id)
    answer = options.evaluate("() => chrome.runtime.sendMessage({ type: 'get-prefs' })")
    assert answer["ok"]
    assert answer["prefs"]["frequency"] == "every-visit"
    assert answer["prefs"]["serverUrl"] == guidance_server.url
    assert {"frequency", "serverUrl"} <= set(answer["managedKeys"])

    expect(options.locator("#server-url")).to_be_disabled()
    expect(options.locator("#server-url")).to_have_value(guidance_server.url)
    expect(options.locator("#server-url-managed")).to_be_visible()
    expect(options.locator("#server-url-managed")).to_have_text("Set by your organisation")
    for radio in options.locator("input[name=frequency]").all():
        expect(radio).to_be_disabled()
    expect(options.locator("#frequency-every-visit")).to_be_checked()
    expect(options.locator("#frequency-managed")).to_be_visible()
    expect(options.locator("#frequency-managed")).to_have_text("Set by your organisation")
    # What the policy leaves alone stays the user's to change.
    expect(options.locator("#check-hours")).to_be_enabled()
    expect(options.locator("#check-hours-managed")).to_be_hidden()

    page = visit(ext_context, ZOOM)
    for visits in range(1, 4):
        expect(page.locator("#dpg-card"), f"visit {visits}").to_be_visible()
        page.reload()
    expect(page.locator("#dpg-card"), "after the last reload").to_be_visible()
