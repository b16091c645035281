// Recognition: when a tab's address changes, classify it on the device, set the badge,
// and show the card when the frequency rules allow. Pages that match nothing get no script.
// What was decided for each tab is recorded (see `record`): the worker needs it to hide a
// card, and it is how tests know a page was handled. It never holds an address.

import { isCallPage, quietForCall } from "./call-state.js";
import { decideCard, localDay, recordShown } from "./frequency.js";
import { answeredUse, buildCardModel, buildGuidanceIndex } from "./guidance.js";
import { serially } from "./serial.js";
import {
  getBundledTaxonomy,
  getCallRecord,
  getCardCorner,
  getGuidance,
  getLocal,
  getPrefs,
  getSession,
  getTabRecord,
  removeCallRecord,
  removeTabRecord,
  setPendingCard,
  setTabRecord,
  takePendingCard,
  updateLocal,
  updateSession,
} from "./storage.js";

// The card's classic scripts, in the order they need each other (the admin preview loads
// the same ones but card.js: server/templates/admin/_card_preview.html).
export const CARD_FILES = Object.freeze([
  "ui/dom.js",
  "content/card-styles.js",
  "content/card-parts.js",
  "content/card-placement.js",
  "content/card-drag.js",
  "content/card-view.js",
  "content/card.js",
]);
const BADGE_COLOUR = "#266e78";
// The toolbar badge of each category (a category from the server that has none gets "•").
const BADGE_KEYS = Object.freeze({
  __proto__: null,
  telephone: "badge_telephone",
  "live-chat": "badge_live_chat",
  video: "badge_video",
  email: "badge_email",
  texting: "badge_texting",
  "social-media": "badge_social_media",
  "online-resources": "badge_online_resources",
  calendar: "badge_calendar",
  "ai-assistants": "badge_ai_assistants",
  // No shipped site brings it (the popup situation of a client in the room does), but a
  // custom site may.
  "in-room-technology": "badge_in_room_technology",
});

// A derived cache: rebuilt whenever the guidance or custom sites change, and after the
// worker restarts. Never a source of truth.
let indexCache = { key: null, index: null };

function indexFor(guidance, prefs) {
  const key = `${guidance.source}:${guidance.version}:${guidance.etag}:${JSON.stringify(prefs.customSites)}`;
  if (indexCache.key !== key) {
    indexCache = { key, index: buildGuidanceIndex(guidance.taxonomy, prefs.customSites) };
  }
  return indexCache.index;
}

/**
 * The card model for a URL, or null when no guidance matches it. `seen` is the
 * frequency record of sites seen (absent: not asked, as for the popup): a site not in
 * it is met for the first time, so the card may lead with choosing the tool. `stage` is
 * the moment the key cautions are for (the choice rule's; `after` once a call ended).
 */
export async function modelForUrl(url, seen = null, { stage } = {}) {
  const { prefs } = await getPrefs();
  // Read together: every navigation to a recognised page waits for these.
  const [guidance, kept] = await Promise.all([
    getGuidance(prefs.serverUrl),
    getLocal(["cautionHashes", "previousGuidance", "checklist", "siteUses"]),
  ]);
  const index = indexFor(guidance, prefs);
  // The wording the reader saw before: the copy this one replaced, or the bundled one.
  const previous =
    kept.previousGuidance?.taxonomy ??
    (guidance.source === "server" ? await getBundledTaxonomy() : null);
  const seenCautions = { hashes: kept.cautionHashes, previous };
  const build = (firstVisit, use = null) =>
    buildCardModel({
      seen: seenCautions,
      taxonomy: guidance.taxonomy,
      index,
      url,
      prefs,
      source: guidance,
      firstVisit,
      use,
      ...(stage ? { stage } : {}),
    });
  let model = build(false);
  if (!model) return null;
  const firstVisit = seen !== null && !(model.site.id in seen);
  // The reader's answer to "What are you doing here?" decides the categories.
  const use = model.usesSite ? answeredUse(guidance.taxonomy, model.usesSite, kept.siteUses) : null;
  // The badge keeps the site's own categories, even for a use with none ("personal").
  const badgeCategories = model.categories.map(({ id, name }) => ({ id, name }));
  // A use with no guidance ("personal") keeps the card away, but the popup (`seen`
  // null: not for a card) still shows the site's usual guidance when asked.
  const forPopup = seen === null;
  if (use && !(forPopup && build(false, use).badgeOnly)) model = build(firstVisit, use);
  else if (firstVisit) model = build(true);
  model.badgeCategories = badgeCategories;
  const { checklist } = kept;
  const today = localDay(Date.now(), -new Date().getTimezoneOffset());
  model.checklistTicks = checklist.day === today ? checklist.ticks : {};
  return { model, prefs };
}

