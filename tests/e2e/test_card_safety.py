"""Guidance is data, never markup: hostile text from the server reaches the card, the popup
and the extension's pages only as text, and the card links only to https: addresses."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, by_id, shipped_taxonomy, take_version
from tests.e2e.pages import open_popup
from tests.e2e.service import publish

pytestmark = pytest.mark.e2e

EXTENSION = Path(__file__).resolve().parents[2] / "extension"

IMG = '<img src=x onerror="window.pwned=1;alert(1)">'
SCRIPT = "<script>window.pwned=1</script>"
SVG = '"><svg onload="window.pwned=1;alert(1)">'
HOSTILE = (IMG, SCRIPT, SVG)


def hostile_taxonomy():
    """The shipped guidance with markup in every kind of text the Zoom card shows."""
    document = shipped_taxonomy()
    document["meta"]["notice"] = f"Notice {IMG}"
    by_id(document["groups"], "working-online")["name"] = f"Online {SCRIPT}"
    video = by_id(document["categories"], "video")
    video["name"] = f"Video {IMG}"
    video["mode_note"] = f"Live {SCRIPT}"
    video["summary"] = f"Summary {SVG} {SCRIPT}"
    video["benefits"][0] = f"Benefit {IMG}"
    video["questions"][0] = f"Question {SVG}"
    video["checklist"][0] = f"Check {SCRIPT}"
    caution = by_id(document["cautions"], video["cautions"][0])
    caution["headline"] = f"Caution {SVG}"
    caution["action"] = f"Do {SCRIPT}"
    caution["detail"] = f"Text {IMG} {SCRIPT}"
    reference = caution["references"][0]
    by_id(document["references"], reference)["title"] = f"Source {SVG}"
    caution["references"][0] = {"ref": reference, "section": f"Part {IMG}"}
    by_id(document["sites"], "zoom")["name"] = f"Zoom {IMG}"
    return document


# What a successful injection would leave behind, inside a root (shadow root or document).
INJECTION_TRACES = """(root) => {
  const elements = [...root.querySelectorAll("*")];
  return {
    text: (root.documentElement ?? root).textContent,
    dangerous: root.querySelectorAll("img, script:not([src]), svg, iframe, object, embed").length,
    handlers: elements.flatMap((node) => [...node.attributes])
      .filter((attribute) => attribute.name.startsWith("on")).map((attribute) => attribute.name),
    badLinks: [...root.querySelectorAll("a, area")].map((node) => node.getAttribute("href"))
      .filter((href) => href !== null && !href.startsWith("https:") && !href.startsWith("#")),
    pwned: window.pwned ?? null,
  };
}"""
CARD_TRACES = f"""() => {{
  const traces = ({INJECTION_TRACES});
  return {{
    card: traces(document.querySelector("digital-practice-guide").shadowRoot),
    page: traces(document),
  }};
}}"""


def assert_only_text(traces, where, expected_text=HOSTILE):
    for hostile in expected_text:
        assert hostile in traces["text"], f"{where} does not show {hostile!r} as text"
    assert traces["dangerous"] == 0, f"{where} has elements made from guidance text"
    assert traces["handlers"] == [], f"{where} has event handler attributes"
    assert traces["badLinks"] == [], f"{where} links to {traces['badLinks']}"
    assert traces["pwned"] is None, f"script from guidance ran in {where}"


def watch_dialogs(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def test_hostile_guidance_shows_as_text_on_the_card_and_in_the_popup(
    browsing, extension_id, shipped_app
):
    take_version(browsing, extension_id, publish(shipped_app, hostile_taxonomy(), "hostile"))

    page = browsing.new_page()
    dialogs = watch_dialogs(page)
    page.goto("https://us02web.zoom.us/j/81234567890")
    expect(page.locator("#dpg-title")).to_have_text(f"Video {IMG}")
    for disclosure in ("#dpg-more", "#dpg-why"):
        page.click(disclosure)
    expect(page.locator("#dpg-why-details")).to_contain_text(f"Zoom {IMG}")
    expect(page.locator("#dpg-mode")).to_contain_text(SCRIPT)
    traces = page.evaluate(CARD_TRACES)
    assert_only_text(traces["card"], "the card")
    assert_only_text(traces["page"], "the page", expected_text=())

    # The popup draws the guidance of the active tab: reloaded behind the Zoom tab, it
    # shows the same hostile card model.
    popup = open_popup(browsing, extension_id)
    popup_dialogs = watch_dialogs(popup)
    page.bring_to_front()
    popup.reload()
    expect(popup.locator("#page-guidance-title")).to_have_text(f"Video {IMG}")
    expect(popup.locator("#page-site")).to_contain_text(f"Zoom {IMG}")
    assert_only_text(popup.evaluate(f"() => ({INJECTION_TRACES})(document)"), "the popup")
    assert dialogs == [] and popup_dialogs == []
    expect(page.locator(CARD)).to_be_visible()


def test_hostile_guidance_shows_as_text_in_the_popup_catalogue(browsing, extension_id, shipped_app):
    take_version(browsing, extension_id, publish(shipped_app, hostile_taxonomy(), "hostile"))
    popup = open_popup(browsing, extension_id)
    dialogs = watch_dialogs(popup)
    entry = popup.locator(".catalogue-item", has_text="Video")
    expect(entry).to_contain_text(f"Video {IMG}")
    entry.click()
    expect(popup.locator("#catalogue-category")).to_contain_text(f"Check {SCRIPT}")
    traces = popup.evaluate(f"() => ({INJECTION_TRACES})(document)")
    assert_only_text(traces, "the popup's catalogue")
    assert dialogs == []


RENDER = """(model) => {
  const host = document.createElement("div");
  document.body.append(host);
  const root = host.attachShadow({mode: "open"});
  const t = (key, substitutions) => chrome.i18n.getMessage(key, substitutions) || key;
  DpgCardView.render(root, model, t, () => {});
  return {
    links: [...root.querySelectorAll("a")].map((link) => [link.textContent, link.href]),
    text: (root.documentElement ?? root).textContent,
  };
}"""
UNSAFE_URLS = [
    "javascript:window.pwned=1",
    "JavaScript:window.pwned=1",
    " javascript:window.pwned=1",
    "data:text/html,<script>window.pwned=1</script>",
    "http://example.org/plain",
    "//example.org/relative",
]


def card_model():
    """A card model as the worker sends it, with references the server would never pass."""
    references = [{"title": f"Unsafe {index}", "url": url} for index, url in enumerate(UNSAFE_URLS)]
    references.append({"title": "Safe", "url": "https://example.org/guide"})
    top = {"id": "top", "headline": "Top", "action": "Top caution", "severity": "high"}
    sourced = {
        "id": "sourced",
        "headline": "Sourced",
        "action": "Act on the sources",
        "detail": "Caution with sources",
        "severity": "low",
        "references": references,
    }
    category = {
        "id": "video",
        "name": "Video sessions",
        "groups": [],
        "mode": "synchronous",
        "summary": "Summary",
        "benefits": [],
        "questions": [],
        "checklist": [],
        "cautions": [top, sourced],
        "references": references,
    }
    site = {"id": "zoom", "name": "Zoom", "pattern": "https://*.zoom.us/*"}
    return {
        "site": site,
        "sites": [site],
        "categories": [category],
        "topCautions": [top],
        "categoryHashes": {"video": "00000000"},
        "guidance": {"version": 1, "reviewed": "2026-11-27", "source": "server"},
    }


def test_the_card_links_only_to_https_addresses(ext_context, extension_id):
    # The popup page draws with the card's parts; the card's shell is added to it, so that
    # the whole card is drawn with the code it uses in pages.
    page = ext_context.new_page()
    page.goto(f"chrome-extension://{extension_id}/popup/popup.html")
    for script in ("content/card-styles.js", "content/card-view.js"):
        page.add_script_tag(url=f"chrome-extension://{extension_id}/{script}")
    rendered = page.evaluate(RENDER, card_model())
    # The safe reference, once among the category's sources and once as a caution source.
    assert rendered["links"] == [["Safe", "https://example.org/guide"]] * 2
    for index in range(len(UNSAFE_URLS)):
        assert f"Unsafe {index}" in rendered["text"], "an unsafe link lost its title"
    assert page.evaluate("() => window.pwned ?? null") is None


FORBIDDEN = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser")


@pytest.mark.parametrize(
    ("line", "forbidden"),
    [
        ("node.innerHTML = text;", True),
        ("node.outerHTML = text;", True),
        ("node.insertAdjacentHTML('beforeend', text);", True),
        ("document.write(text);", True),
        ("document.writeln(text);", True),
        ("new DOMParser().parseFromString(text, 'text/html');", True),
        ("node.textContent = text;", False),
    ],
)
def test_the_markup_check_knows_the_markup_apis(line, forbidden):
    assert bool(FORBIDDEN.search(line)) is forbidden


def test_no_extension_code_turns_strings_into_markup():
    files = [path for path in EXTENSION.rglob("*") if path.suffix in {".js", ".mjs", ".html"}]
    assert len(files) > 10
    found = [
        f"{path.relative_to(EXTENSION)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert found == []
