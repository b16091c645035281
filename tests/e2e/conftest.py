"""Fixtures for the end-to-end tests.

A test module shares one Chromium with the extension and one guidance service: before
each test the service gets a fresh app (a database of its own), the browser's tabs are
closed and the extension's storage emptied, and the extension checks for guidance once,
so that every test starts as if the extension had just been installed and had done its
first check. Tests about installing or about a browser set up in its own way (a proxy, an
enterprise policy) are marked `fresh_profile`: they get a Chromium and a service of their
own, started for them.

A module changes the build (`build_options`), the launch (`launch_options`), the
service's address (`service_host`) or what each fresh app holds before the first check
(`prepare_guidance`) by overriding those module-scoped fixtures.
"""

import os
import shutil

import pytest

from tests.e2e.extension import (
    TAB_RECORDS,
    extension_worker,
    launch,
    serve_fake_sites,
    storage,
    wait_for,
)
from tests.e2e.service import GuidanceService
from tests.live_server import LiveServer

# Generous: two cores, and other work may be running next to this suite.
FIRST_CHECK_SECONDS = 20
RESET_STORAGE = """async () => {
  await Promise.all([
    chrome.storage.local.clear(),
    chrome.storage.sync.clear(),
    chrome.storage.session.clear(),
  ]);
}"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fresh_profile: a Chromium profile and a guidance service of the test's own"
    )


@pytest.fixture(scope="session")
def chromium_path():
    """The Chromium `make test` found or installed (scripts/ensure-chromium.sh)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("No Chromium: run the tests through `make test`, or set CHROMIUM.")
        pytest.skip("No Chromium; `make test` installs one (or set CHROMIUM).")
    return path


@pytest.fixture(scope="module")
def browser(playwright, chromium_path):
    """A plain Chromium (no extension) for the module; each test opens its own contexts."""
    browser = playwright.chromium.launch(executable_path=chromium_path)
    yield browser
    browser.close()


@pytest.fixture
def live_server(app):
    server = LiveServer(app).start()
    yield server
    server.stop()


# --- What a module may change ------------------------------------------------------------


@pytest.fixture(scope="module")
def build_options():
    """Extra scripts.build_extension.build arguments; a test module overrides this."""
    return {}


@pytest.fixture(scope="module")
def launch_options():
    """Extra launch_persistent_context arguments (a proxy...); a test module overrides this."""
    return {}


@pytest.fixture(scope="module")
def service_host():
    """The loopback address the guidance service listens on."""
    return "127.0.0.1"


@pytest.fixture(scope="module")
def prepare_guidance():
    """What to do with each test's fresh app before the extension's first check."""
    return None


# --- The shared browser and service of a module --------------------------------------------


class SharedBrowser:
    """The module's Chromium with the extension, and the module's guidance service."""

    def __init__(self, context, extension_dir, service):
        self.context = context
        self.extension_dir = extension_dir
        self.service = service
        self.extension_id = extension_worker(context).url.split("/")[2]

    def reset(self):
        """Every tab closed, no route left, the extension's storage empty."""
        context = self.context
        keeper = context.new_page()
        for page in context.pages:
            if page is not keeper:
                page.close()
        context.unroute_all(behavior="ignoreErrors")
        worker = extension_worker(context)
        # A closed tab's record goes after whatever was still being done for it: once all
        # are gone, nothing of the last test can write to storage any more.
        keeper_id = worker.evaluate(
            "() => chrome.tabs.query({}).then((tabs) => tabs.map((tab) => tab.id))"
        )
        wait_for(
            lambda: set(worker.evaluate(TAB_RECORDS)) <= {f"tab:{tab}" for tab in keeper_id},
            message="the last test's tabs forgotten",
        )
        worker.evaluate(RESET_STORAGE)
        # The worker's in-memory caches follow the stored guidance and prefs by key, and
        # hold nothing a test set.
        keeper.goto(f"chrome-extension://{self.extension_id}/manifest.json")
        return keeper


def first_check_done(worker):
    return wait_for(
        lambda: (storage(worker, "local", ["syncStatus"]).get("syncStatus") or {}).get(
            "lastOutcome"
        ),
        timeout=FIRST_CHECK_SECONDS,
        message="the install-time guidance check",
    )


@pytest.fixture(scope="module")
def guidance_service(tmp_path_factory, service_host):
    service = GuidanceService(tmp_path_factory.mktemp("service"), host=service_host)
    yield service
    service.close()


@pytest.fixture(scope="module")
def shared_browser(
    playwright, chromium_path, tmp_path_factory, guidance_service, build_options, launch_options
):
    from scripts.build_extension import build

    folder = tmp_path_factory.mktemp("browser")
    options = {"server_url": guidance_service.url, **build_options}
    extension_dir = build(folder / "dist", **options)["chrome"]
    context = launch(playwright, chromium_path, folder / "profile", extension_dir, **launch_options)
    # The install-time check must be over before a test's own check, or it could land
    # after it with the guidance of an app that is gone.
    first_check_done(extension_worker(context))
    yield SharedBrowser(context, extension_dir, guidance_service)
    context.close()


def fresh_profile(request):
    return request.node.get_closest_marker("fresh_profile") is not None


# --- Per test: the service, the extension and its browser ---------------------------------


@pytest.fixture
def service(request, tmp_path, service_host, prepare_guidance):
    """The test's guidance service, with a fresh app prepared by `prepare_guidance`."""
    if fresh_profile(request):
        service = GuidanceService(tmp_path / "service", host=service_host)
        service.fresh(prepare_guidance)
        yield service
        service.close()
    else:
        service = request.getfixturevalue("guidance_service")
        service.fresh(prepare_guidance)
        yield service
        service.tap.release()  # a stalled answer ends with its test


@pytest.fixture
def shipped_app(service):
    """The app the guidance service serves in this test: the real shipped guidance."""
    return service.app


@pytest.fixture
def server_tap(service):
    """The service behind a tap that records every request and can inject faults."""
    return service.tap


@pytest.fixture
def guidance_server(service):
    """The service's server: `.url`, `.port`, and `.stop()` to refuse connections."""
    return service.server


@pytest.fixture
def extension_dir(request, tmp_path, service, build_options):
    """A build of the extension pointed at the test's service, made before Chromium starts
    (the install-time check runs at launch)."""
    if not fresh_profile(request):
        return request.getfixturevalue("shared_browser").extension_dir
    from scripts.build_extension import build

    options = {"server_url": service.url, **build_options}
    return build(tmp_path / "dist", **options)["chrome"]


@pytest.fixture
def ext_context(request, playwright, chromium_path, tmp_path, extension_dir, launch_options):
    """Chromium with the extension. Shared: reset, and the first check done. Fresh: just
    launched (the install-time check may still be running)."""
    if fresh_profile(request):
        context = launch(
            playwright, chromium_path, tmp_path / "profile", extension_dir, **launch_options
        )
        yield context
        context.close()
        return
    shared = request.getfixturevalue("shared_browser")
    keeper = shared.reset()
    answer = keeper.evaluate("() => chrome.runtime.sendMessage({ type: 'check-now' })")
    assert answer["ok"] and answer["status"]["lastOutcome"] == "updated", answer
    yield shared.context


@pytest.fixture
def worker(ext_context):
    """The extension's service worker."""
    return extension_worker(ext_context)


@pytest.fixture
def extension_id(worker):
    return worker.url.split("/")[2]


@pytest.fixture
def browsing(ext_context, worker, guidance_server):
    """A browser with the extension, fake sites, and the first guidance check done."""
    serve_fake_sites(ext_context)
    first_check_done(worker)
    return ext_context