/**
 * The address of the page a tab is now showing, or null when a tabs.onUpdated event is
 * not a new page. A load and a single-page-app navigation come with `changeInfo.url`. In
 * Chromium a reload comes with only `status: "loading"` (the address did not change), so
 * the URL is then read from the tab. Firefox (`urlOnEveryLoad`) sends `status: "loading"`
 * alone as any load starts, while the tab still has the old address, and then the
 * address with every load, reloads too: there the lone event is not a page at all.
 * `tab.url` is only there for hosts this extension may access, so other addresses still
 * never reach it.
 */
export function newPageUrl(changeInfo, tab, { urlOnEveryLoad = false } = {}) {
  if (changeInfo.url) return changeInfo.url;
  if (changeInfo.status === "loading" && tab?.url && !urlOnEveryLoad) return tab.url;
  return null;
}

/** True in Firefox, whose tabs.onUpdated gives the address with every load (see above). */
function urlOnEveryLoad() {
  // runtime.getBrowserInfo is Firefox's own: the event's shape is Gecko's, not an API's.
  return typeof globalThis.chrome?.runtime?.getBrowserInfo === "function";
}

/**
 * True when a tabs.onUpdated event is a new page whose address this extension may not
 * see (no host permission): it is recorded as such, and nothing else happens.
 */
export function isUnseenPage(changeInfo, tab) {
  return changeInfo.status === "loading" && !changeInfo.url && !tab?.url;
}

/** tabs.onUpdated: handle a new page in the tab, after any page it showed before. */
export function onTabUpdated(tabId, changeInfo, tab) {
  const url = newPageUrl(changeInfo, tab, { urlOnEveryLoad: urlOnEveryLoad() });
  if (url) return serially(tabKey(tabId), () => recognise(tabId, url));
  if (isUnseenPage(changeInfo, tab)) {
    return serially(tabKey(tabId), () => record(tabId, UNSEEN));
  }
  return Promise.resolve();
}

/**
 * Recognise the pages open when the extension is installed or updated. The browser tells
 * a newly installed worker nothing about a page that loaded before its listeners existed
 * (a tab opened in the first seconds after a fresh install, or open all along), so every
 * open tab it may see and has decided nothing for is handled now. A tab whose own event
 * came first is left alone: its work is queued ahead of this, and recorded.
 */
export async function recogniseOpenTabs() {
  const tabs = await chrome.tabs.query({});
  const visible = tabs.filter((tab) => tab.url && tab.id !== undefined);
  await Promise.all(
    visible.map((tab) =>
      serially(tabKey(tab.id), async () => {
        if (!(await getTabRecord(tab.id))) await recognise(tab.id, tab.url);
      }),
    ),
  );
}

// What the record says when the extension could not see the page's address.
const UNSEEN = Object.freeze({
  siteId: null,
  decision: "no-access",
  reason: "no-host-permission",
  card: false,
});

export function tabKey(tabId) {
  return `tab:${tabId}`;
}

/**
 * Note what was decided for the tab's new page: `{nav, siteId, decision, reason, card}`
 * (and `delivery`, how a card shown reached the page: see DELIVERY),
 * where `nav` counts the pages handled in the tab, `decision` is `shown`, `quiet` (with
 * the frequency rule's reason), `suppressed` (`in-call`: the tab is in a session),
 * `no-match`, `no-access` or `failed`, and `card` says
 * whether a card is up. Session storage only, never sent anywhere, gone with the tab.
 */
async function record(tabId, decision) {
  const before = await getTabRecord(tabId);
  await setTabRecord(tabId, { nav: (before?.nav ?? 0) + 1, ...decision });
}

/** Handle a new address in a tab (page load, reload or single-page-app navigation). */
async function recognise(tabId, url) {
  let decision;
  try {
    decision = await decide(tabId, url);
  } catch (error) {
    // A tab closed while its page was being handled: the browser refuses the badge or
    // script for it, which is no fault, and its record goes with it (forgetTab).
    if (await isClosed(tabId)) return;
    // The reason stays general: browser errors can quote the page's address.
    await record(tabId, { siteId: null, decision: "failed", reason: "error", card: false });
    throw error;
  }
  await record(tabId, decision);
}

