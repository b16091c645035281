"""The admin card preview in a real Chromium, under the strict CSP the admin pages use: it
draws the extension's own card, with the extension's text, and its buttons do nothing."""

import copy
import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.taxonomy.applicability import Reader, applicable
from tests.e2e.extension import storage
from tests.live_server import LiveServer
from tests.test_preview import PAGE_GLUE, SHIPPED, injected_card_scripts, preview_app

pytestmark = pytest.mark.e2e

MESSAGES = Path(__file__).resolve().parents[2] / "extension" / "_locales" / "en" / "messages.json"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGE = "/admin/preview"
CARD = "#dpg-preview-stage digital-practice-guide #dpg-card"

# Registered before any page script runs; Playwright's own evaluation is outside the CSP.
WATCH_CSP = """(() => {
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
})();"""

SHADOW_SNAPSHOT = """(host) => ({
  html: host.shadowRoot.innerHTML,
  css: host.shadowRoot.adoptedStyleSheets.map(
    (sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join("\\n")),
})"""


def by_id(items, item_id):
    return next(item for item in items if item["id"] == item_id)


def card_cautions(taxonomy, site_id, jurisdiction=None, stage=None):
    """The cautions the extension puts on a one-category site's card, in order, by the
    service's implementation of the shared rule (server/taxonomy/applicability.py) and
    the choice rule's tie-break (lib/guidance.js): the site's own compete with the
    category's, by force, severity and the document's order; None: not asked."""
    site = by_id(taxonomy["sites"], site_id)
    wanted = set(site.get("cautions", [])) | {
        caution_id
        for category_id in site["categories"]
        for caution_id in by_id(taxonomy["categories"], category_id)["cautions"]
    }
    ids = [caution["id"] for caution in taxonomy["cautions"] if caution["id"] in wanted]
    # None chosen yet: only the cautions that apply everywhere (an empty list).
    reader = Reader(jurisdictions=(jurisdiction,) if jurisdiction else (), stage=stage)
    return applicable(taxonomy, ids, reader)


def more_headlines(taxonomy, site_id, jurisdiction=None):
    """The cautions "More" shows in full, in order: the `choosing` ones not among the key
    cautions first (under "Setting up this tool"), then the rest."""
    ordered = card_cautions(taxonomy, site_id, jurisdiction)
    top = {c["id"] for c in card_cautions(taxonomy, site_id, jurisdiction, "before")[:3]}
    setup = [c for c in ordered if "choosing" in c["stage"] and c["id"] not in top]
    rest = [c for c in ordered if c not in setup]
    return [caution["headline"] for caution in setup + rest]


def top_headlines(taxonomy, site_id, jurisdiction=None, stage="before"):
    """The card's key cautions: those for the stage (on arrival, before), in card order;
    three, or two while the card asks which use (a site with several, none chosen)."""
    asking = len(by_id(taxonomy["sites"], site_id).get("uses") or ()) > 1
    chosen = card_cautions(taxonomy, site_id, jurisdiction, stage)[: 2 if asking else 3]
    return [caution["headline"] for caution in chosen]


@pytest.fixture
def serve():
    """Start the preview app for a taxonomy; every server is stopped after the test."""
    servers = []

    def start(taxonomy=SHIPPED, **config):
        servers.append(LiveServer(preview_app(taxonomy, **config)).start())
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


