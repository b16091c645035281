// Installing in Firefox: the welcome page opens, the guidance is downloaded at once
// (200), and "Check for updates now" in the popup revalidates it (304).

import assert from "node:assert/strict";
import { test } from "node:test";

import { pageShowing, waitInPage } from "./support/extension.mjs";
import { EXTENSION_ORIGIN } from "./support/firefox.mjs";
import { finalChecks, firefoxSuite } from "./support/suite.mjs";
import { waitFor } from "./support/waiting.mjs";

const suite = firefoxSuite();

test("the welcome page opens on install", async () => {
  const welcome = `${EXTENSION_ORIGIN}/welcome/welcome.html`;
  const tabs = await waitFor(
    async () => {
      const found = await suite.ext.run(
        (url) =>
          chrome.runtime
            .getContexts({ contextTypes: ["TAB"] })
            .then((all) => all.filter((context) => context.documentUrl === url)),
        welcome,
      );
      return found.length > 0 && found;
    },
    { message: "the welcome tab" },
  );
  assert.equal(tabs.length, 1);
  const page = await pageShowing(suite.browser, welcome);
  await waitInPage(page, () => document.body.dataset.ready === "true", null, "welcome ready");
  assert.equal(
    await page.evaluate(() => document.querySelector("h1").textContent),
    "Welcome to Digital Practice Guide",
  );
});

test("install downloads the guidance (200); checking now revalidates it (304)", async () => {
  const status = await suite.ext.firstCheck();
  assert.equal(status.lastOutcome, "updated");
  const [download] = suite.service.taxonomyRequests();
  assert.equal(download.status, 200);
  assert.equal(download.headers["if-none-match"], undefined);
  const { guidance } = await suite.ext.storage("local", ["guidance"]);
  assert.equal(guidance.serverUrl, suite.service.url);

  const popup = await suite.ext.openPage("popup/popup.html");
  await waitInPage(popup, () => document.querySelector("#source").textContent, null, "source");
  await popup.click("#check-now");
  // "Checking for updates…" first, then the outcome.
  await waitInPage(
    popup,
    (expected) => document.querySelector("#status-message").textContent === expected,
    "Checked: the guidance is up to date.",
    "the popup announcing the guidance is up to date",
  );
  const revalidation = suite.service.taxonomyRequests().at(-1);
  assert.notEqual(revalidation, download);
  assert.equal(revalidation.headers["if-none-match"], guidance.etag);
  assert.equal(revalidation.status, 304);
  assert.equal((await suite.ext.syncStatus()).lastOutcome, "not-modified");
});

finalChecks(suite);