function isClosed(tabId) {
  return chrome.tabs.get(tabId).then(
    () => false,
    () => true,
  );
}

async function decide(tabId, url) {
  const { seen } = await getLocal(["seen"]);
  const found = await modelForUrl(url, seen ?? {});
  if (!found) {
    await clearTab(tabId);
    return { siteId: null, decision: "no-match", reason: "no-guidance", card: false };
  }
  const { model, prefs } = found;
  // The badge is drawn while the card is decided: neither waits for the other.
  const badge = setBadge(tabId, model);
  try {
    return await decideCardFor(tabId, model, prefs);
  } finally {
    await badge;
  }
}

async function decideCardFor(tabId, model, prefs) {
  const siteId = model.site.id;
  if (model.badgeOnly) {
    // A use that brings no category ("personal"): the badge, never a card.
    await hideCard(tabId);
    return { siteId, decision: "quiet", reason: "use-without-guidance", card: false };
  }
  const [calling, state, sessionSeen, corner] = await Promise.all([
    inCall(tabId, model),
    getLocal(["seen", "snoozes", "pausedUntil"]),
    getSession("sessionSeen", {}),
    getCardCorner(siteId),
  ]);
  if (calling) {
    // A session is going on in the tab (lib/calls.js): the badge, no card until it ends.
    await hideCard(tabId);
    return { siteId, decision: "suppressed", reason: "in-call", card: false };
  }
  const now = Date.now();
  const day = localDay(now, -new Date().getTimezoneOffset());
  const verdict = decideCard({
    siteId,
    categoryHashes: model.categoryHashes,
    now,
    day,
    prefs,
    state: { ...state, sessionSeen },
  });
  if (!verdict.show) {
    await hideCard(tabId);
    return { siteId, decision: "quiet", reason: verdict.reason, card: false };
  }
  const delivery = await showCard(tabId, model, corner);
  await updateLocal(["seen", "snoozes", "pausedUntil"], (current) => {
    const { seen, snoozes, pausedUntil } = recordShown(
      current,
      siteId,
      model.categoryHashes,
      now,
      day,
    );
    return { seen, snoozes, pausedUntil };
  });
  await updateSession("sessionSeen", {}, (seen) => ({ ...seen, [siteId]: true }));
  await noteCautionsSeen(model);
  return { siteId, decision: "shown", reason: verdict.reason, card: true, delivery };
}

/** True when the tab is in a call and this page is one of live contact. */
async function inCall(tabId, model) {
  const categoryIds = model.categories.map((category) => category.id);
  return isCallPage(categoryIds) && quietForCall(await getCallRecord(tabId));
}

/**
 * Keep the hash of each caution the card put before the reader: its key cautions, and
 * any marked "Updated" (now seen as they are). Only caution ids and hashes are kept.
 */
async function noteCautionsSeen(model) {
  const drawn = [
    ...model.topCautions,
    ...model.categories.flatMap((category) => category.cautions.filter((c) => c.updated)),
  ];
  await updateLocal(["cautionHashes"], ({ cautionHashes }) => ({
    cautionHashes: {
      ...cautionHashes,
      ...Object.fromEntries(drawn.map((caution) => [caution.id, caution.hash])),
    },
  }));
}

// How a card reached its page (the tab's record says, for tests): a card script was
// listening already, the page's own script took it as it started, or the worker injected
// the card's scripts.
const DELIVERY = Object.freeze({
  listening: "listening",
  taken: "taken",
  injected: "injected",
});

/**
 * Put the card in front of the reader. A card script already listening in the page gets
 * it at once. Otherwise the card waits (session storage) for the page's own script, which
 * the browser starts as the page's DOM is ready on every site the registration covers
 * (lib/card-scripts.js) and which takes it then; where none is coming (a page the
 * registration does not cover, or a single-page app that moved onto a matching address)
 * the worker injects the scripts itself and delivers the card if nobody took it meanwhile.
 * Each card message has its own id, so a card that arrives both ways is drawn once.
 */
