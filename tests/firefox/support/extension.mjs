// The extension as a test sees it in Firefox. Its background is an event page, not a
// BiDi target, so everything about its state is asked from one of its own pages (the
// "keeper" tab), where chrome.storage, chrome.tabs and chrome.runtime are at hand.

import { EXTENSION_ORIGIN } from "./firefox.mjs";
import { waitFor } from "./waiting.mjs";

const TAB_IDS = () => chrome.tabs.query({}).then((tabs) => tabs.map((tab) => tab.id));

/**
 * Open `path` of the extension (at `origin`: the test builds' unless given) in `page`. Firefox never settles page.goto on a
 * moz-extension:// address (its navigation tracking misses it), so the navigation is
 * started without waiting and the page is polled until it has loaded there.
 */
export async function openExtensionPage(page, path, origin = EXTENSION_ORIGIN) {
  const url = `${origin}/${path}`;
  page.goto(url).catch(() => {}); // settled by the poll below, or reported by it
  await waitFor(
    () =>
      page
        .evaluate(() => [location.href, document.readyState])
        .then(([href, state]) => href === url && state === "complete"),
    { message: `${path} loaded` },
  );
  return page;
}

/**
 * Poll `fn(arg)` in `page` until it returns something truthy. puppeteer's own
 * waitForFunction and waitForSelector fail in moz-extension:// pages, so the extension's
 * pages are polled from here.
 */
export function waitInPage(page, fn, arg, message = "a condition in the page") {
  return waitFor(() => page.evaluate(fn, arg), { message });
}

/** The page of `browser` showing `url` (puppeteer's page.url() lags behind there). */
export function pageShowing(browser, url) {
  return waitFor(
    async () => {
      for (const page of await browser.pages()) {
        if ((await page.evaluate(() => location.href).catch(() => null)) === url) return page;
      }
      return null;
    },
    { message: `a tab showing ${url}` },
  );
}

export class Extension {
  constructor(browser, keeper) {
    this.browser = browser;
    this.keeper = keeper;
  }

  /** Run `fn(arg)` in the keeper page, an extension page with every chrome.* API. */
  run(fn, arg) {
    return this.keeper.evaluate(fn, arg);
  }

  storage(area, keys = null) {
    return this.run(([where, which]) => chrome.storage[where].get(which), [area, keys]);
  }

  async syncStatus() {
    return (await this.storage("local", ["syncStatus"])).syncStatus ?? {};
  }

  /** The install-time (or start-up) check has an outcome; return the status. */
  firstCheck() {
    return waitFor(async () => (await this.syncStatus()).lastOutcome && this.syncStatus(), {
      message: "the install-time guidance check",
    });
  }

  tabIds() {
    return this.run(TAB_IDS);
  }

  /** What the background decided for the tab's last page (lib/tabs.js), or null. */
  tabRecord(tabId) {
    return this.run(
      (key) => chrome.storage.session.get(key).then((found) => found[key] ?? null),
      `tab:${tabId}`,
    );
  }

  /**
   * The record once it counts more than `afterNav` pages and is about a page the
   * extension may see, or with `unseen`, one it may not. Firefox can report a moment of
   * a load as a page of no address (a blank document while the tab changes process),
   * which the extension records as unseen just before the page itself.
   */
  decided(tabId, afterNav = 0, { unseen = false } = {}) {
    return waitFor(
      async () => {
        const found = await this.tabRecord(tabId);
        const wanted = found && (found.decision === "no-access") === unseen;
        return wanted && found.nav > afterNav ? found : null;
      },
      { message: `a decision for tab ${tabId} after page ${afterNav}` },
    );
  }

  badgeText(tabId) {
    return this.run((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  /** Merge `changes` into the user's prefs, as the options page stores them. */
  setPrefs(changes) {
    return this.run(async (more) => {
      const { prefs } = await chrome.storage.sync.get({ prefs: {} });
      await chrome.storage.sync.set({ prefs: { ...prefs, ...more } });
    }, changes);
  }

  /** Ask the background for a check now (the popup's button sends the same message). */
  checkNow() {
    return this.run(() => chrome.runtime.sendMessage({ type: "check-now" }));
  }

  /** A new extension page in a tab of its own. */
  async openPage(path) {
    return openExtensionPage(await this.browser.newPage(), path);
  }
}
