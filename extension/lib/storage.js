// The only module that reads or writes chrome.storage. Everything else asks here.

import { DEFAULT_SERVER_URL } from "../config.js";
import { DEFAULT_PREFS, effectivePrefs } from "./prefs.js";
import { serially } from "./serial.js";
import { SCHEMA_VERSION } from "./validate.js";

const LOCAL_DEFAULTS = Object.freeze({
  guidance: null,
  previousGuidance: null,
  cautionHashes: {},
  syncStatus: null,
  seen: {},
  snoozes: {},
  pausedUntil: 0,
  checklist: { day: "", ticks: {} },
  welcomed: false,
  siteUses: {},
  cardCorners: {},
});
// What the worker decided for each tab lives in session storage under `tab:<id>`: tab
// ids mean nothing after the browser closes, and one key per tab means two tabs never
// overwrite each other's record.
const TAB_KEY_PREFIX = "tab:";
// Whether each tab is in a call (lib/call-state.js), apart from the page's decision: a
// new page in the tab replaces its decision, not the call going on in it.
const CALL_KEY_PREFIX = "call:";
// A card the worker decided to show and no script in the page has taken yet (lib/tabs.js).
const PENDING_KEY_PREFIX = "pending:";

/** Read local keys, with defaults for the missing ones. */
export async function getLocal(keys) {
  const wanted = Object.fromEntries(keys.map((key) => [key, LOCAL_DEFAULTS[key] ?? null]));
  return chrome.storage.local.get(wanted);
}

export async function setLocal(values) {
  await chrome.storage.local.set(values);
}

export async function removeLocal(keys) {
  await chrome.storage.local.remove(keys);
}

/**
 * Read local keys, let `update(current)` work out the changes, and write them; one update
 * at a time, so that two (a card shown in one tab, a snooze in another) never write back
 * stale copies over each other. Resolves with the changes written (or null for none).
 */
export function updateLocal(keys, update) {
  return serially("storage:local", async () => {
    const changes = await update(await getLocal(keys));
    if (changes) await chrome.storage.local.set(changes);
    return changes ?? null;
  });
}

/** What the reader said they do on each site with several uses: `{[siteId]: useId}`. */
export async function getSiteUses() {
  return (await getLocal(["siteUses"])).siteUses;
}

/** Store the reader's use of a site, or forget it (`useId` null: the card asks again). */
export function setSiteUse(siteId, useId) {
  return setPerSite("siteUses", siteId, useId);
}

/** The corner the reader moved the card to on a site, or null (the card places itself). */
export async function getCardCorner(siteId) {
  return (await getLocal(["cardCorners"])).cardCorners[siteId] ?? null;
}

/** Remember the reader's corner for a site, or forget it (`corner` null: automatic). */
export function setCardCorner(siteId, corner) {
  return setPerSite("cardCorners", siteId, corner);
}

/** Set one site's entry of the local map `key` (`{[siteId]: value}`); null removes it. */
function setPerSite(key, siteId, value) {
  return updateLocal([key], (current) => {
    const { [siteId]: _before, ...rest } = current[key];
    return { [key]: value === null ? rest : { ...rest, [siteId]: value } };
  });
}

/** Per-browser-session state: gone when the browser closes. */
export async function getSession(key, fallback) {
  const area = chrome.storage.session;
  if (!area) return fallback;
  const found = await area.get({ [key]: fallback });
  return found[key];
}

export async function setSession(key, value) {
  if (chrome.storage.session) await chrome.storage.session.set({ [key]: value });
}

/** A session key's value changed by `update(current)`, one update at a time. */
export function updateSession(key, fallback, update) {
  return serially(`storage:session:${key}`, async () => {
    const value = update(await getSession(key, fallback));
    await setSession(key, value);
    return value;
  });
}

/** What the worker last decided for a tab (see lib/tabs.js), or null. */
export async function getTabRecord(tabId) {
  return getSession(`${TAB_KEY_PREFIX}${tabId}`, null);
}

export async function setTabRecord(tabId, record) {
  await setSession(`${TAB_KEY_PREFIX}${tabId}`, record);
}

export async function removeTabRecord(tabId) {
  if (chrome.storage.session) await chrome.storage.session.remove(`${TAB_KEY_PREFIX}${tabId}`);
}

/** The tab's call state (`{inCall, since, endedAt?}`, lib/call-state.js), or null. */
export async function getCallRecord(tabId) {
  return getSession(`${CALL_KEY_PREFIX}${tabId}`, null);
}

