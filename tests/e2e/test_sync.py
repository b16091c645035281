"""The extension keeps its guidance in step with the configured server: it downloads it at
install, takes a newly published version when asked, revalidates with If-None-Match, and
schedules the next check with chrome.alarms."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.extension import serve_fake_sites, visit
from tests.e2e.pages import (
    check_now,
    open_options,
    open_popup,
    set_user_prefs,
    stored_guidance,
    sync_alarm,
    sync_status,
    wait_for_first_check,
)
from tests.e2e.service import current_document, publish, published, with_caution_text

pytestmark = pytest.mark.e2e

ZOOM = "https://acme.zoom.us/j/1"
# A caution of the video category: on the Zoom card, its detail is under "More".
CAUTION = "client-location-emergency-plan"
NEW_TEXT = "Version two: before anything else, ask where the client is today."
HOUR_MS = 60 * 60 * 1000
DAY_MS = 24 * HOUR_MS


@pytest.fixture
def browsing(ext_context, worker):
    """A browser with the extension, fake sites, and the install-time check done."""
    serve_fake_sites(ext_context)
    wait_for_first_check(worker)
    return ext_context


def caution_text(document, caution_id):
    """A caution's detail (what with_caution_text changes)."""
    return next(item["detail"] for item in document["cautions"] if item["id"] == caution_id)


def card_in_full(page):
    """The card's "More" part, opened: every caution with its detail."""
    page.locator("#dpg-more").click()
    details = page.locator("#dpg-more-details")
    expect(details).to_be_visible()
    return details


def first_sentence(text):
    return text.split(". ")[0]


@pytest.mark.fresh_profile
def test_install_downloads_the_guidance_and_the_popup_shows_it(
    browsing, worker, extension_id, server_tap, guidance_server, shipped_app
):
    [download] = server_tap.taxonomy_requests()
    assert download["method"] == "GET"
    assert "if-none-match" not in download["headers"]
    assert download["status"] == 200

    guidance = stored_guidance(worker)
    assert guidance["serverUrl"] == guidance_server.url
    assert guidance["version"] == 1 == int(download["response_headers"]["x-taxonomy-version"])
    assert guidance["etag"] == download["response_headers"]["etag"]
    assert guidance["taxonomy"] == published(shipped_app).current().document
    status = sync_status(worker)
    assert (status["lastOutcome"], status["failures"], status["lastError"]) == ("updated", 0, None)

    popup = open_popup(browsing, extension_id)
    host = re.escape(f"127.0.0.1:{guidance_server.port}")
    expect(popup.locator("#source")).to_have_text(re.compile(rf"^From {host} · version 1 "))
    expect(popup.locator("#last-check")).to_have_text("Last checked just now: updated")
    check_now(popup, "Checked: the guidance is up to date.")
    expect(popup.locator("#last-check")).to_have_text("Last checked just now: up to date")
    expect(popup.locator("#source")).to_have_text(re.compile(rf"^From {host} · version 1 "))


def test_a_new_version_reaches_the_card_then_revalidates_with_304(
    browsing, worker, extension_id, server_tap, shipped_app
):
    set_user_prefs(worker, {"frequency": "every-visit"})
    old_text = caution_text(current_document(shipped_app), CAUTION)
    before = visit(browsing, ZOOM)
    cautions = card_in_full(before)
    expect(cautions).to_contain_text(first_sentence(old_text))
    expect(cautions).not_to_contain_text(NEW_TEXT)
    old = stored_guidance(worker)

    document = with_caution_text(current_document(shipped_app), CAUTION, NEW_TEXT)
    assert publish(shipped_app, document) == 2
    popup = open_popup(browsing, extension_id)
    check_now(popup, "Updated to guidance version 2.")
    expect(popup.locator("#source")).to_contain_text("version 2")

    update = server_tap.taxonomy_requests()[-1]
    assert update["headers"]["if-none-match"] == old["etag"]
    assert update["status"] == 200
    guidance = stored_guidance(worker)
    assert guidance["version"] == 2
    assert guidance["etag"] == update["response_headers"]["etag"] != old["etag"]
    assert caution_text(guidance["taxonomy"], CAUTION) == NEW_TEXT

    after = visit(browsing, ZOOM)
    expect(card_in_full(after)).to_contain_text(NEW_TEXT)
    # The old wording is only behind "Earlier wording" (the caution was seen before).
    details = after.locator("#dpg-more-details .dpg-caution > .dpg-caution-detail")
    assert not any(first_sentence(old_text) in text for text in details.all_text_contents())
    expect(after.locator("#dpg-more-details .dpg-previous")).to_contain_text(
        first_sentence(old_text)
    )

    check_now(popup, "Checked: the guidance is up to date.")
    revalidation = server_tap.taxonomy_requests()[-1]
    assert revalidation is not update
    assert revalidation["headers"]["if-none-match"] == guidance["etag"]
    assert revalidation["status"] == 304
    assert stored_guidance(worker) == guidance
    assert sync_status(worker)["lastOutcome"] == "not-modified"


