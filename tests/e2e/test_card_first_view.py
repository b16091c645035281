"""The card's first view in a real Chromium: at most 100 visible words on stand-in sites
(controls included), the same count lib/first-view.js gives for the card model, and the
details one click away."""

import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.cards import CARD, HOST, shipped_taxonomy, take_version
from tests.e2e.extension import visit
from tests.e2e.service import publish

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
MAX_WORDS = 100
STAND_INS = {
    "zoom": "https://us02web.zoom.us/j/81234567890",
    "gmail": "https://mail.google.com/mail/u/0/#inbox",
    "whatsapp-web": "https://web.whatsapp.com/",
    "microsoft-teams": "https://teams.microsoft.com/v2/",
    "google-calendar": "https://calendar.google.com/calendar/r",
}

# The words the card shows (innerText leaves out what is hidden), counted as
# lib/first-view.js counts: runs of non-space characters with a letter or a digit.
VISIBLE_WORDS = """(host) => {
  const text = host.shadowRoot.querySelector("#dpg-card").innerText;
  return text.split(/\\s+/).filter((word) => /[\\p{L}\\p{N}]/u.test(word)).length;
}"""

# lib/first-view.js over the card model the extension builds for a first visit.
MODEL_WORDS = """
import fs from "node:fs";
import { firstViewWords } from "./extension/lib/first-view.js";
import { buildCardModel } from "./extension/lib/guidance.js";
import { LOCALE, translate } from "./extension/tests/messages.js";
const [path, url] = process.argv.slice(1);
const taxonomy = JSON.parse(fs.readFileSync(path, "utf8"));
const model = buildCardModel({ taxonomy, url, firstVisit: true });
console.log(firstViewWords(model, translate, LOCALE));
"""


def short_guidance():
    """The shipped guidance with every headline and action short, as the rewrite intends,
    and WhatsApp Web with three uses (so its first card also asks the use question)."""
    document = shipped_taxonomy()
    whatsapp = next(site for site in document["sites"] if site["id"] == "whatsapp-web")
    whatsapp["uses"] = [
        {"id": "sessions", "label": "Sessions with clients", "categories": ["live-chat"]},
        {"id": "arrangements", "label": "Arrangements with clients", "categories": ["texting"]},
        {"id": "personal", "label": "Personal", "categories": []},
    ]
    for caution in document["cautions"]:
        caution["headline"] = " ".join(caution["headline"].split()[:7])
        caution["action"] = " ".join(caution["action"].split()[:12]).rstrip(",;:") + "."
    return document


def model_words(document_path, url):
    result = subprocess.run(
        ["node", "--input-type=module", "-e", MODEL_WORDS, document_path, url],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())


def test_first_view_is_short_on_stand_in_sites(browsing, extension_id, shipped_app, tmp_path):
    document = short_guidance()
    take_version(browsing, extension_id, publish(shipped_app, document, "short cautions"))
    path = tmp_path / "guidance.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for site_id, url in STAND_INS.items():
        page = visit(browsing, url)
        expect(page.locator(CARD)).to_be_visible()
        if site_id == "whatsapp-web":
            expect(page.locator("#dpg-use button")).to_have_count(3)
        words = page.locator(HOST).evaluate(VISIBLE_WORDS)
        assert words <= MAX_WORDS, f"{site_id}: {words} words"
        assert words == model_words(str(path), url), site_id
        # Details are one click away: no detail, questions or checklist before "More".
        for hidden in (".dpg-caution-detail", "#dpg-checklist", ".dpg-summary"):
            expect(page.locator(hidden).first).to_be_hidden()
        page.click("#dpg-more")
        expect(page.locator("#dpg-more-details .dpg-caution-detail").first).to_be_visible()
        page.close()


def test_shipped_zoom_card_counts_as_the_model_says(browsing, tmp_path):
    """With the shipped wording (over the limit until it is rewritten), the rendered count
    still equals lib/first-view.js's, so the node test over every site measures the card."""
    path = tmp_path / "guidance.json"
    path.write_text(json.dumps(shipped_taxonomy()), encoding="utf-8")
    page = visit(browsing, STAND_INS["zoom"])
    expect(page.locator(CARD)).to_be_visible()
    assert page.locator(HOST).evaluate(VISIBLE_WORDS) == model_words(str(path), STAND_INS["zoom"])
