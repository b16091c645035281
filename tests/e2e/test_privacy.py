"""The page address never leaves the browser: while a therapist browses, the only requests
the extension makes are cookie-less GETs of the whole guidance, which say nothing about
the pages, and the server logs nothing about them either."""

import logging
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.extension import open_tab, serve_fake_sites, settled
from tests.e2e.pages import check_now, open_popup, wait_for_first_check
from tests.e2e.proxy import RefusingProxy
from tests.e2e.service import TAXONOMY_PATH

# The browser goes out through a proxy, from its launch on.
pytestmark = [pytest.mark.e2e, pytest.mark.fresh_profile]

# (url, whether the extension recognises it)
VISITS = [
    ("https://mail.google.com/mail/u/0/#inbox", True),
    ("https://acme.zoom.us/j/81234567890?pwd=secretpwd", True),
    ("https://web.whatsapp.com/", True),
    ("https://calendar.google.com/calendar/u/0/r/week", True),
    ("https://www.facebook.com/groups/therapists-peer-support", True),
    ("https://outlook.office.com/mail/inbox/id/client-jane-doe", True),
    ("https://teams.microsoft.com/l/meetup-join/supervision-meeting", True),
    ("https://example.org/clients/jane-doe", False),
    ("https://notzoom.us/meeting", False),
    ("https://www.google.com/search?q=supervision+notes+jane+doe", False),
]
HOSTS = {urlsplit(url).hostname for url, _ in VISITS}
# Bits of the visited addresses that must not turn up anywhere: hosts, paths, queries.
SECRETS = sorted(
    HOSTS | {"81234567890", "secretpwd", "jane", "therapists", "supervision", "meetup-join"}
)
COOKIE = {"name": "visitor", "value": "cookie-secret-4711"}
# A page on no faked host: the test's proof that the browser really uses the proxy.
PROBE = "http://proxy-probe.invalid/"


@pytest.fixture
def proxy():
    proxy = RefusingProxy().start()
    yield proxy
    proxy.stop()


@pytest.fixture
def launch_options(proxy, guidance_server):
    # Playwright sends loopback through the proxy too unless told otherwise. A bypass rule
    # with the server's port did not match here, so the whole loopback address is exempt.
    return {"proxy": {"server": proxy.url, "bypass": "127.0.0.1"}}


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def carried_secrets(*texts):
    """The secrets any of these texts carries."""
    joined = "\n".join(texts).lower()
    return [secret for secret in SECRETS if secret in joined]


def test_browsing_sends_nothing_about_the_pages(
    ext_context, worker, extension_id, server_tap, guidance_server, proxy, logs
):
    seen = []
    ext_context.on("request", lambda request: seen.append(request))
    serve_fake_sites(ext_context)
    wait_for_first_check(worker)
    # A cookie for the guidance server's host, as a web page of the same host could set.
    ext_context.add_cookies([{**COOKIE, "url": guidance_server.url}])

    tab = open_tab(ext_context)
    for url, recognised in VISITS:
        tab.goto(url)
        if recognised:
            expect(tab.locator("#dpg-card")).to_be_visible()
        else:
            assert settled(tab)["decision"] == "no-access"
            expect(tab.locator("digital-practice-guide")).to_have_count(0)
    with pytest.raises(PlaywrightError):
        tab.goto(PROBE)  # the proxy refuses it
    # A check after the browsing and after the cookie was set.
    popup = open_popup(ext_context, extension_id)
    check_now(popup, "Checked: the guidance is up to date.")
    checks = server_tap.requests
    # The cookie is real: the browser sends it with a page load from the server's host.
    home = ext_context.new_page()
    home.goto(guidance_server.url + "/")
    [page_load] = [entry for entry in server_tap.requests if entry["path"] == "/"]
    assert page_load["headers"].get("cookie") == f"{COOKIE['name']}={COOKIE['value']}"

    # What reached the guidance server before that: taxonomy GETs, nothing else.
    assert len(checks) >= 2  # at install and "Check for updates now"
    extension_origin = f"chrome-extension://{extension_id}"
    for entry in checks:
        assert (entry["method"], entry["path"], entry["query"]) == ("GET", TAXONOMY_PATH, "")
        assert "cookie" not in entry["headers"]
        assert "referer" not in entry["headers"]
        assert entry["headers"].get("origin", extension_origin) == extension_origin
        assert carried_secrets(entry["path"], entry["query"], *entry["headers"].values()) == []

    # What the browser reports: pages the test opened, the extension's own files, and the
    # worker's taxonomy GETs (the install-time one may come before this listener).
    visited = {url.split("#")[0] for url, _ in VISITS} | {PROBE}
    worker_fetches = [
        request
        for request in seen
        if request.service_worker is not None and request.url.startswith("http")
    ]
    assert worker_fetches, "the worker's requests are visible to this test"
    for request in seen:
        if request.url.startswith(extension_origin + "/"):
            continue  # the extension's own files, for its pages and its worker
        if request.service_worker is not None:
            assert (request.method, request.url) == ("GET", guidance_server.url + TAXONOMY_PATH)
            headers = request.all_headers()
            assert "cookie" not in headers and "referer" not in headers
            assert carried_secrets(*headers.values()) == []
        elif request.url.startswith(guidance_server.url + "/"):
            assert request.frame.page == home  # the test's own page load, and its style sheet
        else:
            assert request.url in visited, request.url

    # Whatever else left the browser went through the proxy: the browser's own connections
    # to the sites the tab opened (it preconnects before context.route answers), and
    # Chromium's own services (its updater, sign-in). None of it names a page.
    assert any(lines[0] == f"GET {PROBE} HTTP/1.1" for lines, _ in proxy.requests)
    for lines, body in proxy.requests:
        method, target, _ = lines[0].split(" ", 2)
        if method == "CONNECT" and target.removesuffix(":443") in HOSTS:
            continue
        if target == PROBE:
            continue
        assert carried_secrets(*lines, body) == [], lines

    # The server's logs name no page: only its own paths.
    messages = [record.getMessage() for record in logs.records]
    assert any(TAXONOMY_PATH in message for message in messages), messages
    assert carried_secrets(*messages) == []
    assert not any(re.search(r"https?://(?!127\.0\.0\.1)", message) for message in messages)
