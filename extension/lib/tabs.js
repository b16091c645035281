// Recognition: when a tab's address changes, classify it on the device, set the badge,
// and show the card when the frequency rules allow. Pages that match nothing get no script.

import { decideCard, localDay, recordSeen } from "./frequency.js";
import { buildCardModel, buildGuidanceIndex } from "./guidance.js";
import { getGuidance, getLocal, getPrefs, getSession, setLocal, setSession } from "./storage.js";

const CARD_FILES = ["content/card-view.js", "content/card.js"];
const BADGE_COLOUR = "#266e78";

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

/** The card model for a URL, or null when no guidance matches it. */
export async function modelForUrl(url) {
  const { prefs } = await getPrefs();
  const guidance = await getGuidance(prefs.serverUrl);
  const index = indexFor(guidance, prefs);
  const model = buildCardModel({
    taxonomy: guidance.taxonomy,
    index,
    url,
    prefs,
    source: guidance,
  });
  if (!model) return null;
  const { checklist } = await getLocal(["checklist"]);
  const today = localDay(Date.now(), -new Date().getTimezoneOffset());
  model.checklistTicks = checklist.day === today ? checklist.ticks : {};
  return { model, prefs };
}

/**
 * The address of the page a tab is now showing, or null when a tabs.onUpdated event is
 * not a new page. A load and a single-page-app navigation come with `changeInfo.url`; a
 * reload comes with only `status: "loading"` (the address did not change), so the URL
 * is then read from the tab. `tab.url` is only there for hosts this extension may
 * access, so other addresses still never reach it.
 */
export function newPageUrl(changeInfo, tab) {
  if (changeInfo.url) return changeInfo.url;
  if (changeInfo.status === "loading" && tab?.url) return tab.url;
  return null;
}

/** Handle a new address in a tab (page load, reload or single-page-app navigation). */
export async function handleTabUrl(tabId, url) {
  const found = await modelForUrl(url);
  if (!found) {
    await clearTab(tabId);
    return;
  }
  const { model, prefs } = found;
  await setBadge(tabId, model);
  const now = Date.now();
  const day = localDay(now, -new Date().getTimezoneOffset());
  const state = await getLocal(["seen", "snoozes", "pausedUntil"]);
  const sessionSeen = await getSession("sessionSeen", {});
  const decision = decideCard({
    siteId: model.site.id,
    categoryHashes: model.categoryHashes,
    now,
    day,
    prefs,
    state: { ...state, sessionSeen },
  });
  if (!decision.show) {
    await hideCard(tabId);
    return;
  }
  await showCard(tabId, model);
  const updated = recordSeen(state, model.site.id, model.categoryHashes, now, day);
  await setLocal({ seen: updated.seen });
  await setSession("sessionSeen", { ...sessionSeen, [model.site.id]: true });
}

async function showCard(tabId, model) {
  if (!(await sendToCard(tabId, { type: "show-card", model }))) {
    await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: CARD_FILES });
    await sendToCard(tabId, { type: "show-card", model });
  }
  await rememberTab(tabId, true);
}

async function hideCard(tabId) {
  const { tabState } = await getLocal(["tabState"]);
  if (tabState[tabId]?.card) {
    await sendToCard(tabId, { type: "hide-card" });
    await rememberTab(tabId, false);
  }
}

/** True when a card script in the tab received the message. */
async function sendToCard(tabId, message) {
  try {
    await chrome.tabs.sendMessage(tabId, message, { frameId: 0 });
    return true;
  } catch {
    // No card script in this document yet (a new page): the caller injects one.
    return false;
  }
}

async function rememberTab(tabId, card) {
  const { tabState } = await getLocal(["tabState"]);
  await setLocal({ tabState: { ...tabState, [tabId]: { card } } });
}

export async function forgetTab(tabId) {
  const { tabState } = await getLocal(["tabState"]);
  if (tabId in tabState) {
    const { [tabId]: _gone, ...rest } = tabState;
    await setLocal({ tabState: rest });
  }
}

async function clearTab(tabId) {
  await hideCard(tabId);
  await chrome.action.setBadgeText({ tabId, text: "" });
  await chrome.action.setTitle({ tabId, title: chrome.i18n.getMessage("actionTitle") });
}

async function setBadge(tabId, model) {
  const names = model.categories.map((category) => category.name).join(", ");
  await chrome.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
  await chrome.action.setBadgeText({ tabId, text: badgeText(model) });
  await chrome.action.setTitle({
    tabId,
    title: chrome.i18n.getMessage("actionTitleForPage", [names]) || names,
  });
}

function badgeText(model) {
  const first = model.categories[0]?.id ?? "";
  const key = `badge_${first.replace(/-/g, "_")}`;
  return chrome.i18n.getMessage(key) || "•";
}
