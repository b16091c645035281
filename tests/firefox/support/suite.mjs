// One Firefox and one guidance service per test file. `firefoxSuite()` registers the
// file's before/after hooks and returns the handle its tests use; `fresh()` puts the
// extension back to "just installed, first check done" between tests, as the Chromium
// suite's shared browser does (tests/e2e/conftest.py).

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { Extension, openExtensionPage } from "./extension.mjs";
import { buildExtension, extensionErrors, launchFirefox } from "./firefox.mjs";
import { TAXONOMY_PATH, startService } from "./service.mjs";
import { MARKER_URL, serveFakeSites } from "./sites.mjs";
import { waitFor } from "./waiting.mjs";

const HOST = "digital-practice-guide";

/** The selector of `inner` inside the card's shadow root. */
export function inCard(inner) {
  return `${HOST} >>> ${inner}`;
}

class Suite {
  constructor(options) {
    this.options = options;
    this.folder = null;
    this.service = null;
    this.browser = null;
    this.consoleLines = [];
    this.ext = null;
  }

  async start() {
    this.folder = mkdtempSync(path.join(os.tmpdir(), "dpg-firefox-"));
    this.service = await startService(this.folder);
    // A build pointed at the service, unless the file says otherwise ("": no default).
    const serverUrl = this.options.serverUrl ?? this.service.url;
    const build = buildExtension(path.join(this.folder, "dist"), serverUrl);
    await this.options.beforeLaunch?.(this);
    const { browser, consoleLines } = await launchFirefox(build, this.options.prefs);
    this.browser = browser;
    this.consoleLines = consoleLines;
    const [first] = await browser.pages();
    this.ext = new Extension(browser, await openExtensionPage(first, "popup/popup.html"));
    // The install-time check must be over before a test's own: landing after fresh()
    // emptied the storage, it would leave a copy that makes the next check a 304.
    await this.ext.firstCheck();
  }

  async stop() {
    try {
      await this.browser?.close();
      await this.service?.close();
    } finally {
      // Whatever failed above, a system-wide policy file must not outlive the file's run.
      await this.options.afterClose?.(this);
      if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    }
  }

  /**
   * Every tab but the keeper closed, the extension's storage emptied, and a first check
   * done again ("updated": nothing is cached any more).
   */
  async fresh() {
    const { ext } = this;
    for (const page of await this.browser.pages()) {
      if (page !== ext.keeper) await page.close();
    }
    // A closed tab's record goes after whatever was still being done for it: once all
    // are gone, nothing of the last test can write to storage any more.
    const open = new Set(await ext.tabIds());
    await waitFor(
      async () => {
        const all = await ext.storage("session");
        return Object.keys(all)
          .filter((key) => key.startsWith("tab:"))
          .every((key) => open.has(Number(key.slice(4))));
      },
      { message: "the last test's tabs forgotten" },
    );
    await ext.run(() =>
      Promise.all([
        chrome.storage.local.clear(),
        chrome.storage.sync.clear(),
        chrome.storage.session.clear(),
      ]),
    );
    const answer = await ext.checkNow();
    assert.equal(answer?.status?.lastOutcome, "updated", JSON.stringify(answer));
  }

  /**
   * A new tab with the stand-in sites, past its first blank pages: it shows MARKER_URL
   * (an address the extension may see and no guidance names), and the record of that
   * is the last about the tab. Returns `{page, tabId, nav}`.
   */
  async newTab(special = {}) {
    const before = new Set(await this.ext.tabIds());
    const page = await this.browser.newPage();
    await serveFakeSites(page, special);
    const tabId = await waitFor(
      async () => (await this.ext.tabIds()).find((id) => !before.has(id)),
      { message: "the new tab in chrome.tabs" },
    );
    await page.goto(MARKER_URL);
    const marked = await waitFor(
      async () => {
        const found = await this.ext.tabRecord(tabId);
        return found?.decision === "no-match" ? found : null;
      },
      { message: "the new tab's marker page handled" },
    );
    return { page, tabId, nav: marked.nav };
  }

  /**
   * Open `url` in a new tab; return `{page, tabId, decision}` once it is decided.
   * `unseen`: the extension has no access to the address (Extension.decided).
   */
  async visit(url, { special = {}, unseen = false } = {}) {
    const tab = await this.newTab(special);
    await tab.page.goto(url);
    const decision = await this.ext.decided(tab.tabId, tab.nav, { unseen });
    return { ...tab, decision };
  }

  /** Reload a tab; return what was decided for the page again. */
  async reload(tab) {
    const { nav } = await this.ext.tabRecord(tab.tabId);
    await tab.page.reload();
    return this.ext.decided(tab.tabId, nav);
  }
}

/**
 * Register the file's Firefox: `prefs` on top of the usual ones; `serverUrl` the build's
 * default server (the service's address unless given); `beforeLaunch` and `afterClose`
 * run around the browser (an enterprise policy file).
 */
export function firefoxSuite(options = {}) {
  const suite = new Suite(options);
  before(() => suite.start());
  after(() => suite.stop());
  return suite;
}

/**
 * The checks every file ends with (call after its tests): the extension asked the
 * service only for the guidance, without cookies, and wrote no error to the console.
 */
export function finalChecks(suite) {
  test("every request the extension made was a cookie-less GET of the guidance", () => {
    const { requests } = suite.service;
    assert.ok(requests.length > 0, "the extension never reached the service");
    for (const entry of requests) {
      assert.equal(entry.method, "GET");
      assert.equal(entry.path, TAXONOMY_PATH);
      assert.equal(entry.headers.cookie, undefined, "a cookie was sent");
      assert.equal(entry.headers.authorization, undefined, "credentials were sent");
    }
  });

  test("no JavaScript error from the extension in the browser console", () => {
    assert.deepEqual(extensionErrors(suite.consoleLines), []);
  });
}
