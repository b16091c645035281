"""Helpers for driving the real extension in a real Chromium (see the e2e recipe), and for
waiting on what its worker decided instead of waiting for nothing to happen."""

import time
import weakref

from playwright.sync_api import Error as PlaywrightError

FAKE_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><main><h1>{title}</h1><p>An offline stand-in for {url}</p>"
    "<button id='page-button'>A control of the page</button></main></body></html>"
)

# Only these page hosts are faked. Never a catch-all route: context.route also sees the
# extension's own requests to the guidance server, which must reach the real server.
FAKE_HOSTS = (
    "https://mail.google.com/**",
    "https://*.zoom.us/**",
    "https://zoom.us/**",
    "https://web.whatsapp.com/**",
    "https://calendar.google.com/**",
    "https://www.facebook.com/**",
    "https://outlook.office.com/**",
    "https://teams.microsoft.com/**",
    "https://www.google.com/**",
    "https://example.org/**",
    "https://notzoom.us/**",
    "https://zoom.us.example.net/**",
    "https://practice.example.net/**",
)


def serve_fake_sites(context, served=None):
    """Answer page requests for FAKE_HOSTS with a small HTML page."""

    def handler(route):
        url = route.request.url
        if served is not None:
            served.append(url)
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=FAKE_PAGE.format(title="Fake page", url=url),
        )

    for pattern in FAKE_HOSTS:
        context.route(pattern, handler)


def wait_for(condition, timeout=10.0, interval=0.1, message="condition not met"):
    """Poll until condition() is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} within {timeout:.0f}s")
        time.sleep(interval)


def storage(worker, area="local", keys=None):
    return worker.evaluate("([area, keys]) => chrome.storage[area].get(keys)", [area, keys])


def launch(playwright, chromium_path, profile, extension_dir, args=(), **options):
    """A persistent Chromium profile with the unpacked extension loaded; `args` are more
    command-line flags (a module's `launch_options` may add some)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path,
        headless=True,
        args=[
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
            *args,
        ],
        **options,
    )
    context.set_default_timeout(10_000)
    return context


def extension_worker(context):
    """The extension's service worker in this browser (after a restart, the new one)."""
    workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
    return workers[-1] if workers else context.wait_for_event("serviceworker", timeout=10_000)


# What Playwright says when the worker it evaluated in was stopped meanwhile (MV3 stops an
# idle worker, and a loaded machine makes that likelier): the next one can be asked.
_WORKER_GONE = ("garbage collected", "Target closed", "has been closed")


def worker_evaluate(context, script, arg=None, attempts=3):
    """``script`` evaluated in the extension's current worker, asking its successor when
    the worker is stopped while answering."""
    for attempt in range(attempts):
        try:
            return extension_worker(context).evaluate(script, arg)
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(gone in str(error) for gone in _WORKER_GONE):
                raise
    raise AssertionError("unreachable")


# --- What the worker decided for a tab ---------------------------------------------------
#
# lib/tabs.js records, in session storage under `tab:<id>`, a `nav` count of the pages it
# handled in the tab and what it decided for the last one. A tab opened with open_tab
# counts its own navigations (each load, reload and history.pushState is one), so that
# `settled` knows which record belongs to the page the tab shows now.

TAB_IDS = "() => chrome.tabs.query({}).then((tabs) => tabs.map((tab) => tab.id))"
TAB_RECORD = "(key) => chrome.storage.session.get(key).then((found) => found[key] ?? null)"
TAB_RECORDS = """() => chrome.storage.session.get(null).then((all) =>
  Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith("tab:"))))"""

_tabs = weakref.WeakKeyDictionary()


def tab_record(worker, tab_id):
    return worker.evaluate(TAB_RECORD, f"tab:{tab_id}")


def open_tab(context):
    """A new tab, once the worker has handled its blank page; it counts its navigations."""
    worker = extension_worker(context)
    before = set(worker.evaluate(TAB_IDS))
    page = context.new_page()
    (tab_id,) = wait_for(
        lambda: set(worker.evaluate(TAB_IDS)) - before, message="the new tab in chrome.tabs"
    )
    wait_for(lambda: tab_record(worker, tab_id), message="the new tab's blank page handled")
    state = {"tab_id": tab_id, "pages": 1}

    def count(frame):
        if frame == page.main_frame:
            state["pages"] += 1

    page.on("framenavigated", count)
    _tabs[page] = state
    return page


def tab_id_of(page):
    return _tabs[page]["tab_id"]


def settled(page, timeout=10.0):
    """What the worker decided for the page the tab shows now (open_tab's tabs only):
    `{nav, siteId, decision, reason, card}`. After it, nothing more happens to the page
    unless the test does something."""
    state = _tabs[page]

    def decided():
        found = worker_evaluate(page.context, TAB_RECORD, f"tab:{state['tab_id']}")
        return found if found and found["nav"] >= state["pages"] else None

    return wait_for(decided, timeout=timeout, message=f"the decision for {page.url}")


def visit(context, url):
    """Open url in a new tab (open_tab); return the tab."""
    page = open_tab(context)
    page.goto(url)
    return page
