"""Benchmark: how long the admin area takes for an editor on the shipped guidance.

Run from the repository root: ``.venv/bin/python bench/bench_admin.py``. It starts the
app on a temporary SQLite database seeded with shared/taxonomy.json, signs in through the
real forms (Flask's test client: no network, so these are server-side times), and prints
the median and 95th percentile of: saving an edit (validating the whole document,
writing the draft and its audit event), the main pages, and the pattern checks a site
save runs. A side-by-side figure relates a save to the public API's answer to the
extension's update check.
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import create_app  # noqa: E402
from server.db import session_scope, upgrade_database  # noqa: E402
from server.matching.pattern_checks import pattern_warnings  # noqa: E402
from server.people.accounts import create_user  # noqa: E402
from server.publishing import drafts  # noqa: E402
from tests.html_forms import form_of  # noqa: E402

ROUNDS = 40
PASSWORD = "a benchmark password"
CAUTION = "client-location-emergency-plan"


def timed(action, rounds=ROUNDS):
    action()  # warm caches and the first-use imports
    samples = []
    for round_number in range(rounds):
        started = time.perf_counter()
        action(round_number)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def report(label, figures):
    median, p95 = figures
    print(f"  {label:<46} median {median:7.1f} ms   p95 {p95:7.1f} ms")


def ok(response):
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    return response


def token_in(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def main():
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "INSTANCE_PATH": instance,
                "DEFAULT_TAXONOMY_PATH": str(ROOT / "shared" / "taxonomy.json"),
                "LOGIN_RATE_LIMIT": "1000 per minute",
            }
        )
        upgrade_database(app)
        with app.app_context(), session_scope(app) as session:
            create_user(session, "lead", "reviewer", PASSWORD)
            drafts.get_draft(session, app.config["DEFAULT_TAXONOMY_PATH"])
        client = app.test_client()
        page = client.get("/admin/login").get_data(as_text=True)
        client.post(
            "/admin/login",
            data={"username": "lead", "password": PASSWORD, "csrf_token": token_in(page)},
        )
        form_path = f"/admin/cautions/{CAUTION}"

        def save(round_number=0):
            # A full form submission, as a browser sends it: every field as the page
            # shows it (the current revision included), with the detail changed.
            fields = form_of(client.get(form_path).get_data(as_text=True), form_path)
            fields["detail"] = [f"Round {round_number}: ask where the client is at the start."]
            response = client.post(form_path, data=fields)
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]

        print(
            "Admin area, shipped guidance (9 categories, 73 cautions, 125 sites), "
            f"{ROUNDS} rounds each"
        )
        report("save a caution edit (GET form + POST)", timed(save))
        for label, path in [
            ("dashboard", "/admin/"),
            ("review page (diff against published)", "/admin/review"),
            ("cautions list", "/admin/cautions"),
            ("site edit page (with pattern notes)", "/admin/sites/zoom"),
            ("preview of the Zoom card", "/admin/preview?site=zoom"),
            ("pattern lab, one address", "/admin/lab?url=https://acme.zoom.us/j/1"),
            ("history", "/admin/history"),
            ("compare version 1 with the draft", "/admin/history/compare?from=1&to=draft"),
        ]:
            report(label, timed(lambda _round=0, path=path: ok(client.get(path))))
        public = timed(lambda _round=0: client.get("/api/v2/taxonomy"))
        report("public API, full taxonomy (side by side)", public)

        with app.app_context(), session_scope(app) as session:
            document = drafts.document_of(drafts.get_draft(session))
        per_site = []
        started = time.perf_counter()
        for site in document["sites"]:
            site_started = time.perf_counter()
            pattern_warnings(document, site)
            per_site.append((time.perf_counter() - site_started) * 1000)
        total = (time.perf_counter() - started) * 1000
        print(
            f"  pattern warnings for every site: {total:.0f} ms for {len(per_site)} sites, "
            f"slowest site {max(per_site):.1f} ms"
        )
        app.extensions["practice_guide_db"]["engine"].dispose()


if __name__ == "__main__":
    main()
