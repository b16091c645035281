import os
import shutil

import pytest

from tests.e2e.extension import serve_fake_sites, storage, wait_for
from tests.e2e.service import ServerTap
from tests.live_server import LiveServer


@pytest.fixture(scope="session")
def chromium_path():
    """The Chromium `make test` found or installed (scripts/ensure-chromium.sh)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("No Chromium: run the tests through `make test`, or set CHROMIUM.")
        pytest.skip("No Chromium; `make test` installs one (or set CHROMIUM).")
    return path


@pytest.fixture
def browser(playwright, chromium_path):
    browser = playwright.chromium.launch(executable_path=chromium_path)
    yield browser
    browser.close()


@pytest.fixture
def live_server(app):
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def shipped_app(tmp_path):
    """The service seeded with the real shipped guidance, as `make run` serves it."""
    from server import create_app
    from tests.conftest import SHIPPED_TAXONOMY

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "shipped-instance"),
            "DEFAULT_TAXONOMY_PATH": str(SHIPPED_TAXONOMY),
        }
    )
    yield app
    app.extensions["practice_guide_db"]["engine"].dispose()


@pytest.fixture
def server_tap(shipped_app):
    """The service behind a tap that records every request and can inject faults."""
    tap = ServerTap(shipped_app)
    yield tap
    tap.release()


@pytest.fixture
def guidance_server(server_tap):
    server = LiveServer(server_tap).start()
    yield server
    server.stop()


@pytest.fixture
def build_options():
    """Extra scripts.build_extension.build arguments; a test module overrides this."""
    return {}


@pytest.fixture
def extension_dir(tmp_path, guidance_server, build_options):
    """A build of the extension pointed at the test server, made before Chromium starts
    (the install-time check runs at launch)."""
    from scripts.build_extension import build

    options = {"server_url": guidance_server.url, **build_options}
    return build(tmp_path / "dist", **options)["chrome"]


@pytest.fixture
def launch_options():
    """Extra launch_persistent_context arguments (a proxy...); a test module overrides this."""
    return {}


@pytest.fixture
def ext_context(playwright, chromium_path, tmp_path, extension_dir, launch_options):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path,
        headless=True,
        args=[
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
        ],
        **launch_options,
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def worker(ext_context):
    """The extension's service worker."""
    workers = [w for w in ext_context.service_workers if w.url.startswith("chrome-extension://")]
    return workers[0] if workers else ext_context.wait_for_event("serviceworker", timeout=10_000)


@pytest.fixture
def extension_id(worker):
    return worker.url.split("/")[2]


@pytest.fixture
def browsing(ext_context, worker, guidance_server):
    """A browser with the extension, fake sites, and the first guidance check done."""
    serve_fake_sites(ext_context)
    wait_for(
        lambda: (storage(worker, "local", ["syncStatus"]).get("syncStatus") or {}).get(
            "lastOutcome"
        ),
        message="the install-time guidance check",
    )
    return ext_context
