"""The whole way a change takes, in real browsers: an editor signs in, rewrites a caution
for video sessions, previews the card and asks for review; a reviewer approves and
publishes; an extension in another browser profile checks for updates and shows the new
text on a Zoom page."""

import pytest
from playwright.sync_api import expect

from server.db import session_scope, upgrade_database
from server.people.accounts import create_user
from tests.e2e.extension import serve_fake_sites, visit
from tests.e2e.pages import check_now, open_popup, wait_for_first_check

pytestmark = pytest.mark.e2e

PASSWORD = "a long end-to-end password"
CAUTION = "client-location-emergency-plan"  # the first of the three Zoom's card leads with
NEW_TEXT = "Reviewed wording: at the start of every video session, ask where the client is."
# Title and headline alike (the format allows it), so the card shows it whichever it uses.
NEW_POINT = "Ask where the client is at every session's start"
# The text of the new side of the review's changes, without the words for screen readers.
NEW_SIDE = """() => [...document.querySelectorAll(".changes .new")].map((side) => {
  const copy = side.cloneNode(true);
  copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
  return copy.textContent;
}).join("\\n")"""
ZOOM = "https://acme.zoom.us/j/1"


@pytest.fixture
def staff(shipped_app):
    upgrade_database(shipped_app)
    with shipped_app.app_context(), session_scope(shipped_app) as session:
        create_user(session, "ann", "editor", PASSWORD)
        create_user(session, "rita", "reviewer", PASSWORD)


def sign_in(browser, server, username):
    """A separate browser context (its own cookies) signed in as ``username``."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{server.url}/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    return page


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.context.close()


def test_an_edit_reviewed_and_published_reaches_the_extension(
    staff, browser, guidance_server, ext_context, worker, extension_id
):
    serve_fake_sites(ext_context)
    wait_for_first_check(worker)
    before = visit(ext_context, ZOOM)
    expect(before.locator("#dpg-top-cautions")).not_to_contain_text(NEW_POINT)
    before.close()

    # The editor rewrites the caution.
    editor = sign_in(browser, guidance_server, "ann")
    editor.get_by_role("link", name="Cautions").click()
    editor.goto(f"{guidance_server.url}/admin/cautions/{CAUTION}")
    editor.get_by_label("Title", exact=True).fill(NEW_POINT)
    editor.get_by_label("Headline", exact=True).fill(NEW_POINT)
    editor.get_by_label("Detail", exact=True).fill(NEW_TEXT)
    editor.get_by_role("button", name="Save the caution").click()
    expect(editor.locator(".flash-success")).to_contain_text("Saved")

    # ...checks the card exactly as the extension will draw it...
    editor.goto(f"{guidance_server.url}/admin/preview?site=zoom")
    stage = editor.locator("#dpg-preview-stage")
    expect(stage.locator("#dpg-top-cautions")).to_contain_text(NEW_POINT)
    expect(editor.locator("#dpg-preview-again")).to_be_hidden()  # only after a card action

    # ...and asks for review.
    editor.goto(f"{guidance_server.url}/admin/review")
    expect(editor.locator(".changes ins").first).to_be_visible()  # marked word by word
    new_side = editor.evaluate(NEW_SIDE)
    assert NEW_TEXT in new_side and NEW_POINT in new_side
    editor.get_by_label("Note for the reviewer").fill("Clearer emergency wording")
    editor.get_by_role("button", name="Ask for review").click()
    expect(editor.locator(".flash-success")).to_contain_text("Review requested")
    sign_out(editor)

    # The reviewer approves and publishes.
    reviewer = sign_in(browser, guidance_server, "rita")
    expect(reviewer.locator("#pending-heading + p")).to_contain_text("you can approve it")
    reviewer.goto(f"{guidance_server.url}/admin/review")
    reviewer.get_by_role("button", name="Approve these changes").click()
    expect(reviewer.locator(".flash-success")).to_contain_text("Approved")
    expect(reviewer.get_by_label("Change note")).to_have_value("Clearer emergency wording")
    reviewer.get_by_role("button", name="Publish to every extension").click()
    expect(reviewer.locator(".flash-success")).to_contain_text("Published version 2")
    sign_out(reviewer)

    # The extension, in its own profile, takes the new version and shows the new text.
    popup = open_popup(ext_context, extension_id)
    check_now(popup, "Updated to guidance version 2.")
    after = visit(ext_context, ZOOM)
    expect(after.locator("#dpg-top-cautions")).to_contain_text(NEW_POINT)
