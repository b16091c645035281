// The organisation's own Firefox package, installed the way docs/rollout.md says: the
// service builds it (`practice-guide extension build`), writes the policies.json
// (`practice-guide extension policies`), and Firefox ESR, with signature checks off,
// installs it at start from the service's address. Nothing is installed by the test.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { cardShown, cardText, categoryName } from "./support/cards.mjs";
import { openExtensionPage } from "./support/extension.mjs";
import { extensionErrors, launchFirefox } from "./support/firefox.mjs";
import { installPolicyFile, policyUnwritable } from "./support/policy.mjs";
import { TAXONOMY_PATH, startService } from "./support/service.mjs";
import { serveFakeSites } from "./support/sites.mjs";
import { REPO, waitFor } from "./support/waiting.mjs";

// The moz-extension:// host of the installed package, chosen by pref as for the others.
const UUID = "0e3b9c1d-7a54-4f2e-8d61-5c0b9a2e4f17";
const ORIGIN = `moz-extension://${UUID}`;
const ZOOM = "https://us02web.zoom.us/j/81234567890";

const unwritable = policyUnwritable();
if (unwritable && process.env.CI) throw new Error(unwritable);
if (unwritable) test("the organisation's package by policy", { skip: unwritable }, () => {});
else packageTests();

function packageTests() {
  const state = { folder: null, service: null, browser: null, consoleLines: [] };
  let removePolicy = () => {};
  let policy = null;
  let addonId = null;

  /** `practice-guide ARGS` against the service's own database and instance folder. */
  function practiceGuide(env, ...args) {
    return execFileSync(path.join(REPO, ".venv", "bin", "practice-guide"), args, {
      cwd: state.folder,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
  }

  before(async () => {
    state.folder = mkdtempSync(path.join(os.tmpdir(), "dpg-firefox-org-"));
    const env = {
      DATABASE_URL: `sqlite:///${path.join(state.folder, "guide.sqlite")}`,
      INSTANCE_PATH: path.join(state.folder, "instance"),
    };
    state.service = await startService(state.folder, env);
    // Built for the address browsers reach the service at (here, its recording tap).
    practiceGuide(env, "extension", "build", "--server-url", state.service.url);
    const out = path.join(state.folder, "policies");
    practiceGuide(env, "extension", "policies", out, "--jurisdiction", "uk");
    policy = JSON.parse(readFileSync(path.join(out, "policies.json"), "utf8"));
    [addonId] = Object.keys(policy.policies.ExtensionSettings);
    removePolicy = installPolicyFile(policy);
    const launched = await launchFirefox(null, {
      // ESR (and Developer Edition) may install an add-on Mozilla has not signed.
      "xpinstall.signatures.required": false,
      "extensions.webextensions.uuids": JSON.stringify({ [addonId]: UUID }),
    });
    state.browser = launched.browser;
    state.consoleLines = launched.consoleLines;
  });

  after(async () => {
    try {
      await state.browser?.close();
      await state.service?.close();
    } finally {
      removePolicy();
      if (state.folder) rmSync(state.folder, { recursive: true, force: true });
    }
  });

  test("the policy file the service wrote installs its package from the service", async () => {
    const settings = policy.policies.ExtensionSettings[addonId];
    assert.equal(settings.installation_mode, "force_installed");
    assert.ok(settings.install_url.startsWith(`${state.service.url}/extension/firefox/`));
    // Firefox fetched the package itself, from the address in the policy.
    await waitFor(
      () => state.service.requests.some((entry) => entry.path.endsWith(".xpi") && entry.status),
      { message: "the package downloaded from the service" },
    );

    const [first] = await state.browser.pages();
    const popup = await waitFor(
      () => openExtensionPage(first, "popup/popup.html", ORIGIN).catch(() => null),
      { message: "the installed add-on's popup", timeout: 60_000 },
    );
    assert.equal(await popup.evaluate(() => chrome.runtime.id), addonId);
    // The settings of the policy, as the extension reads them.
    const managed = await popup.evaluate(() => chrome.storage.managed.get(null));
    assert.deepEqual(managed, policy.policies["3rdparty"].Extensions[addonId]);
    assert.deepEqual(managed.jurisdictions, ["uk"]);
    // Its first check reached the service the build names.
    const status = await waitFor(
      () =>
        popup
          .evaluate(() => chrome.storage.local.get("syncStatus"))
          .then(({ syncStatus }) => syncStatus?.lastOutcome && syncStatus),
      { message: "the installed add-on's first guidance check" },
    );
    assert.equal(status.lastOutcome, "updated");
  });

  test("its card shows on a site of the published guidance, with no click", async () => {
    // The published guidance's sites are the package's own host permissions.
    const page = await state.browser.newPage();
    await serveFakeSites(page);
    await page.goto(ZOOM);
    await cardShown(page);
    assert.match(await cardText(page, "#dpg-title"), new RegExp(categoryName("video")));
  });

  test("the add-on asked the service only for the guidance; Firefox for the package", () => {
    for (const entry of state.service.requests) {
      assert.equal(entry.method, "GET");
      assert.equal(entry.headers.cookie, undefined, "a cookie was sent");
      const install = entry.path.startsWith("/extension/firefox/");
      assert.ok(install || entry.path === TAXONOMY_PATH, entry.path);
    }
  });

  test("no JavaScript error from the extension in the browser console", () => {
    // extensionErrors knows the test builds' origin; this package has its own.
    const errors = extensionErrors(state.consoleLines).concat(
      state.consoleLines.filter((line) => line.includes(ORIGIN) && /error|warn/i.test(line)),
    );
    assert.deepEqual(errors, []);
  });
}