async function showCard(tabId, model, corner) {
  const message = {
    type: "show-card",
    showId: crypto.randomUUID(),
    model,
    // The corner the reader moved the card to on this site wins over its own choice.
    corner: corner === undefined ? await getCardCorner(model.site.id) : corner,
  };
  if (await sendToCard(tabId, message)) return DELIVERY.listening;
  await setPendingCard(tabId, message);
  // The page's script may have started while the card was being stored.
  if (await sendToCard(tabId, message)) {
    await takePendingCard(tabId);
    return DELIVERY.listening;
  }
  let injected = false;
  try {
    // Runs once the page is loaded: by then the page's own script, if one was coming, has
    // started (and taken the card): the files are not loaded twice.
    const target = { tabId, frameIds: [0] };
    const [probe] = await chrome.scripting.executeScript({ target, func: cardScriptStarted });
    if (!probe?.result) {
      await chrome.scripting.executeScript({ target, files: CARD_FILES });
      injected = true;
    }
  } catch (error) {
    // Not for a later page: a card waits only for the page it was decided for.
    await takePendingCard(tabId);
    throw error;
  }
  // The scripts just injected take the card as they start, like the page's own would.
  const untaken = await takePendingCard(tabId);
  if (untaken) await sendToCard(tabId, message);
  if (injected) return DELIVERY.injected;
  return untaken ? DELIVERY.listening : DELIVERY.taken;
}

/** In the page: true when a card script of this extension runs there already. */
function cardScriptStarted() {
  return globalThis.dpgCardInstalled === true;
}

/**
 * A card script started in a tab's top frame: give it the card waiting for its page, if
 * any. Not queued behind the tab's other work, which may be waiting for this very script.
 */
export async function cardForStartedScript(tabId) {
  return (await takePendingCard(tabId)) ?? null;
}

async function hideCard(tabId) {
  // A card still waiting for an earlier page in the tab is not for this one.
  await takePendingCard(tabId);
  const before = await getTabRecord(tabId);
  // `after`: the after-session pill (lib/calls.js) is up, and goes with the page too.
  if (before?.card || before?.after) await sendToCard(tabId, { type: "hide-card" });
}

/** True when a card script in the tab received the message. */
export async function sendToCard(tabId, message) {
  try {
    await chrome.tabs.sendMessage(tabId, message, { frameId: 0 });
    return true;
  } catch {
    // No card script in this document yet (a new page): the caller injects one.
    return false;
  }
}

/**
 * The reader answered "What are you doing here?" on the card in a tab: draw the card
 * again for that use (or take it away for a use with no guidance), in the tab's order.
 */
export function redrawForUse(tabId, url) {
  return serially(tabKey(tabId), async () => {
    const { seen } = await getLocal(["seen"]);
    const found = await modelForUrl(url, seen);
    const before = await getTabRecord(tabId);
    if (!found || found.model.badgeOnly) {
      await sendToCard(tabId, { type: "hide-card" });
      if (before) await setTabRecord(tabId, { ...before, card: false });
      return;
    }
    await showCard(tabId, found.model);
  });
}

/** The card in the tab was closed from the card itself (got it, snooze, off here). */
export function noteCardClosed(tabId) {
  return serially(tabKey(tabId), async () => {
    const before = await getTabRecord(tabId);
    if (before) await setTabRecord(tabId, { ...before, card: false });
  });
}

export function forgetTab(tabId) {
  return serially(tabKey(tabId), async () => {
    await removeTabRecord(tabId);
    await removeCallRecord(tabId);
    await takePendingCard(tabId);
  });
}

async function clearTab(tabId) {
  await hideCard(tabId);
  await chrome.action.setBadgeText({ tabId, text: "" });
  await chrome.action.setTitle({ tabId, title: chrome.i18n.getMessage("actionTitle") });
}

async function setBadge(tabId, model) {
  const categories = model.badgeCategories ?? model.categories;
  const names = categories.map((category) => category.name).join(", ");
  await chrome.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
  await chrome.action.setBadgeText({ tabId, text: badgeText(model) });
  await chrome.action.setTitle({
    tabId,
    title: chrome.i18n.getMessage("actionTitleForPage", [names]) || names,
  });
}

function badgeText(model) {
  const first = (model.badgeCategories ?? model.categories)[0]?.id;
  return first in BADGE_KEYS ? chrome.i18n.getMessage(BADGE_KEYS[first]) : "•";
}
