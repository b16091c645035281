"""The store package, as a practitioner without an organisation installs it: no guidance
server, so no request at all, and the bundled guidance's card on its sites from the first
visit (docs/store.md, docs/privacy.md)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.extension import open_tab, serve_fake_sites, settled
from tests.e2e.pages import wait_for_first_check

pytestmark = [pytest.mark.e2e, pytest.mark.fresh_profile]

VISITS = ["https://us02web.zoom.us/j/81234567890", "https://mail.google.com/mail/u/0/#inbox"]


@pytest.fixture
def extension_dir(tmp_path):
    """The package `make package` zips, unpacked (the store would install the same)."""
    from scripts.build_extension import build_store

    return build_store(tmp_path / "dist")["chrome"]


def test_store_package_asks_nothing_of_any_server(ext_context, worker):
    manifest = worker.evaluate("() => chrome.runtime.getManifest()")
    assert not any(
        "localhost" in host or "127.0.0.1" in host for host in manifest["host_permissions"]
    )
    assert "key" not in manifest and "update_url" not in manifest

    seen = []
    ext_context.on("request", lambda request: seen.append(request))
    serve_fake_sites(ext_context)
    assert wait_for_first_check(worker)["lastOutcome"] == "no-server"

    tab = open_tab(ext_context)
    for url in VISITS:
        tab.goto(url)
        expect(tab.locator("#dpg-card")).to_be_visible()
        assert settled(tab)["decision"] == "shown"
    assert worker.evaluate("() => chrome.runtime.getManifest().name") == "Digital Practice Guide"

    # What the browser reports: the pages the test opened and the extension's own files.
    opened = {urlsplit(url).netloc for url in VISITS}
    for request in seen:
        if request.url.startswith("chrome-extension://"):
            continue
        assert request.service_worker is None, request.url
        assert urlsplit(request.url).netloc in opened, request.url
