// Reading the card in a page, and knowing that none is there and none will come.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

import { inCard } from "./suite.mjs";
import { REPO } from "./waiting.mjs";

const TAXONOMY = JSON.parse(readFileSync(path.join(REPO, "shared", "taxonomy.json"), "utf8"));

/** The shipped name of a category. */
export function categoryName(id) {
  return TAXONOMY.categories.find((category) => category.id === id).name;
}

/** Wait until the card is on screen in `page`. */
export function cardShown(page) {
  return page.waitForSelector(inCard("#dpg-card"), { visible: true });
}

/** Wait until the card has gone from view in `page`. */
export function cardHidden(page) {
  return page.waitForSelector(inCard("#dpg-card"), { hidden: true });
}

/** The text of `selector` inside the card. */
export function cardText(page, selector) {
  return page.$eval(inCard(selector), (element) => element.textContent);
}

/**
 * Whether any script of the extension listens in the tab's top frame. Firefox rejects a
 * message to a frame where nothing was injected ("Receiving end does not exist"), and
 * resolves (to undefined) where a listener exists, even one that does not answer.
 */
export function hasScript(ext, tabId) {
  return ext.run(
    (id) =>
      chrome.tabs.sendMessage(id, { type: "e2e-probe" }, { frameId: 0 }).then(
        () => true,
        (error) => {
          if (/Receiving end does not exist/.test(error.message)) return false;
          throw error;
        },
      ),
    tabId,
  );
}

/** The decision for the tab's page was not to show a card, and none is drawn. */
export async function assertNoCard(page, decision) {
  assert.notEqual(decision.decision, "shown", JSON.stringify(decision));
  const shown = await page.$(inCard("#dpg-card"));
  assert.ok(shown === null || !(await shown.isVisible()), "a card is showing");
}
