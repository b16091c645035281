"""A brand-new install: the first page the extension recognises gets its card, however
early it loads. The browser tells a just-installed worker nothing about a page that loaded
before its listeners existed, so the worker recognises the open tabs when it is installed."""

from functools import partial

import pytest
from playwright.sync_api import expect

from tests.e2e.extension import (
    TAB_RECORDS,
    extension_worker,
    launch,
    serve_fake_sites,
    wait_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.fresh_profile]

ZOOM = "https://acme.zoom.us/j/81234567890"
# Before this was fixed, 2 of 3 fresh profiles showed no card on a page opened at once.
PROFILES = 3


def zoom_decision(worker):
    """What the worker decided for the Zoom tab, once it has."""
    records = worker.evaluate(TAB_RECORDS).values()
    return next((record for record in records if record["siteId"] == "zoom"), None)


def test_a_page_opened_before_the_worker_is_ready_gets_its_card(
    playwright, chromium_path, tmp_path, extension_dir
):
    for number in range(PROFILES):
        context = launch(playwright, chromium_path, tmp_path / f"profile-{number}", extension_dir)
        try:
            serve_fake_sites(context)
            # The tab the browser started with, navigated at once: the extension was
            # installed a moment ago, and its worker may not be listening yet.
            page = context.pages[0]
            page.goto(ZOOM)
            expect(page.locator("#dpg-card"), f"profile {number}").to_be_visible()
            expect(page.locator("#dpg-title")).to_contain_text("Video")
            worker = extension_worker(context)
            decision = wait_for(partial(zoom_decision, worker), message="the Zoom decision")
            assert (decision["decision"], decision["reason"]) == ("shown", "first-visit")
        finally:
            context.close()