def next_check_delay(worker):
    """The one-shot alarm of the next check, as the status says, in ms after the last."""
    status = sync_status(worker)
    alarm = sync_alarm(worker)
    assert alarm["name"] == "sync-guidance"
    assert alarm.get("periodInMinutes") is None  # one shot: each check sets the next
    assert alarm["scheduledTime"] == status["nextCheckAt"]
    return alarm["scheduledTime"] - status["lastCheckAt"]


def test_the_next_check_is_when_the_service_says_give_or_take_jitter(
    browsing, worker, extension_id, shipped_app
):
    # The service's default: every 3 hours (X-Taxonomy-Check-Hours), ±10%.
    assert sync_status(worker)["suggestedHours"] == 3
    assert 0.9 * 3 * HOUR_MS <= next_check_delay(worker) <= 1.1 * 3 * HOUR_MS

    # A service that says 6 is heard at its next answer, a 304 included.
    shipped_app.config["CHECK_HOURS"] = 6
    popup = open_popup(browsing, extension_id)
    check_now(popup, "Checked: the guidance is up to date.")
    assert sync_status(worker)["suggestedHours"] == 6
    assert 0.9 * 6 * HOUR_MS <= next_check_delay(worker) <= 1.1 * 6 * HOUR_MS

    options = open_options(browsing, extension_id)
    select = options.locator("#check-hours")
    expect(select).to_have_value("")
    expect(select.locator("option:checked")).to_have_text(
        "As the guidance service suggests (now every 6 hours)"
    )
    # The practitioner's own interval wins over the service's.
    select.select_option("24")
    options.click("#save")
    expect(options.locator("#saved")).to_have_text("Settings saved.")
    check_now(popup, "Checked: the guidance is up to date.")
    assert 0.9 * DAY_MS <= next_check_delay(worker) <= 1.1 * DAY_MS


STORE_GUIDANCE = "(guidance) => chrome.storage.local.set({ guidance })"


def test_a_format_1_copy_from_an_older_install_gives_way_to_format_2(
    browsing, worker, extension_id, guidance_server, server_tap
):
    """An update from a version before format 2 finds a format 1 download in storage: it
    is never used (the bundled format 2 copy stands in) and the next check replaces it,
    as a first download (no If-None-Match from the old format's ETag)."""
    with urllib.request.urlopen(f"{guidance_server.url}/api/v1/taxonomy") as response:
        old_etag = response.headers["ETag"]
        envelope = json.loads(response.read())
    assert envelope["taxonomy"]["schema_version"] == 1
    worker.evaluate(
        STORE_GUIDANCE,
        {
            "serverUrl": guidance_server.url,
            "version": envelope["version"],
            "sha256": envelope["sha256"],
            "publishedAt": envelope["published_at"],
            "etag": old_etag,
            "fetchedAt": 0,
            "taxonomy": envelope["taxonomy"],
        },
    )
    popup = open_popup(browsing, extension_id)
    expect(popup.locator("#source")).to_contain_text("Bundled guidance")
    page = visit(browsing, ZOOM)
    expect(page.locator("#dpg-top-cautions .dpg-caution-action").first).not_to_be_empty()

    check_now(popup, f"Updated to guidance version {envelope['version']}.")
    request = server_tap.taxonomy_requests()[-1]
    assert request["status"] == 200 and "if-none-match" not in request["headers"]
    guidance = stored_guidance(worker)
    assert guidance["taxonomy"]["schema_version"] == 2
    assert guidance["etag"] == request["response_headers"]["etag"] != old_etag
    expect(popup.locator("#source")).to_contain_text(f"version {envelope['version']}")
