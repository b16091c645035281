"""A real Chromium reads the public API across origins, as the extension and other tools do."""

import pytest

pytestmark = pytest.mark.e2e

FETCH = """async ({url, options}) => {
  try {
    const response = await fetch(url, options);
    const text = await response.text();
    return {
      status: response.status,
      etag: response.headers.get("ETag"),
      version: response.headers.get("X-Taxonomy-Version"),
      body: text,
    };
  } catch (error) {
    return {error: String(error)};
  }
}"""


@pytest.fixture
def other_origin_page(browser, live_server):
    """A page on http://localhost:PORT, another origin than the API on 127.0.0.1:PORT.

    It must really come from a loopback server (Chromium lets only such pages reach
    loopback addresses) and must not be one of the service's HTML pages, whose
    Content-Security-Policy stops their scripts fetching from other origins: the health
    check's JSON, opened as a document, is both."""
    page = browser.new_page()
    page.goto(f"http://localhost:{live_server.port}/healthz")
    yield page
    page.close()


def fetch(page, url, **options):
    return page.evaluate(FETCH, {"url": url, "options": options})


def test_another_origin_reads_the_taxonomy_and_its_etag(other_origin_page, live_server):
    result = fetch(other_origin_page, f"{live_server.url}/api/v1/taxonomy")
    assert result.get("status") == 200, result
    assert result["etag"].startswith('"')
    assert result["version"] == "1"
    assert '"schema_version":1' in result["body"]


def test_revalidation_across_origins_gets_304(other_origin_page, live_server):
    first = fetch(other_origin_page, f"{live_server.url}/api/v1/taxonomy")
    again = fetch(
        other_origin_page,
        f"{live_server.url}/api/v1/taxonomy",
        headers={"If-None-Match": first["etag"]},
        cache="no-store",
    )
    assert again.get("status") == 304, again


def test_credentials_are_never_shared(other_origin_page, live_server):
    result = fetch(other_origin_page, f"{live_server.url}/api/v1/taxonomy", credentials="include")
    assert "error" in result, "a credentialed cross-origin read must be refused"


def test_pages_outside_the_api_are_not_shared(other_origin_page, live_server):
    result = fetch(other_origin_page, f"{live_server.url}/")
    assert "error" in result, "the HTML pages must not be readable from other origins"
