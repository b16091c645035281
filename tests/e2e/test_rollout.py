"""The organisation's own build, force-installed by policy in a real Chromium, with no
--load-extension: the service builds and serves the CRX, the policy names its update
manifest, the card appears on a stand-in page; then a publish adds a site, the service
builds again, the browser updates itself and the card appears on the new site, with no
click anywhere.

Chromium looks for extension updates every few hours (this Chromium, 150, has no switch
to shorten that any more); the extension asks for its update itself at its next guidance
check when the guidance has a site it cannot see (lib/self-update.js). The test runs
that check at once, as the extension's alarm would some hours later: nothing a person
would do."""

import copy
import json
import time
import uuid

import pytest
from playwright.sync_api import expect

from server.db import session_scope
from server.rollout import addresses, builds, current, policies
from tests.e2e.extension import FAKE_PAGE, wait_for
from tests.e2e.service import GuidanceService, publish, published
from tests.e2e.test_custom_and_policy import POLICY_DIR, make_policy_dir

pytestmark = pytest.mark.e2e

ZOOM = "https://acme.zoom.us/j/1"
NEW_SITE = "https://practice.example.net/*"
NEW_PAGE = "https://practice.example.net/app"
# Generous: two cores, other sessions' browsers beside this one.
INSTALL_SECONDS = 60
UPDATE_WAIT_SECONDS = 60
# Playwright's defaults that would stop the browser fetching or installing anything.
NO_NETWORK_DEFAULTS = [
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture
def service(tmp_path):
    service = GuidanceService(tmp_path / "service")
    yield service
    service.close()


def build_now(app, url, author):
    """The first build, as `practice-guide extension build` makes it."""
    published(app)  # the tables and the seeded guidance
    with app.app_context(), session_scope(app) as session:
        build = current.build(session, server_url=addresses.server_url(url), author=author)
        return build.version, build.extension_id


@pytest.fixture
def forced_policy(service):
    """The organisation's Linux policy file for this service's build, written before
    Chromium starts and always removed: every Chromium on the machine reads it."""
    made = make_policy_dir()
    path = POLICY_DIR / f"digital-practice-guide-rollout-e2e-{uuid.uuid4().hex}.json"
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
        for folder in made:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()


def launch(playwright, chromium_path, profile):
    """Chromium on ``profile`` with no extension loaded by hand: the policy installs it."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path,
        headless=True,
        ignore_default_args=NO_NETWORK_DEFAULTS,
    )
    context.set_default_timeout(10_000)
    context.route("https://*.zoom.us/**", stand_in)
    context.route("https://practice.example.net/**", stand_in)
    return context


def guidance_check(context, extension_id):
    """The extension's scheduled guidance check, run now from one of its own pages (a
    policy-installed extension's worker is not among Playwright's service workers)."""
    page = context.new_page()
    try:
        page.goto(f"chrome-extension://{extension_id}/manifest.json")
        answer = page.evaluate("() => chrome.runtime.sendMessage({ type: 'check-now' })")
        assert answer["ok"] and answer["status"]["lastOutcome"] == "updated", answer
    finally:
        # An open page of the extension would hold its update back.
        page.close()


def stand_in(route):
    route.fulfill(
        content_type="text/html; charset=utf-8",
        body=FAKE_PAGE.format(title="Stand-in", url=route.request.url),
    )


def card_appears(context, url, timeout):
    """Load ``url`` until the card shows on it (the extension may still be installing,
    updating or checking for guidance); return the seconds it took."""
    started = time.monotonic()
    page = context.new_page()
    try:
        while True:
            page.goto(url)
            try:
                expect(page.locator("#dpg-card")).to_be_visible(timeout=3_000)
                return time.monotonic() - started
            except AssertionError:
                if time.monotonic() - started > timeout:
                    raise
    finally:
        page.close()


def with_site(document, pattern):
    document = copy.deepcopy(document)
    document["sites"].append(
        {
            "id": "practice-system",
            "name": "Our practice system",
            "patterns": [pattern],
            "categories": ["calendar"],
        }
    )
    return document


def crx_requests(service, version):
    return [
        entry
        for entry in service.tap.requests
        if entry["path"].endswith(addresses.crx_file(version)) and entry["status"] == 200
    ]


def test_a_policy_installs_the_build_and_a_publish_reaches_the_browser(
    playwright, chromium_path, tmp_path, service, forced_policy
):
    app = service.app
    first, extension_id = build_now(app, service.url, "e2e first build")
    with app.app_context(), session_scope(app) as session:
        build = builds.latest(session)
        values = policies.managed_values(service.url, frequency="every-visit")
        forced_policy.write_text(policies.chrome_json(build, values), encoding="utf-8")

    profile = tmp_path / "profile"
    context = launch(playwright, chromium_path, profile)
    try:
        installed = profile / "Default" / "Extensions" / extension_id
        wait_for(installed.exists, timeout=INSTALL_SECONDS, message="the forced install")
        card_appears(context, ZOOM, INSTALL_SECONDS)

        # Before the publish the build has no permission for the new site.
        assert NEW_SITE not in json.loads(build.hosts)
        started = time.monotonic()
        document = with_site(published(app).current().document, NEW_SITE)
        publish(app, document, note="e2e: our practice system")
        with app.app_context(), session_scope(app) as session:
            second = current.rebuild_if_needed(session, author="e2e publish").version
        built = time.monotonic() - started
        guidance_check(context, extension_id)
        wait_for(
            lambda: crx_requests(service, second),
            timeout=UPDATE_WAIT_SECONDS,
            message=f"the browser fetching version {second}",
        )
        fetched = time.monotonic() - started
        card_appears(context, NEW_PAGE, UPDATE_WAIT_SECONDS)
        reached = time.monotonic() - started
        print(
            f"\npublish to browser: built in {built:.1f}s; after the extension's guidance "
            f"check, CRX {second} fetched at {fetched:.1f}s and the card on the new site "
            f"at {reached:.1f}s"
        )
        assert (first, second) == ("0.1.0.1", "0.1.0.2")
        assert (installed / f"{second}_0").exists()
    finally:
        context.close()
