// The card in Firefox: on the stand-in sites with the right category, mode and cautions;
// nothing at all elsewhere; a single-page app switching it; its three buttons.

import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import {
  assertNoCard,
  cardHidden,
  cardShown,
  cardText,
  categoryName,
  hasScript,
} from "./support/cards.mjs";
import { finalChecks, firefoxSuite, inCard } from "./support/suite.mjs";
import { waitFor } from "./support/waiting.mjs";

const suite = firefoxSuite();
beforeEach(() => suite.fresh());

const GMAIL = "https://mail.google.com/mail/u/0/#inbox";
const ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc";
const HOUR_MS = 60 * 60 * 1000;

const CARD_CASES = [
  { url: GMAIL, category: "email", mode: "Asynchronous" },
  { url: ZOOM, category: "video", mode: "Synchronous" },
  // Until the reader says what they do there, a site with uses shows its default.
  { url: "https://web.whatsapp.com/", category: "texting", mode: null },
  { url: "https://calendar.google.com/calendar/u/0/r/week", category: "calendar", mode: null },
];

for (const { url, category, mode } of CARD_CASES) {
  test(`the card on ${new URL(url).hostname} shows ${category}`, async () => {
    const { page, decision } = await suite.visit(url);
    assert.equal(decision.decision, "shown");
    // The page's own registered script had it (lib/card-scripts.js), as in Chromium.
    assert.ok(["listening", "taken"].includes(decision.delivery), JSON.stringify(decision));
    await cardShown(page);
    assert.match(await cardText(page, "#dpg-title"), new RegExp(categoryName(category)));
    if (mode) assert.match(await cardText(page, "#dpg-mode"), new RegExp(mode));
    const cautions = await page.$$(inCard("#dpg-top-cautions li"));
    assert.ok(cautions.length > 0, "no key cautions");
    assert.ok(await cautions[0].isVisible());
  });
}

const NO_CARD = [
  "https://example.org/",
  "https://notzoom.us/",
  "https://zoom.us.example.net/",
  "https://www.google.com/search?q=zoom.us+meeting",
];

for (const url of NO_CARD) {
  test(`nothing is injected on ${url}`, async () => {
    const { page, tabId, decision } = await suite.visit(url, { unseen: true });
    // The extension may not even see these addresses: it knows only that the tab shows
    // a page, and does nothing about it.
    assert.equal(decision.decision, "no-access");
    assert.equal(await page.$("digital-practice-guide"), null);
    assert.equal(await hasScript(suite.ext, tabId), false);
  });
}

test("the probe above can see an injected script: it finds the one on Zoom", async () => {
  const { page, tabId } = await suite.visit(ZOOM);
  await cardShown(page);
  assert.equal(await hasScript(suite.ext, tabId), true);
});

test("a single-page app navigation switches the card in place", async () => {
  const { page, tabId } = await suite.visit("https://outlook.office.com/mail/inbox");
  await cardShown(page);
  assert.equal(await cardText(page, "#dpg-title"), categoryName("email"));
  assert.equal(await suite.ext.badgeText(tabId), "MAIL");
  await page.evaluate(() => {
    window.firstHost = document.querySelector("digital-practice-guide");
  });
  await page.focus("#page-button");

  await page.evaluate(() => history.pushState({}, "", "/calendar/view/week"));

  await page.waitForFunction(
    (name) =>
      document.querySelector("digital-practice-guide")?.shadowRoot.querySelector("#dpg-title")
        ?.textContent === name,
    {},
    categoryName("calendar"),
  );
  await cardShown(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), "page-button");
  assert.ok(
    await page.evaluate(
      () =>
        document.querySelectorAll("digital-practice-guide").length === 1 &&
        document.querySelector("digital-practice-guide") === window.firstHost,
    ),
    "the card was drawn again instead of updated in place",
  );
  await waitFor(async () => (await suite.ext.badgeText(tabId)) === "CAL", {
    message: "the calendar badge",
  });
});

/** Drop the record that the site's card was seen today, so only other rules quiet it. */
function forgetSeen(siteId) {
  return suite.ext.run(async (id) => {
    const { seen } = await chrome.storage.local.get({ seen: {} });
    delete seen[id];
    await chrome.storage.local.set({ seen });
  }, siteId);
}

test("Got it hides the card on that site for the day", async () => {
  const tab = await suite.visit(GMAIL);
  await cardShown(tab.page);
  await tab.page.click(inCard("#dpg-got-it"));
  await cardHidden(tab.page);
  await assertNoCard(tab.page, await suite.reload(tab));
  const zoom = await suite.visit(ZOOM);
  await cardShown(zoom.page);
});

test("Snooze for an hour hides the card until the snooze ends", async () => {
  const tab = await suite.visit(ZOOM);
  await cardShown(tab.page);
  const before = Date.now();
  await tab.page.click(inCard("#dpg-snooze"));
  await tab.page.click(inCard("#dpg-snooze-hour"));
  await cardHidden(tab.page);
  const until = await waitFor(
    async () => (await suite.ext.storage("local", ["snoozes"])).snoozes?.zoom,
    { message: "the snooze stored" },
  );
  assert.ok(until >= before + HOUR_MS && until <= Date.now() + HOUR_MS, String(until));

  await forgetSeen("zoom");
  await assertNoCard(tab.page, await suite.reload(tab));

  await suite.ext.run(() =>
    chrome.storage.local.set({ snoozes: { zoom: Date.now() - 1000 }, seen: {} }),
  );
  assert.equal((await suite.reload(tab)).decision, "shown");
  await cardShown(tab.page);
});

test("Don't show on this site keeps the badge and nothing else", async () => {
  const tab = await suite.visit(GMAIL);
  await cardShown(tab.page);
  await tab.page.click(inCard("#dpg-disable-site"));
  await cardHidden(tab.page);
  await waitFor(
    async () =>
      (await suite.ext.storage("sync", ["prefs"])).prefs?.disabledSites?.includes("gmail"),
    { message: "gmail turned off in the prefs" },
  );
  await forgetSeen("gmail");
  await assertNoCard(tab.page, await suite.reload(tab));
  assert.equal(await suite.ext.badgeText(tab.tabId), "MAIL");
});

finalChecks(suite);
