"""Whatever goes wrong with a check, the extension keeps its last good guidance, says so in
the popup, and backs off before it asks again."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SHIPPED_TAXONOMY
from tests.e2e.extension import serve_fake_sites, visit
from tests.e2e.pages import (
    check_now,
    open_popup,
    set_user_prefs,
    stored_guidance,
    sync_alarm,
    sync_status,
    wait_for_first_check,
)
from tests.e2e.service import (
    answer,
    current_document,
    envelope_body,
    gzip_bomb,
    huge,
    publish,
    published,
    stall,
    with_caution_text,
)

pytestmark = pytest.mark.e2e

ZOOM = "https://acme.zoom.us/j/1"
CAUTION = "client-location-emergency-plan"  # among the top cautions on Zoom's card
LAST_GOOD_TEXT = "Last good guidance: ask where the client is before you begin."
# Short enough to test without waiting 15 s, long enough for a good answer on a busy machine.
SYNC_TIMEOUT_MS = 3000
# lib/sync-policy.js: retries wait at least 30 s and at most 1 min, 2 min, 4 min ...
MIN_RETRY_MS = 30_000
BACKOFF_BASE_MS = 60_000
# How often the service tells extensions to check (CHECK_HOURS, 3 by default).
CHECK_MS = 3 * 60 * 60 * 1000
# Where the invalid document's unknown category lands: after the first site's own ones.
BAD_CATEGORY_INDEX = len(json.loads(SHIPPED_TAXONOMY.read_text())["sites"][0]["categories"])


@pytest.fixture(scope="module")
def build_options():
    return {"sync_timeout_ms": SYNC_TIMEOUT_MS}


def publish_last_good(app):
    """Version 2, whose text the bundled copy lacks: the good guidance to keep."""
    document = with_caution_text(current_document(app), CAUTION, LAST_GOOD_TEXT)
    assert publish(app, document) == 2


@pytest.fixture(scope="module")
def prepare_guidance():
    return publish_last_good


@pytest.fixture
def browsing(ext_context, worker):
    serve_fake_sites(ext_context)
    assert wait_for_first_check(worker)["lastOutcome"] == "updated"
    assert stored_guidance(worker)["version"] == 2
    set_user_prefs(worker, {"frequency": "every-visit"})
    return ext_context


# --- Faults: each puts the server in a bad state ------------------------------------------


def server_down(tap, server, app):
    server.stop()  # the port is closed: connections are refused


def http_500(tap, server, app):
    body = b'{"code": "internal_error", "status": 500, "message": "Internal Server Error"}'
    tap.fault = answer("500 INTERNAL SERVER ERROR", body)


def not_json(tap, server, app):
    tap.fault = answer("200 OK", b"<html><body>502 Bad Gateway</body></html>")


def invalid_document(tap, server, app):
    """A newer version, well formed, but a site names a category that does not exist."""
    document = current_document(app)
    document["sites"][0]["categories"].append("no-such-category")
    tap.fault = answer("200 OK", envelope_body(document, version=3))


def older_version(tap, server, app):
    """Version 1 as the service really serves it at /api/v2, while the browser holds 2."""
    representation = published(app).version(1).in_format(2)
    tap.fault = answer(
        "200 OK", representation.body, headers=[("ETag", representation.etag_for(False))]
    )


def huge_declared(tap, server, app):
    tap.fault = huge(with_length=True)


def huge_streamed(tap, server, app):
    tap.fault = huge(with_length=False)


def huge_inflated(tap, server, app):
    tap.fault = gzip_bomb()


def no_answer(tap, server, app):
    tap.fault = stall(tap, before_headers=True)


def stalled_body(tap, server, app):
    tap.fault = stall(tap, before_headers=False)


FAULTS = [
    pytest.param(server_down, "the server could not be reached", id="server-down"),
    pytest.param(http_500, "the server answered 500", id="http-500"),
    pytest.param(not_json, "the server sent something that is not JSON", id="not-json"),
    pytest.param(
        invalid_document,
        "the server sent guidance that is not valid "
        f"(taxonomy.sites[0].categories[{BAD_CATEGORY_INDEX}]: "
        "Unknown category 'no-such-category'.)",
        id="invalid-document",
    ),
    pytest.param(
        older_version,
        "the server sent an older version than the one in use (version 1 is older than 2)",
        id="older-version",
    ),
    pytest.param(huge_declared, "the guidance is larger than", id="huge-content-length"),
    pytest.param(huge_streamed, "the guidance is larger than", id="huge-chunked"),
    pytest.param(huge_inflated, "the guidance is larger than", id="huge-gzip"),
    pytest.param(no_answer, "the server did not answer in time", id="slow-headers"),
    pytest.param(stalled_body, "the server did not answer in time", id="slow-body"),
]


@pytest.mark.parametrize(("inject", "reason"), FAULTS)
def test_a_failed_check_keeps_the_last_good_guidance(
    inject, reason, browsing, worker, extension_id, server_tap, guidance_server, shipped_app
):
    good = stored_guidance(worker)
    popup = open_popup(browsing, extension_id)
    inject(server_tap, guidance_server, shipped_app)
    said = re.compile(
        rf"^The check failed: {re.escape(reason)}.*\. The last good guidance is still in use\.$"
    )
    last_check = re.compile(
        rf"^Last checked just now: failed: {re.escape(reason)}.*, using the last good guidance$"
    )
    for failures in (1, 2):
        check_now(popup, said)
        expect(popup.locator("#last-check")).to_have_text(last_check)
        expect(popup.locator("#source")).to_contain_text("· version 2 ")
        status = sync_status(worker)
        assert (status["lastOutcome"], status["failures"]) == ("error", failures)
        assert reason in status["lastError"]
        delay = status["nextCheckAt"] - status["lastCheckAt"]
        assert MIN_RETRY_MS <= delay <= BACKOFF_BASE_MS * 2 ** (failures - 1)
        assert status["nextCheckAt"] > worker.evaluate("() => Date.now()")
        assert sync_alarm(worker)["scheduledTime"] == status["nextCheckAt"]
        assert stored_guidance(worker) == good

    card = visit(browsing, ZOOM)
    card.locator("#dpg-more").click()  # the caution's detail is under "More"
    expect(card.locator("#dpg-more-details")).to_contain_text(LAST_GOOD_TEXT)
    expect(card.locator("#dpg-why-details")).to_contain_text("Your guidance server")


def test_a_good_check_after_failures_ends_the_back_off(browsing, worker, extension_id, server_tap):
    popup = open_popup(browsing, extension_id)
    http_500(server_tap, None, None)
    check_now(popup, re.compile("^The check failed: the server answered 500"))
    assert sync_status(worker)["failures"] == 1

    server_tap.fault = None
    check_now(popup, "Checked: the guidance is up to date.")
    status = sync_status(worker)
    assert (status["lastOutcome"], status["failures"], status["lastError"]) == (
        "not-modified",
        0,
        None,
    )
    # Back to the service's interval, give or take the jitter.
    assert 0.9 * CHECK_MS <= status["nextCheckAt"] - status["lastCheckAt"] <= 1.1 * CHECK_MS
    assert sync_alarm(worker)["scheduledTime"] == status["nextCheckAt"]
    expect(popup.locator("#last-check")).to_have_text("Last checked just now: up to date")