export async function setCallRecord(tabId, record) {
  await setSession(`${CALL_KEY_PREFIX}${tabId}`, record);
}

export async function removeCallRecord(tabId) {
  if (chrome.storage.session) await chrome.storage.session.remove(`${CALL_KEY_PREFIX}${tabId}`);
}

/** Keep the card message a page's card script is to take when it starts. */
export function setPendingCard(tabId, message) {
  const key = `${PENDING_KEY_PREFIX}${tabId}`;
  return serially(`storage:session:${key}`, () => setSession(key, message));
}

/**
 * The card message waiting for the tab, removed as it is read, or null: whichever of the
 * page's script and the worker asks first takes it, the other finds nothing.
 */
export function takePendingCard(tabId) {
  const key = `${PENDING_KEY_PREFIX}${tabId}`;
  return serially(`storage:session:${key}`, async () => {
    const message = await getSession(key, null);
    if (message && chrome.storage.session) await chrome.storage.session.remove(key);
    return message;
  });
}

/** Managed policy values; absent (or unsupported, as in Firefox without a policy) = {}. */
async function readManaged() {
  try {
    return (await chrome.storage.managed.get(null)) ?? {};
  } catch {
    // No managed storage here: no organisation policy applies.
    return {};
  }
}

let managedFresh = null;

/** Read policy again on next use (the browser tells us when it changes). */
export function forgetManaged() {
  managedFresh = null;
}

/**
 * Policy values, from a copy kept in local storage: reading managed storage can take
 * seconds just after the browser starts, and every card waits for the preferences.
 * Policy is read once per worker start (and again when it changes); the copy is
 * rewritten only when it differs. Only the very first use ever waits.
 */
async function getManaged() {
  const { managedCopy } = await chrome.storage.local.get({ managedCopy: null });
  managedFresh ??= readManaged().then(async (values) => {
    if (JSON.stringify(values) !== JSON.stringify(managedCopy)) {
      await chrome.storage.local.set({ managedCopy: values });
    }
    return values;
  });
  return managedCopy ?? managedFresh;
}

/** The user's preferences with organisation policy applied: {prefs, managedKeys}. */
export async function getPrefs() {
  const [{ prefs }, managed] = await Promise.all([
    chrome.storage.sync.get({ prefs: {} }),
    getManaged(),
  ]);
  const effective = effectivePrefs(prefs, managed);
  if (
    !effective.prefs.serverUrl &&
    DEFAULT_SERVER_URL &&
    !effective.managedKeys.includes("serverUrl")
  ) {
    effective.prefs = { ...effective.prefs, serverUrl: DEFAULT_SERVER_URL };
  }
  return effective;
}

/** The preferences as the user set them (no policy, no build default). */
export async function getUserPrefs() {
  const { prefs } = await chrome.storage.sync.get({ prefs: {} });
  return { ...DEFAULT_PREFS, ...prefs };
}

export async function saveUserPrefs(prefs) {
  await chrome.storage.sync.set({ prefs });
}

/**
 * Every setting back to its default: the preferences, and what the reader chose site by
 * site (what they do there, where they moved the card).
 */
export async function resetUserPrefs() {
  await chrome.storage.sync.remove("prefs");
  await updateLocal(["siteUses", "cardCorners"], () => ({ siteUses: {}, cardCorners: {} }));
}

let bundled = null;

/** The guidance shipped inside the extension (data/taxonomy.json, copied from shared/). */
export async function getBundledTaxonomy() {
  if (!bundled) {
    const response = await fetch(chrome.runtime.getURL("data/taxonomy.json"));
    bundled = await response.json();
  }
  return bundled;
}

/**
 * The guidance to use now: the last good download from the configured server, or the
 * bundled copy when no server is set or nothing valid has come from it yet. A download
 * in another format (format 1, stored before this version was installed) is never used:
 * the bundled copy stands in until the next check stores this format's.
 */
export async function getGuidance(serverUrl) {
  const { guidance } = await getLocal(["guidance"]);
  const usable = guidance?.taxonomy?.schema_version === SCHEMA_VERSION;
  if (serverUrl && usable && guidance.serverUrl === serverUrl) {
    return { ...guidance, source: "server" };
  }
  const taxonomy = await getBundledTaxonomy();
  return { source: "bundled", serverUrl: "", version: null, etag: null, taxonomy };
}
