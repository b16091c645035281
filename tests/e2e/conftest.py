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
