import os
import shutil

import pytest

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
def guidance_server(shipped_app):
    server = LiveServer(shipped_app).start()
    yield server
    server.stop()


@pytest.fixture
def extension_dir(tmp_path, guidance_server):
    """A build of the extension pointed at the test server, made before Chromium starts
    (the install-time check runs at launch)."""
    from scripts.build_extension import build

    return build(tmp_path / "dist", server_url=guidance_server.url)["chrome"]


@pytest.fixture
def ext_context(playwright, chromium_path, tmp_path, extension_dir):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path,
        headless=True,
        args=[
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
        ],
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
