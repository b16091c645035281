"""A guidance server the extension holds no host permission for is reached through CORS.

Organisations run the service at any https: origin; the extension asks no permission
for it because the read-only API answers with CORS headers. The test server listens on
[::1], which the build does not permit (only localhost and 127.0.0.1 are, for
development), so the worker's fetch is a plain cross-origin request.
"""

import json

import pytest

from tests.e2e.pages import stored_guidance, wait_for_first_check

# The install-time check is what this is about.
pytestmark = [pytest.mark.e2e, pytest.mark.fresh_profile]


@pytest.fixture(scope="module")
def service_host():
    return "::1"


def test_unpermitted_server_origin_is_read_through_cors(
    worker, extension_id, guidance_server, server_tap
):
    manifest = worker.evaluate("() => chrome.runtime.getManifest()")
    assert not any("[::1]" in pattern for pattern in manifest["host_permissions"])
    assert guidance_server.url.startswith("http://[::1]:")

    status = wait_for_first_check(worker)
    assert status["lastOutcome"] == "updated", status
    guidance = stored_guidance(worker)
    assert guidance["serverUrl"] == guidance_server.url
    assert guidance["version"] == 1

    (request,) = server_tap.taxonomy_requests()
    # A cross-origin request: the browser names the extension as its origin, and the
    # service's answer allowed it.
    assert request["headers"].get("origin") == f"chrome-extension://{extension_id}"
    assert request["response_headers"]["access-control-allow-origin"] == "*"
    assert "cookie" not in request["headers"]
    assert json.dumps(guidance["taxonomy"]["categories"][0]["id"]) == '"telephone"'
