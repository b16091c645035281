// Card features whose browser side differs in Firefox: "What are you doing here?" on a
// site with several uses, and quiet in session. Headless Firefox here has no sound
// device, so a tab never becomes audible; Firefox also tells extensions when a tab
// captures the camera or microphone (tabs.Tab.sharingState), which is what starts the
// call here, with fake devices granted by prefs.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, test } from "node:test";

import { buildCardModel } from "../../extension/lib/guidance.js";
import { assertNoCard, cardShown, cardText, categoryName } from "./support/cards.mjs";
import { finalChecks, firefoxSuite, inCard } from "./support/suite.mjs";
import { REPO, waitFor } from "./support/waiting.mjs";

const suite = firefoxSuite({
  prefs: {
    // Fake camera and microphone, granted without a prompt.
    "media.navigator.streams.fake": true,
    "media.navigator.permission.fake": true,
    "permissions.default.camera": 1,
    "permissions.default.microphone": 1,
  },
});
beforeEach(() => suite.fresh());

const WHATSAPP = "https://web.whatsapp.com/";
const MEETING = "https://acme.zoom.us/j/1";
// The after pill waits out the grace period (content/after-call.js) before it shows.
const AFTER_PILL_MS = 40_000;
const MEETING_PAGE = `<!doctype html><html lang='en'><head><meta charset='utf-8'>
<title>Meeting</title></head><body><main><h1>A stand-in meeting</h1>
<button id='page-button'>A control of the page</button></main><script>
let stream = null;
async function startCall() {
  stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
}
function endCall() { for (const track of stream.getTracks()) track.stop(); stream = null; }
</script></body></html>`;

function whatsappUses() {
  const taxonomy = JSON.parse(readFileSync(path.join(REPO, "shared", "taxonomy.json"), "utf8"));
  return taxonomy.sites.find((site) => site.id === "whatsapp-web").uses;
}

/** The after-stage key cautions lib/guidance.js picks for the meeting (no prefs). */
function afterHeadlines() {
  const taxonomy = JSON.parse(readFileSync(path.join(REPO, "shared", "taxonomy.json"), "utf8"));
  const model = buildCardModel({ taxonomy, url: MEETING, stage: "after" });
  return model.topCautions.map((caution) => caution.headline);
}

test("a site with several uses asks what the reader is doing there, and remembers", async () => {
  await suite.ext.setPrefs({ frequency: "every-visit" });
  const tab = await suite.visit(WHATSAPP);
  await cardShown(tab.page);
  assert.equal(await cardText(tab.page, "#dpg-use-heading"), "What are you doing here?");
  const labels = await tab.page.$$eval(inCard("#dpg-use button"), (buttons) =>
    buttons.map((button) => button.textContent),
  );
  assert.deepEqual(
    labels,
    whatsappUses().map((use) => use.label),
  );
  await tab.page.click(inCard("#dpg-use-sessions"));
  await tab.page.waitForFunction(
    () => !document.querySelector("digital-practice-guide").shadowRoot.querySelector("#dpg-use"),
  );
  const sessions = whatsappUses().find((use) => use.id === "sessions");
  assert.equal(await cardText(tab.page, "#dpg-title"), categoryName(sessions.categories[0]));
  const uses = await waitFor(
    async () => (await suite.ext.storage("local", ["siteUses"])).siteUses,
    { message: "the answer stored" },
  );
  assert.deepEqual(uses, { "whatsapp-web": "sessions" });

  const again = await suite.visit(WHATSAPP);
  await cardShown(again.page);
  assert.equal(await cardText(again.page, "#dpg-title"), categoryName(sessions.categories[0]));
  assert.equal(await again.page.$(inCard("#dpg-use")), null);
});

/** The tab's call record (lib/calls.js) once its `inCall` is `inCall`. */
function callState(tabId, inCall) {
  return waitFor(
    async () => {
      const key = `call:${tabId}`;
      const record = (await suite.ext.storage("session", [key]))[key];
      return record?.inCall === inCall && record;
    },
    { timeout: 30_000, message: `the tab ${inCall ? "in" : "out of"} a call` },
  );
}

test("a call folds the card to its pill and quiets new cards; its end offers the after cautions", async () => {
  const special = { "acme.zoom.us": MEETING_PAGE };
  const tab = await suite.visit(MEETING, { special });
  assert.equal(tab.decision.decision, "shown");
  await cardShown(tab.page);
  const badge = await suite.ext.badgeText(tab.tabId);

  await tab.page.evaluate(() => window.startCall());
  await callState(tab.tabId, true);
  const sharing = await suite.ext.run(
    (id) => chrome.tabs.get(id).then((t) => t.sharingState),
    tab.tabId,
  );
  assert.ok(sharing.microphone && sharing.camera, JSON.stringify(sharing));
  await tab.page.waitForSelector(inCard("#dpg-pill"), { visible: true });
  await tab.page.waitForSelector(inCard("#dpg-panel"), { hidden: true });
  assert.equal(await suite.ext.badgeText(tab.tabId), badge);

  // A new page in the tab while the call goes on: no card, the badge stays.
  const { nav } = await suite.ext.tabRecord(tab.tabId);
  await tab.page.evaluate(() => history.pushState({}, "", "/j/2"));
  const decision = await suite.ext.decided(tab.tabId, nav);
  assert.deepEqual([decision.decision, decision.reason], ["suppressed", "in-call"]);
  await assertNoCard(tab.page, decision);
  assert.equal(await suite.ext.badgeText(tab.tabId), badge);

  await tab.page.focus("#page-button");
  await tab.page.evaluate(() => window.endCall());
  const ended = await callState(tab.tabId, false);
  assert.equal(ended.offered, true, JSON.stringify(ended));
  const headlines = afterHeadlines();
  assert.ok(headlines.length > 0, "the shipped guidance has after-session cautions for Zoom");
  const pill = await tab.page.waitForSelector(inCard("#dpg-after-pill"), {
    visible: true,
    timeout: AFTER_PILL_MS,
  });
  assert.equal(
    await pill.evaluate((element) => element.textContent),
    `After the session: ${headlines.length} reminders`,
  );
  assert.equal(await tab.page.evaluate(() => document.activeElement.id), "page-button");
});

finalChecks(suite);
