"""Take the README's screenshots of the extension and the admin area in real Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only admin]

The extension pictures use the built extension with its bundled guidance and offline
stand-in pages; the admin pictures use the real service on a throwaway database with the
shipped guidance, where an editor rewrites a caution and asks for review. So the pictures
show exactly what the current code draws. `make screenshots` runs it.
"""

import argparse
import logging
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.build_extension import build  # noqa: E402
from server import create_app  # noqa: E402
from server.db import session_scope, upgrade_database  # noqa: E402
from server.people.accounts import create_user  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
# The admin pictures' people: an editor makes the change, a reviewer approves it.
STAFF = {"ann": "editor", "rita": "reviewer"}
CAUTION = "client-location-emergency-plan"  # the first caution of video sessions
NEW_TEXT = (
    "At the start of every video session, confirm where the client is and note the "
    "address. Keep to hand the emergency numbers for that area (your own emergency number "
    "reaches services near you, not near the client), a support person the client has "
    "agreed you may contact, and a plan for what you will each do if the connection drops."
)
REVIEW_NOTE = "Shorter emergency-plan wording, as agreed at the team meeting"
LAB_URL = "https://us02web.zoom.us/j/81234567890"

MEETING_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Zoom meeting</title><style>
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; background: #1f2329; color: #e8eaed; }
header { padding: 14px 22px; background: #2b3038; font-weight: 600; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; padding: 22px; }
.tile { background: #3a404a; border-radius: 10px; height: 300px; display: grid;
        place-items: center; font-size: 20px; color: #c9ced6; }
footer { position: fixed; bottom: 0; left: 0; right: 0; padding: 14px; background: #2b3038;
         display: flex; gap: 10px; justify-content: center; }
footer span { background: #454c57; padding: 8px 14px; border-radius: 6px; }
</style></head><body><header>Weekly session</header>
<main><div class="tile">You</div><div class="tile">Client</div></main>
<footer><span>Mute</span><span>Stop video</span><span>Share</span><span>Leave</span></footer>
</body></html>"""


CHAT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>WhatsApp</title><style>
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; display: grid;
       grid-template-columns: 320px 1fr; height: 100vh; }
aside { background: #f0f2f5; border-right: 1px solid #d1d7db; padding: 16px; }
main { background: #efeae2; padding: 24px; }
p { background: #fff; border-radius: 8px; padding: 8px 12px; max-width: 360px; }
</style></head><body><aside>Chats</aside>
<main><p>Hi, can we move Thursday's appointment?</p></main></body></html>"""


def shoot_extension(out, chromium):
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        extension = build(Path(tmp) / "dist")["chrome"]
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=chromium,
            headless=True,
            viewport=VIEWPORT,
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        try:
            context.route(
                "https://us02web.zoom.us/**",
                lambda route: route.fulfill(content_type="text/html", body=MEETING_PAGE),
            )
            context.route(
                "https://web.whatsapp.com/**",
                lambda route: route.fulfill(content_type="text/html", body=CHAT_PAGE),
            )
            workers = [w for w in context.service_workers if "chrome-extension" in w.url]
            worker = workers[0] if workers else context.wait_for_event("serviceworker")
            extension_id = worker.url.split("/")[2]
            worker.evaluate("() => chrome.storage.sync.set({prefs: {jurisdictions: ['uk']}})")

            page = context.new_page()
            page.goto("https://us02web.zoom.us/j/81234567890")
            page.locator("#dpg-card").wait_for()
            page.wait_for_timeout(300)
            page.screenshot(path=out / "card.png")
            page.emulate_media(color_scheme="dark")
            page.locator("#dpg-more").click()
            page.wait_for_timeout(300)
            page.screenshot(path=out / "card-dark-more.png")
            tab_id = worker.evaluate(
                "async () => (await chrome.tabs.query({url: 'https://us02web.zoom.us/*'}))[0].id"
            )

            popup = context.new_page()
            popup.set_viewport_size({"width": 400, "height": 620})
            popup.goto(f"chrome-extension://{extension_id}/popup/popup.html?tab={tab_id}")
            popup.locator("#source").wait_for()
            popup.wait_for_timeout(300)
            popup.screenshot(path=out / "popup.png")

            popup.goto(f"chrome-extension://{extension_id}/popup/popup.html")
            popup.locator("#about-to-phone").click()
            popup.locator("#about-to-guidance").wait_for()
            popup.wait_for_timeout(300)
            popup.screenshot(path=out / "popup-about-to.png")

            pages = f"chrome-extension://{extension_id}"
            for url, ready, name, size in [
                ("https://web.whatsapp.com/", "#dpg-card", "card-use.png", None),
                (f"{pages}/welcome/welcome.html", "body[data-ready=true]", "welcome.png", 1000),
                (f"{pages}/options/options.html", "#server-url", "options.png", 1100),
            ]:
                shot = context.new_page()
                if size:
                    shot.set_viewport_size({"width": 900, "height": size})
                shot.goto(url)
                shot.locator(ready).wait_for()
                shot.wait_for_timeout(300)
                shot.screenshot(path=out / name)
        finally:
            context.close()


def guidance_service(folder):
    """The real service on a throwaway SQLite database, with the shipped guidance and the
    STAFF accounts; returns (app, password)."""
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": f"sqlite:///{folder / 'screenshots.db'}",
            "DEFAULT_TAXONOMY_PATH": str(REPO / "shared" / "taxonomy.json"),
        }
    )
    password = secrets.token_urlsafe(18)
    upgrade_database(app)
    with app.app_context(), session_scope(app) as session:
        for username, role in STAFF.items():
            create_user(session, username, role, password)
    return app, password


def signed_in(browser, base, username, password):
    """A page in its own browser context (its own cookies), signed in as ``username``."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    return page


def shoot_admin(out, chromium):
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        app, password = guidance_service(Path(tmp))
        server = LiveServer(app).start()
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            base = server.url
            editor = signed_in(browser, base, "ann", password)

            # The editor rewrites the emergency-plan caution of video sessions...
            editor.goto(f"{base}/admin/cautions/{CAUTION}")
            editor.get_by_label("Detail", exact=True).fill(NEW_TEXT)
            editor.get_by_label("Detail", exact=True).blur()
            editor.screenshot(path=out / "admin-caution.png")
            editor.get_by_role("button", name="Save the caution").click()
            expect(editor.locator(".flash-success")).to_contain_text("Saved")

            # ...sees the card as the extension will draw it on Zoom...
            editor.goto(f"{base}/admin/preview?site=zoom")
            card = editor.locator("#dpg-card")
            expect(card).to_contain_text("confirm where the client is")
            card.evaluate("(card) => Promise.all(card.getAnimations().map((a) => a.finished))")
            # Scroll the card to the new text, then the page to the card.
            edited = card.locator(".dpg-caution", has_text="confirm where the client is")
            edited.evaluate("(caution) => caution.scrollIntoView({block: 'center'})")
            editor.locator(".dpg-preview-context").evaluate(
                "(context) => window.scrollTo(0, window.scrollY"
                " + context.getBoundingClientRect().top - 24)"
            )
            editor.screenshot(path=out / "admin-preview.png")

            # ...checks which guidance a Zoom meeting address gets...
            editor.goto(f"{base}/admin/lab?url={LAB_URL}")
            expect(editor.locator(".lab-result")).to_be_visible()
            editor.locator("#explain-heading").evaluate(
                "(heading) => window.scrollTo(0, window.scrollY"
                " + heading.getBoundingClientRect().top - 16)"
            )
            editor.screenshot(path=out / "admin-lab.png")

            # ...and asks for review.
            editor.goto(f"{base}/admin/review")
            editor.get_by_label("Note for the reviewer").fill(REVIEW_NOTE)
            editor.get_by_role("button", name="Ask for review").click()
            expect(editor.locator(".flash-success")).to_contain_text("Review requested")

            # A reviewer finds it on the dashboard and opens the changes.
            reviewer = signed_in(browser, base, "rita", password)
            reviewer.screenshot(path=out / "admin-dashboard.png")
            reviewer.goto(f"{base}/admin/review")
            expect(reviewer.get_by_role("button", name="Approve these changes")).to_be_visible()
            reviewer.screenshot(path=out / "admin-review.png")
        finally:
            browser.close()
            server.stop()
            app.extensions["practice_guide_db"]["engine"].dispose()


SHOOTERS = {"extension": shoot_extension, "admin": shoot_admin}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--only", choices=sorted(SHOOTERS), help="take only these pictures")
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("No Chromium: set CHROMIUM or run `make test` once to install one.")
        return 2
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not every request, please
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, shoot in SHOOTERS.items():
        if args.only in (None, name):
            shoot(out, chromium)
    for path in sorted(out.glob("*.png")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
