"""Take the store listing's pictures of the store package in real Chromium.

    .venv/bin/python scripts/store_screenshots.py [--out docs/store]

Writes five 1280x800 screenshots (the size the Chrome Web Store, Edge Add-ons and
addons.mozilla.org all take) and the 440x280 small promotional tile, from the package
`make package` zips, on the offline stand-in pages scripts/screenshots.py uses. The
toolbar popup is drawn by the extension at its own size and set, as the browser shows
it, over the meeting page it describes. `make store-screenshots` runs it; docs/store.md
says which store takes what.
"""

import argparse
import base64
import os
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.build_extension import build_store  # noqa: E402
from scripts.screenshots import CHAT_PAGE, MEETING_PAGE  # noqa: E402

SCREENSHOT = {"width": 1280, "height": 800}
PROMO_TILE = {"width": 440, "height": 280}
MEETING = "https://us02web.zoom.us/j/81234567890"
CHAT = "https://web.whatsapp.com/"
STAND_INS = {"https://us02web.zoom.us/**": MEETING_PAGE, "https://web.whatsapp.com/**": CHAT_PAGE}
# The order the listing shows them in (the Chrome Web Store takes at most five).
SHOTS = [
    "1-card-on-a-video-session.png",
    "2-more-in-dark-mode.png",
    "3-what-are-you-doing-here.png",
    "4-toolbar-popup.png",
    "5-options.png",
]
PROMO = "promo-small-440x280.png"

# The popup as the browser draws it: hanging from the toolbar at the top right.
POPUP_FRAME = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; width: 1280px; height: 800px; overflow: hidden; position: relative; }}
img.page {{ position: absolute; inset: 0; }}
img.popup {{ position: absolute; top: 8px; right: 16px; border: 1px solid #c4c9cf;
  border-radius: 8px; box-shadow: 0 8px 28px rgb(0 0 0 / 35%); }}
</style></head><body>
<img class="page" src="data:image/png;base64,{page}" alt="">
<img class="popup" src="data:image/png;base64,{popup}" alt="">
</body></html>"""

# The small tile: the icon alone on the brand's colour (the store asks for no text).
PROMO_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; width: 440px; height: 280px; display: grid; place-items: center;
  background: linear-gradient(135deg, #1d5c63, #2f7f86); }}
</style></head><body>
<img src="data:image/png;base64,{icon}" width="128" height="128" alt="">
</body></html>"""


def encoded(png):
    return base64.b64encode(png).decode("ascii")


def stand_in(body):
    """A route handler that answers with the page `body`."""
    return lambda route: route.fulfill(content_type="text/html", body=body)


def settle(page):
    """Let the card's entrance finish before the picture is taken."""
    page.wait_for_timeout(400)


def shoot(out, chromium):
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        extension = build_store(Path(tmp) / "dist")["chrome"]
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=chromium,
            headless=True,
            viewport=SCREENSHOT,
            device_scale_factor=1,
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        )
        try:
            for pattern, body in STAND_INS.items():
                context.route(pattern, stand_in(body))
            workers = [w for w in context.service_workers if "chrome-extension" in w.url]
            worker = workers[0] if workers else context.wait_for_event("serviceworker")
            extension_id = worker.url.split("/")[2]
            pages = f"chrome-extension://{extension_id}"
            worker.evaluate("() => chrome.storage.sync.set({prefs: {jurisdictions: ['uk']}})")

            meeting = context.new_page()
            meeting.goto(MEETING)
            meeting.locator("#dpg-card").wait_for()
            settle(meeting)
            meeting_png = meeting.screenshot(path=out / SHOTS[0])
            # The same card (a second visit today would get none), dark, "More" open.
            meeting.emulate_media(color_scheme="dark")
            meeting.locator("#dpg-more").click()
            settle(meeting)
            meeting.screenshot(path=out / SHOTS[1])

            chat = context.new_page()
            chat.goto(CHAT)
            chat.locator("#dpg-card").wait_for()
            settle(chat)
            chat.screenshot(path=out / SHOTS[2])

            tab_id = worker.evaluate(
                f"async () => (await chrome.tabs.query({{url: '{MEETING}*'}}))[0].id"
            )
            popup = context.new_page()
            popup.set_viewport_size({"width": 380, "height": 716})
            popup.goto(f"{pages}/popup/popup.html?tab={tab_id}")
            popup.locator("#source").wait_for()
            settle(popup)
            framed = context.new_page()
            framed.set_content(
                POPUP_FRAME.format(page=encoded(meeting_png), popup=encoded(popup.screenshot()))
            )
            framed.screenshot(path=out / SHOTS[3])

            options = context.new_page()
            options.goto(f"{pages}/options/options.html")
            options.locator("#server-url").wait_for()
            settle(options)
            options.screenshot(path=out / SHOTS[4])

            tile = context.new_page()
            tile.set_viewport_size(PROMO_TILE)
            icon = (extension / "icons" / "icon-128.png").read_bytes()
            tile.set_content(PROMO_PAGE.format(icon=encoded(icon)))
            tile.screenshot(path=out / PROMO)
        finally:
            context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "store"))
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("No Chromium: set CHROMIUM or run `make test` once to install one.")
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shoot(out, chromium)
    for name in [*SHOTS, PROMO]:
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
