"""Helpers for driving the real extension in a real Chromium (see the e2e recipe)."""

import time

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