class Watch:
    """Everything a page should not do: console errors or warnings, uncaught errors,
    dialogs, CSP violations, navigations after it loaded."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        self.dialogs = []
        self.navigations = []
        page.add_init_script(WATCH_CSP)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)
        page.on("framenavigated", lambda frame: self.navigations.append(frame.url))

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url):
        self.page.goto(url)
        expect(self.page.locator(CARD)).to_be_visible()
        self.navigations.clear()
        return self.page

    def assert_clean(self):
        assert self.problems == []
        assert self.dialogs == []
        assert self.page.evaluate("() => window.cspViolations") == []


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def caution_headlines(page):
    """Every caution the card has in full ("More"), in order."""
    return page.locator("#dpg-more-details .dpg-caution-title").all_text_contents()


def test_the_card_is_drawn_in_the_stage(page, serve):
    base = serve()
    watch = Watch(page)
    watch.open(f"{base}{PAGE}?site=zoom")

    expect(page.locator("#dpg-title")).to_have_text(by_id(SHIPPED["categories"], "video")["name"])
    expect(page.locator("#dpg-top-cautions .dpg-caution-title")).to_have_text(
        top_headlines(SHIPPED, "zoom")
    )
    first = card_cautions(SHIPPED, "zoom", stage="before")[0]
    # Headline and action first; the detail is under "More".
    expect(page.locator("#dpg-top-cautions .dpg-caution-action").first).to_have_text(
        first["action"]
    )
    expect(page.locator("#dpg-top-cautions .dpg-caution-detail")).to_have_count(0)
    page.click("#dpg-more")
    expect(
        page.locator("#dpg-more-details .dpg-caution-detail").filter(has_text=first["detail"])
    ).to_have_count(1)
    expect(page.locator("#dpg-mode strong")).to_have_text("Synchronous")
    # The extension card's structure, from the extension's own code.
    ids = page.locator("digital-practice-guide").evaluate(
        "(host) => [...host.shadowRoot.querySelectorAll('[id]')].map((node) => node.id)"
    )
    for expected in (
        "dpg-live",
        "dpg-card",
        "dpg-panel",
        "dpg-title",
        "dpg-collapse",
        "dpg-body",
        "dpg-top-cautions",
        "dpg-more",
        "dpg-why",
        "dpg-got-it",
        "dpg-snooze",
        "dpg-disable-site",
        "dpg-pill",
    ):
        assert expected in ids
    expect(page.locator("#dpg-preview-fallback")).to_have_count(0)

    # "Why this?" names the site and the pattern, as on a real page.
    page.click("#dpg-why")
    expect(page.locator("#dpg-why-details")).to_contain_text("Zoom")
    expect(page.locator("#dpg-why-details code")).to_have_text("https://*.zoom.us/j/*")

    # position: fixed, yet in the stage's bottom-right corner (16px inside its border).
    stage = page.locator("#dpg-preview-stage").bounding_box()
    card = page.locator("#dpg-card").bounding_box()
    assert abs((stage["x"] + stage["width"] - 1 - 16) - (card["x"] + card["width"])) < 1.5
    assert abs((stage["y"] + stage["height"] - 1 - 16) - (card["y"] + card["height"])) < 1.5
    assert card["y"] >= stage["y"]
    watch.assert_clean()


def test_the_same_card_as_the_extension_draws(browsing, worker, serve):
    """The extension's card on zoom.us and the preview's, with the same guidance version,
    have the same markup and the same styles."""
    version = storage(worker, "local", ["guidance"])["guidance"]["version"]
    assert isinstance(version, int)
    real = browsing.new_page()
    real.goto("https://zoom.us/j/")
    expect(real.locator("#dpg-card")).to_be_visible()
    expect(real.locator("#dpg-live")).not_to_be_empty()

    preview = browsing.new_page()
    watch = Watch(preview)
    # A fresh profile: the extension's card is for a first visit.
    watch.open(f"{serve()}{PAGE}?site=zoom&version={version}&first=1")
    expect(preview.locator("#dpg-live")).not_to_be_empty()

    extension_card = real.locator("digital-practice-guide").evaluate(SHADOW_SNAPSHOT)
    preview_card = preview.locator("digital-practice-guide").evaluate(SHADOW_SNAPSHOT)
    assert preview_card == extension_card
    assert "dpg-top-cautions" in preview_card["html"] and len(preview_card["css"]) == 1
    watch.assert_clean()


def test_a_jurisdiction_changes_the_cautions(page, serve):
    base = serve()
    watch = Watch(page)
    watch.open(f"{base}{PAGE}?site=zoom")
    assert caution_headlines(page) == more_headlines(SHIPPED, "zoom")

    headline = {caution["id"]: caution["headline"] for caution in SHIPPED["cautions"]}
    for jurisdiction, present, absent in [
        ("us", "us-hipaa-baa", "uk-eu-data-protection"),
        ("uk", "uk-eu-data-protection", "us-hipaa-baa"),
        ("ca", "client-location-emergency-plan", "ca-ontario-electronic-practice"),
        ("ca-on", "ca-ontario-electronic-practice", "uk-eu-data-protection"),
    ]:
        present, absent = headline[present], headline[absent]
        page.select_option("#dpg-preview-jurisdiction", jurisdiction)
        page.click("#dpg-preview-submit")
        page.wait_for_url(re.compile(rf"[?&]jurisdiction={jurisdiction}(&|$)"))
        expect(page.locator(CARD)).to_be_visible()
        assert caution_headlines(page) == more_headlines(SHIPPED, "zoom", jurisdiction)
        assert present in caution_headlines(page)
        assert absent not in caution_headlines(page)
        expect(page.locator("#dpg-top-cautions .dpg-caution-title")).to_have_text(
            top_headlines(SHIPPED, "zoom", jurisdiction)
        )
        expect(page.locator("#dpg-preview-jurisdiction")).to_have_value(jurisdiction)
    watch.assert_clean()


def test_stage_profiles_use_and_regions(page, serve):
    taxonomy = with_every_control()
    base = serve(taxonomy)
    watch = Watch(page)
    watch.open(f"{base}{PAGE}?site=zoom")
    # A region reaches up to its country's cautions; the moment picks the top ones.
    page.select_option("#dpg-preview-jurisdiction", "us-il")
    page.select_option("#dpg-preview-stage-choice", "choosing")
    page.click("#dpg-preview-submit")
    page.wait_for_url(re.compile(r"[?&]stage=choosing(&|$)"))
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator("#dpg-top-cautions .dpg-caution-title")).to_have_text(
        top_headlines(taxonomy, "zoom", "us-il", "choosing")
    )
    # Not asked: the HIPAA caution shows; asked and ticked: it still does; a profile
    # asked but not holding is not expressible with checkboxes (none ticked = not asked).
    headline = by_id(taxonomy["cautions"], "us-hipaa-baa")["headline"]
    assert headline in caution_headlines(page)
    page.check("#dpg-preview-profile-hipaa")
    page.click("#dpg-preview-submit")
    page.wait_for_url(re.compile(r"[?&]profile=hipaa(&|$)"))
    expect(page.locator(CARD)).to_be_visible()
    assert headline in caution_headlines(page)
    # A use brings its own categories.
    page.select_option("#dpg-preview-use", "booking")
    page.click("#dpg-preview-submit")
    page.wait_for_url(re.compile(r"[?&]use=booking(&|$)"))
    expect(page.locator(CARD)).to_be_visible()
    expect(page.locator("#dpg-title")).to_have_text(
        by_id(SHIPPED["categories"], "calendar")["name"]
    )
    watch.assert_clean()


def hostile_taxonomy():
    taxonomy = copy.deepcopy(SHIPPED)
    caution = by_id(taxonomy["cautions"], "zoom-ai-companion")
    # The key caution by the choice rule: a high must, first in the document.
    caution.update(force="must", basis="law", severity="high", stage=["before"])
    taxonomy["cautions"].remove(caution)
    taxonomy["cautions"].insert(0, caution)
    caution["headline"] = 'Title <img src=x onerror="window.pwned=1;alert(2)">'
    caution["action"] = "Act </script><script>window.pwned=1;alert(4)</script>"
    caution["detail"] = "Text </script><script>window.pwned=1;alert(1)</script>"
    by_id(taxonomy["sites"], "zoom")["name"] = "Zoom </script><svg onload=alert(3)>"
    by_id(taxonomy["categories"], "video")["name"] = "Video <b>bold</b>"
    return taxonomy


def test_hostile_text_is_shown_as_text(page, serve):
    taxonomy = hostile_taxonomy()
    watch = Watch(page)
    base = serve(taxonomy)
    watch.open(f"{base}{PAGE}?site=zoom")

    caution = by_id(taxonomy["cautions"], "zoom-ai-companion")
    expect(page.locator("#dpg-top-cautions .dpg-caution-title").first).to_have_text(
        caution["headline"]
    )
    expect(page.locator("#dpg-top-cautions .dpg-caution-action").first).to_have_text(
        caution["action"]
    )
    page.click("#dpg-more")
    expect(
        page.locator("#dpg-more-details .dpg-caution-detail").filter(has_text=caution["detail"])
    ).to_have_count(1)
    expect(page.locator("#dpg-title")).to_have_text("Video <b>bold</b>")
    injected = page.evaluate(
        """() => {
          const root = document.querySelector("digital-practice-guide").shadowRoot;
          return {
            inCard: root.querySelectorAll("img, script, svg, b").length,
            inPage: document.querySelectorAll("img, svg, b").length,
            scripts: [...document.scripts].map((script) => script.type || script.src),
            pwned: window.pwned ?? null,
          };
        }"""
    )
    assert injected["inCard"] == 0 and injected["inPage"] == 0 and injected["pwned"] is None
    # Only the page's own scripts: its data, the card's scripts and its module.
    card_scripts = [path for path in injected_card_scripts() if path not in PAGE_GLUE]
    assert injected["scripts"] == [
        "application/json",
        *[f"{base}/admin/preview/ext/{path}" for path in card_scripts],
        "module",
    ]
    watch.assert_clean()


def test_without_javascript_the_stage_lists_the_guidance(browser, serve):
    base = serve(hostile_taxonomy())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}{PAGE}?site=zoom&jurisdiction=uk")
    fallback = page.locator("#dpg-preview-fallback")
    expect(fallback).to_contain_text("needs JavaScript")
    expect(fallback.locator("li")).to_have_text(["Video <b>bold</b>"])
    # The cautions are the extension's choice: without its code, none are listed.
    expect(fallback).not_to_contain_text("Zoom AI Companion")
    assert page.locator("img, svg, b, digital-practice-guide").count() == 0
    context.close()


def test_the_card_buttons_only_explain(page, serve):
    watch = Watch(page)
    url = f"{serve()}{PAGE}?site=zoom"
    watch.open(url)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    status = page.locator("#dpg-preview-status")
    again = page.locator("#dpg-preview-again")

    page.click("#dpg-got-it")
    expect(page.locator("#dpg-card")).to_be_hidden()
    expect(status).to_have_text(
        "In the extension, “Got it” would close the card until the reminder rules show it again."
    )
    expect(again).to_be_visible()
    again.click()
    expect(page.locator("#dpg-card")).to_be_visible()
    expect(again).to_be_hidden()

    page.click("#dpg-snooze")
    page.click("#dpg-snooze-hour")
    expect(status).to_have_text(
        "In the extension, this would snooze the card on this site for an hour."
    )
    again.click()
    page.click("#dpg-snooze")
    page.click("#dpg-snooze-tomorrow")
    expect(status).to_contain_text("until tomorrow")
    again.click()
    page.click("#dpg-disable-site")
    expect(status).to_contain_text("would stop the card on this site")
    again.click()

    page.click("#dpg-more")  # the checklist is one click away, under "More"
    box = page.locator("#dpg-checklist input[type=checkbox]").first
    box.check()
    expect(box).to_be_checked()
    expect(status).to_contain_text("Nothing is saved here")

    # Collapsing to the pill and opening again work as in a page.
    page.click("#dpg-collapse")
    expect(page.locator("#dpg-pill")).to_be_visible()
    page.click("#dpg-pill")
    expect(page.locator("#dpg-panel")).to_be_visible()

    page.keyboard.press("Escape")
    expect(page.locator("#dpg-card")).to_be_hidden()
    expect(status).to_contain_text("“Got it”")

    assert page.url == url
    assert watch.navigations == []
    assert requests == []
    watch.assert_clean()


@pytest.mark.parametrize(
    ("scheme", "panel", "stage"),
    [
        ("light", "rgb(251, 250, 248)", "rgb(255, 255, 255)"),
        ("dark", "rgb(31, 35, 40)", "rgb(13, 17, 23)"),
    ],
)
def test_light_and_dark(browser, serve, scheme, panel, stage):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    watch = Watch(page)
    watch.open(f"{serve()}{PAGE}?site=zoom")
    background = "(node) => getComputedStyle(node).backgroundColor"
    assert page.locator("#dpg-panel").evaluate(background) == panel
    assert page.locator("#dpg-preview-stage").evaluate(background) == stage
    watch.assert_clean()
    context.close()


RUN_AXE = """async () => {
  const results = await axe.run(document);
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`);
}"""


def with_every_control():
    """The shipped guidance with a region, a profile and site uses: every control shows."""
    taxonomy = copy.deepcopy(SHIPPED)
    taxonomy["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
    taxonomy["profiles"] = [{"id": "hipaa", "question": "Are you a HIPAA covered entity?"}]
    by_id(taxonomy["cautions"], "us-hipaa-baa")["applies_if"] = ["hipaa"]
    by_id(taxonomy["sites"], "zoom")["uses"] = [
        {"id": "sessions", "label": "Sessions with clients", "categories": ["video"]},
        {"id": "booking", "label": "Booking sessions", "categories": ["calendar"]},
    ]
    return taxonomy


@pytest.mark.parametrize("controls", ["shipped", "every control"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_preview_passes_axe(browser, serve, scheme, controls):
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`.")
        pytest.skip("axe-core is not installed (npm ci).")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    if controls == "shipped":
        Watch(page).open(f"{serve()}{PAGE}?site=zoom")
    else:
        Watch(page).open(
            f"{serve(with_every_control())}{PAGE}?site=zoom&profile=hipaa&use=sessions"
        )
    for disclosure in ("#dpg-more", "#dpg-why", "#dpg-snooze"):
        page.click(disclosure)
    page.locator("#dpg-card").evaluate(
        "async (card) => Promise.all(card.getAnimations().map((animation) => animation.finished))"
    )
    # Evaluated, not added as a script tag: the page's CSP refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(RUN_AXE) == []
    context.close()


def test_a_site_outranked_by_another_says_so(page, serve):
    taxonomy = copy.deepcopy(SHIPPED)
    by_id(taxonomy["sites"], "google-meet")["patterns"].append("https://www.meet.google.com/*")
    shadowed = {"id": "shadowed", "name": "Shadowed", "categories": ["calendar"]}
    taxonomy["sites"].append({**shadowed, "patterns": ["https://*.meet.google.com/*"]})
    watch = Watch(page)
    watch.open(f"{serve(taxonomy)}{PAGE}?site=shadowed")
    expect(page.locator("#dpg-preview-status")).to_have_text(
        "On https://meet.google.com/ the extension shows the card of Google Meet instead:"
        " a pattern of that site is more specific."
    )
    expect(page.locator("#dpg-title")).to_have_text("Video sessions")
    watch.assert_clean()


def test_an_address_with_no_card_says_so(page, serve):
    taxonomy = copy.deepcopy(SHIPPED)
    taxonomy["sites"].append(
        {"id": "odd", "name": "Odd", "patterns": ["https://a.example/a b"], "categories": ["video"]}
    )
    watch = Watch(page)
    page.goto(f"{serve(taxonomy)}{PAGE}?site=odd")
    expect(page.locator("#dpg-preview-status")).to_have_text(
        "The extension shows no card on https://a.example/a b."
    )
    expect(page.locator("#dpg-preview-fallback")).to_contain_text("shows no card")
    expect(page.locator("digital-practice-guide")).to_have_count(0)
    watch.assert_clean()


# --- chrome.i18n.getMessage, the real one against the preview's --------------------------

EDGE_MESSAGES = {
    "zzDollars": {"message": "a $$ b $$$ c $ d $x e $0 f $10 g $"},
    "zzNumbered": {"message": "$1|$2|$3|$4|$5|$6|$7|$8|$9"},
    "zzNamed": {
        "message": "Hi $Who$ and $WHO$: $count$ items",
        "placeholders": {"WHO": {"content": "<$1>"}, "count": {"content": "$2 x $$"}},
    },
    "zzBadName": {
        "message": "$ a$NAME$ $no-name$ $$name$",
        "placeholders": {"name": {"content": "N"}},
    },
    "ZZMixedCase": {"message": "Mixed $1"},
    "zzLiteral": {"message": "Cost: 5$ total, 100%"},
}
NONE = "<none>"
SUBSTITUTIONS = [
    NONE,
    "S",
    "",
    ["A"],
    ["A", "B", "C"],
    [str(n) for n in range(1, 10)],
    [str(n) for n in range(1, 11)],
    [],
]
NAMES = ["zzmixedcase", "ZZMIXEDCASE", "zzMixedCase", "zzNoSuchMessage", ""]
ODD_CASES = [
    [5, "S"],
    [None, NONE],
    ["zzNumbered", [1, None, True, {"a": 1}]],
    ["zzNumbered", 7],
    ["zzNumbered", None],
    ["zzNamed", {"who": "W"}],
]

GET_ALL = """([cases, messages]) => {
  const get = messages === null
    ? chrome.i18n.getMessage
    : globalThis.previewModule.messageGetter(messages);
  return cases.map(([name, substitutions]) => {
    try {
      const text = substitutions === "<none>" ? get(name) : get(name, substitutions);
      return text === undefined ? "<undefined>" : text;
    } catch (error) {
      return "<error>";
    }
  });
}"""


def oracle_extension(folder, messages):
    """An extension with nothing but these messages, a worker (for its id) and a page."""
    (folder / "_locales" / "en").mkdir(parents=True)
    (folder / "_locales" / "en" / "messages.json").write_text(json.dumps(messages), "utf-8")
    manifest = {
        "manifest_version": 3,
        "name": "i18n oracle",
        "version": "1.0",
        "default_locale": "en",
        "background": {"service_worker": "worker.js"},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (folder / "worker.js").write_text("// only here to give the extension an id\n", "utf-8")
    (folder / "page.html").write_text("<!doctype html><title>oracle</title>", "utf-8")
    return folder


def test_the_text_is_what_chrome_i18n_gives(playwright, chromium_path, tmp_path, page, serve):
    messages = {**json.loads(MESSAGES.read_text("utf-8")), **EDGE_MESSAGES}
    cases = [[name, subs] for name in [*messages, *NAMES] for subs in SUBSTITUTIONS]
    cases += ODD_CASES

    folder = oracle_extension(tmp_path / "oracle", messages)
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path,
        headless=True,
        args=[f"--disable-extensions-except={folder}", f"--load-extension={folder}"],
    )
    try:
        worker = context.service_workers[0] if context.service_workers else None
        worker = worker or context.wait_for_event("serviceworker", timeout=10_000)
        extension_page = context.new_page()
        extension_page.goto(f"chrome-extension://{worker.url.split('/')[2]}/page.html")
        expected = extension_page.evaluate(GET_ALL, [cases, None])
    finally:
        context.close()

    watch = Watch(page)
    watch.open(f"{serve()}{PAGE}?site=zoom")
    page.evaluate(
        "async () => { globalThis.previewModule = await import('/static/admin/preview.js'); }"
    )
    actual = page.evaluate(GET_ALL, [cases, messages])
    differences = [
        (case, want, got)
        for case, want, got in zip(cases, expected, actual, strict=True)
        if want != got
    ]
    assert differences == []
    # The comparison is not vacuous: named placeholders were filled in.
    assert expected[cases.index(["pillLabel", ["A", "B", "C"]])] == "Guidance: A"
    watch.assert_clean()
