// The background in Firefox is an event page that Firefox suspends when idle (30 s; here
// 4 s, by pref) even while a driver is attached; a navigation wakes it and the card
// still comes. And a custom site added in the options, whose permission Firefox grants
// at once (by pref: headless has no prompt to answer), gets the card.

import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { waitInPage } from "./support/extension.mjs";
import { cardShown, cardText, categoryName } from "./support/cards.mjs";
import { finalChecks, firefoxSuite, inCard } from "./support/suite.mjs";
import { waitFor } from "./support/waiting.mjs";

// Short enough to keep the test quick, long enough that on a loaded machine the suspension
// comes between pages rather than while the background handles one.
const IDLE_MS = 4000;
const suite = firefoxSuite({ prefs: { "extensions.background.idle.timeout": IDLE_MS } });
beforeEach(() => suite.fresh());

const PRACTICE = "https://practice.example.net/*";

function backgroundRunning() {
  return suite.ext.run(() =>
    chrome.runtime.getContexts({ contextTypes: ["BACKGROUND"] }).then((found) => found.length > 0),
  );
}

test("the suspended background wakes for a navigation, and the card still shows", async () => {
  await waitFor(async () => !(await backgroundRunning()), {
    message: "the background suspended while idle",
  });
  const tab = await suite.visit("https://us02web.zoom.us/j/81234567890");
  assert.equal(tab.decision.decision, "shown");
  await cardShown(tab.page);
  assert.equal(await cardText(tab.page, "#dpg-title"), categoryName("video"));
  // And it goes back to sleep, with the card left in place.
  await waitFor(async () => !(await backgroundRunning()), {
    message: "the background suspended again",
  });
  await cardShown(tab.page);
});

test("a custom site added and granted in the options gets the card", async () => {
  const options = await suite.ext.openPage("options/options.html");
  await waitInPage(
    options,
    () => document.querySelector("#custom-category option[value=calendar]") !== null,
    null,
    "the options' categories",
  );
  await options.type("#custom-name", "Our practice system");
  await options.type("#custom-pattern", PRACTICE);
  await options.select("#custom-category", "calendar");
  await options.click("#custom-add");
  await waitInPage(
    options,
    () => document.querySelector("#custom-message").textContent === "Our practice system added.",
    null,
    "the site added",
  );
  const granted = await suite.ext.run(
    (origins) => chrome.permissions.contains({ origins }),
    [PRACTICE],
  );
  assert.equal(granted, true);
  const { prefs } = await suite.ext.storage("sync", ["prefs"]);
  assert.deepEqual(
    prefs.customSites.map((site) => [site.name, site.patterns, site.categories]),
    [["Our practice system", [PRACTICE], ["calendar"]]],
  );

  const tab = await suite.visit("https://practice.example.net/app");
  assert.equal(tab.decision.decision, "shown");
  await cardShown(tab.page);
  assert.match(await cardText(tab.page, "#dpg-title"), /alendar/);
  await tab.page.click(inCard("#dpg-why"));
  assert.match(await cardText(tab.page, "#dpg-why-details"), /Our practice system/);
});

finalChecks(suite);
