"""Take the README's screenshots of the extension in real Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Uses the built extension with its bundled guidance and offline stand-in pages, so the
pictures show exactly what the current code draws. `make screenshots` runs it.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.build_extension import build  # noqa: E402

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


def shoot(out, chromium):
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        extension = build(Path(tmp) / "dist")["chrome"]
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=chromium,
            headless=True,
            viewport={"width": 1280, "height": 800},
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        try:
            context.route(
                "https://us02web.zoom.us/**",
                lambda route: route.fulfill(content_type="text/html", body=MEETING_PAGE),
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

            options = context.new_page()
            options.set_viewport_size({"width": 900, "height": 1100})
            options.goto(f"chrome-extension://{extension_id}/options/options.html")
            options.locator("#server-url").wait_for()
            options.wait_for_timeout(300)
            options.screenshot(path=out / "options.png")
        finally:
            context.close()
    return sorted(out.glob("*.png"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("No Chromium: set CHROMIUM or run `make test` once to install one.")
        return 2
    for path in shoot(Path(args.out), chromium):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
