// An organisation's policy in Firefox: enterprise policies reach the extension through
// storage.managed, set the server and how often cards show, and the options page shows
// them as set by the organisation. This build has no default server, so the policy is
// the only way the extension can know it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { cardShown } from "./support/cards.mjs";
import { waitInPage } from "./support/extension.mjs";
import { installPolicy, policyUnwritable } from "./support/policy.mjs";
import { finalChecks, firefoxSuite } from "./support/suite.mjs";

// Firefox reads enterprise policy from one system-wide file: only root may write it. In CI
// that must not quietly go untested.
const unwritable = policyUnwritable();
if (unwritable && process.env.CI) throw new Error(unwritable);
if (unwritable) test("enterprise policy", { skip: unwritable }, () => {});
else policyTests();

function policyTests() {
  let values = null;
  let removePolicy = () => {};
  const suite = firefoxSuite({
    serverUrl: "",
    beforeLaunch(started) {
      values = { frequency: "every-visit", serverUrl: started.service.url };
      removePolicy = installPolicy(values);
    },
    afterClose() {
      removePolicy();
    },
  });

  test("the policy sets the server and the frequency, locked in the options", async () => {
    const { ext } = suite;
    assert.deepEqual(await ext.run(() => chrome.storage.managed.get(null)), values);
    assert.equal((await ext.firstCheck()).lastOutcome, "updated");
    assert.equal((await ext.storage("local", ["guidance"])).guidance.serverUrl, values.serverUrl);
    assert.ok(suite.service.taxonomyRequests().length > 0);

    // The user chose otherwise; the organisation's choice stands.
    await ext.setPrefs({ frequency: "never", serverUrl: "https://guidance.invalid" });
    const options = await ext.openPage("options/options.html");
    const answer = await options.evaluate(() => chrome.runtime.sendMessage({ type: "get-prefs" }));
    assert.equal(answer.prefs.frequency, "every-visit");
    assert.equal(answer.prefs.serverUrl, values.serverUrl);
    await waitInPage(
      options,
      () => document.querySelector("#server-url").disabled,
      null,
      "the server field locked",
    );
    const shown = await options.evaluate(() => {
      const text = (id) =>
        document.getElementById(id).hidden ? null : document.getElementById(id).textContent;
      return {
        server: document.querySelector("#server-url").value,
        serverNote: text("server-url-managed"),
        frequencyLocked: [...document.querySelectorAll("input[name=frequency]")].every(
          (radio) => radio.disabled,
        ),
        everyVisit: document.querySelector("#frequency-every-visit").checked,
        frequencyNote: text("frequency-managed"),
        checkHoursFree: !document.querySelector("#check-hours").disabled,
        checkHoursNote: text("check-hours-managed"),
      };
    });
    assert.deepEqual(shown, {
      server: values.serverUrl,
      serverNote: "Set by your organisation",
      frequencyLocked: true,
      everyVisit: true,
      frequencyNote: "Set by your organisation",
      checkHoursFree: true,
      checkHoursNote: null,
    });

    // Every visit, as the policy says, though the user said never.
    const tab = await suite.visit("https://acme.zoom.us/j/1");
    for (let visit = 1; visit <= 3; visit += 1) {
      assert.equal(tab.decision.decision, "shown", `visit ${visit}`);
      await cardShown(tab.page);
      tab.decision = await suite.reload(tab);
    }
  });

  finalChecks(suite);
}
