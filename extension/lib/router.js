// The one runtime.onMessage handler: checks who is asking, then dispatches on `type`.

import { eachCategoryOnce } from "./catalogue-view.js";
import { disableSite, enableSite, localDay, pause, snooze, snoozeUntil } from "./frequency.js";
import { answeredUse, catalogue, categoryDetail, jurisdictionTree } from "./guidance.js";
import { validateCustomSite, validateServerUrl } from "./prefs.js";
import { availableSituations, situationGuidance, ticksForDay, withTick } from "./situations.js";
import {
  getGuidance,
  getLocal,
  getPrefs,
  getSiteUses,
  getUserPrefs,
  resetUserPrefs,
  saveUserPrefs,
  setCardCorner,
  setSiteUse,
  updateLocal,
} from "./storage.js";
import { syncNow } from "./sync.js";
import { effectiveCheckHours } from "./sync-policy.js";
import { cardForStartedScript, modelForUrl, noteCardClosed, redrawForUse } from "./tabs.js";

const CARD_MESSAGES = new Set([
  "card-action",
  "checklist-tick",
  "open-options",
  "choose-use",
  "card-corner",
  "card-started",
]);
// The corners the card's "Move" button names (content/card-placement.js's CORNERS).
const CARD_CORNERS = new Set(["bottom-right", "bottom-left", "top-right", "top-left"]);
// Where the card's "Choose where you practise" leads: the options' jurisdictions.
const OPTIONS_SECTIONS = new Set(["jurisdictions"]);

function fromExtensionPage(sender) {
  return sender.id === chrome.runtime.id && sender.url?.startsWith(chrome.runtime.getURL(""));
}

function fromOurCard(sender) {
  // A content script of ours, in the top frame of a tab.
  return sender.id === chrome.runtime.id && sender.tab !== undefined && sender.frameId === 0;
}

/** runtime.onMessage listener: answers asynchronously with {ok, ...}. */
export function onMessage(message, sender, sendResponse) {
  const allowed =
    fromExtensionPage(sender) || (CARD_MESSAGES.has(message?.type) && fromOurCard(sender));
  if (!allowed) return false;
  handle(message, sender)
    .then((answer) => sendResponse({ ok: true, ...answer }))
    .catch((error) => sendResponse({ ok: false, error: String(error?.message ?? error) }));
  return true;
}

async function handle(message, sender) {
  const today = () => localDay(Date.now(), -new Date().getTimezoneOffset());
  switch (message.type) {
    case "card-action":
      return cardAction(message.action, message.siteId, sender.tab?.id);
    case "choose-use":
      return chooseUse(message.siteId, message.use, sender.tab);
    case "card-started":
      return { card: await cardForStartedScript(sender.tab.id) };
    case "card-corner":
      return cardCorner(message.siteId, message.corner ?? null);
    case "set-use":
      await setUse(message.siteId, message.use ?? null);
      return { uses: await siteUsesAnswer() };
    case "site-uses":
      return { uses: await siteUsesAnswer() };
    case "open-options":
      return openOptions(message.section);
    case "checklist-tick":
      return tick(message.categoryId, message.index, message.checked, today());
    case "page-guidance":
      return pageGuidance(message.tabId);
    case "status":
      return { status: await status() };
    case "check-now":
      await syncNow();
      return { status: await status() };
    case "pause": {
      const until = Number(message.until) || 0;
      await updateLocal(["pausedUntil"], (state) => ({
        pausedUntil: pause(state, until).pausedUntil,
      }));
      return { status: await status() };
    }
    case "undo-disable":
      await undoDisable(message.siteId);
      return { status: await status() };
    case "catalogue":
      return catalogueAnswer();
    case "category":
      return { category: await category(message.id) };
    case "situations":
      return { situations: await situations() };
    case "situation":
      return { guidance: await situation(message.id, today()) };
    case "get-prefs":
      return getPrefs();
    case "save-prefs":
      return savePrefs(message.prefs);
    case "reset-prefs":
      await resetUserPrefs();
      return getPrefs();
    case "pending-permissions":
      return { sites: await pendingPermissions() };
    default:
      throw new Error(`unknown message type ${message.type}`);
  }
}

async function cardAction(action, siteId, tabId) {
  const now = Date.now();
  const offset = -new Date().getTimezoneOffset();
  if (action === "snooze-hour" || action === "snooze-tomorrow") {
    const until = snoozeUntil(action === "snooze-hour" ? "hour" : "tomorrow", now, offset);
    await updateLocal(["snoozes"], (state) => ({ snoozes: snooze(state, siteId, until).snoozes }));
  } else if (action === "disable-site") {
    await saveUserPrefs(disableSite(await getUserPrefs(), siteId));
  } else if (action !== "got-it") {
    throw new Error(`unknown card action ${action}`);
  }
  if (tabId !== undefined) await noteCardClosed(tabId);
  return {};
}

/**
 * The reader moved the card: remember the corner for the site (null: back to placing
 * itself). A site of the guidance or a custom site, by id: never an address.
 */
async function cardCorner(siteId, corner) {
  if (corner !== null && !CARD_CORNERS.has(corner)) throw new Error(`unknown corner ${corner}`);
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  if (!siteNames(taxonomy, prefs.customSites).has(siteId))
    throw new Error(`unknown site ${siteId}`);
  await setCardCorner(siteId, corner);
  return {};
}

/** Show the card on a site again, starting with its next visit (even later today). */
async function undoDisable(siteId) {
  await saveUserPrefs(enableSite(await getUserPrefs(), siteId));
  await updateLocal(["seen"], ({ seen }) => {
    if (!(siteId in seen)) return null;
    const { [siteId]: _forgotten, ...rest } = seen;
    return { seen: rest };
  });
}

// --- Uses of a site ("What are you doing here?") -------------------------------------------

/** A use the site declares, stored for it; anything else is refused. */
async function setUse(siteId, use) {
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  const site = taxonomy.sites.find((item) => item.id === siteId);
  if (!site) throw new Error(`unknown site ${siteId}`);
  if (use !== null && !(site.uses ?? []).some((item) => item.id === use)) {
    throw new Error(`the site ${siteId} has no use ${use}`);
  }
  await setSiteUse(siteId, use);
}

/** The card's answer: stored, then the card redrawn for it in the same tab. */
async function chooseUse(siteId, use, tab) {
  await setUse(siteId, use);
  if (tab?.id !== undefined && tab.url) await redrawForUse(tab.id, tab.url);
  return {};
}

/** Every site with several uses and the reader's answer (null: not said), for the pages. */
async function siteUsesAnswer() {
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  const answers = await getSiteUses();
  return taxonomy.sites
    .filter((site) => (site.uses ?? []).length > 1)
    .map((site) => ({
      siteId: site.id,
      name: site.name,
      uses: site.uses.map(({ id, label }) => ({ id, label })),
      use: answeredUse(taxonomy, site.id, answers),
    }));
}

/** Open the options page (at one of its sections) in a new tab, next to the card's. */
async function openOptions(section) {
  const hash = OPTIONS_SECTIONS.has(section) ? `#${section}` : "";
  await chrome.tabs.create({ url: chrome.runtime.getURL(`options/options.html${hash}`) });
  return {};
}

async function tick(categoryId, index, checked, day) {
  const changes = await updateLocal(["checklist"], ({ checklist }) => ({
    checklist: withTick(checklist, day, categoryId, index, checked),
  }));
  return { ticks: changes.checklist.ticks };
}

async function pageGuidance(tabId) {
  const tab = await chrome.tabs.get(tabId);
  // Without permission for a host, the tab's URL is not even visible to us.
  if (!tab.url) return { model: null };
  const found = await modelForUrl(tab.url);
  return { model: found?.model ?? null };
}

async function status() {
  const { prefs } = await getPrefs();
  const guidance = await getGuidance(prefs.serverUrl);
  const { syncStatus, pausedUntil } = await getLocal(["syncStatus", "pausedUntil"]);
  const names = siteNames(guidance.taxonomy, prefs.customSites);
  return {
    source: guidance.source,
    serverUrl: prefs.serverUrl,
    version: guidance.version,
    reviewed: guidance.taxonomy.meta.reviewed,
    title: guidance.taxonomy.meta.title,
    lastCheckAt: syncStatus?.lastCheckAt ?? null,
    lastOutcome: syncStatus?.lastOutcome ?? null,
    lastError: syncStatus?.lastError ?? null,
    nextCheckAt: syncStatus?.nextCheckAt ?? null,
    // How often the service says to check (bounded), and how often the extension does.
    suggestedCheckHours: effectiveCheckHours(null, syncStatus?.suggestedHours),
    checkHours: effectiveCheckHours(prefs.checkHours, syncStatus?.suggestedHours),
    pausedUntil: pausedUntil > Date.now() ? pausedUntil : 0,
    disabledSites: prefs.disabledSites.map((id) => ({ id, name: names.get(id) ?? id })),
  };
}

function siteNames(taxonomy, customSites) {
  return new Map([...taxonomy.sites, ...customSites].map((site) => [site.id, site.name]));
}

async function catalogueAnswer() {
  const { prefs } = await getPrefs();
  const guidance = await getGuidance(prefs.serverUrl);
  return {
    // Each category once: a list showing telephone under both groups reads as two.
    groups: eachCategoryOnce(catalogue(guidance.taxonomy)),
    jurisdictions: jurisdictionTree(guidance.taxonomy),
    profiles: (guidance.taxonomy.profiles ?? []).map(({ id, question, help }) => ({
      id,
      question,
      help: help ?? "",
    })),
  };
}

async function category(id) {
  const { prefs } = await getPrefs();
  const guidance = await getGuidance(prefs.serverUrl);
  return categoryDetail(guidance.taxonomy, id, prefs);
}

// --- "I'm about to…": situations the browser cannot see ---------------------------------

/** The situations this guidance speaks to, with their category's name. */
async function situations() {
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  const names = new Map(taxonomy.categories.map((item) => [item.id, item.name]));
  return availableSituations(taxonomy).map((item) => ({
    ...item,
    name: names.get(item.categoryId),
  }));
}

/** One situation's guidance, with today's checklist ticks (none on a new day). */
async function situation(id, day) {
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  const { checklist } = await getLocal(["checklist"]);
  return situationGuidance(taxonomy, id, prefs, ticksForDay(checklist, day));
}

async function savePrefs(incoming) {
  const next = { ...(await getUserPrefs()) };
  const errors = {};
  if ("serverUrl" in incoming) {
    const server = validateServerUrl(incoming.serverUrl ?? "");
    if (server.ok) next.serverUrl = server.url;
    else errors.serverUrl = chrome.i18n.getMessage(server.error) || server.error;
  }
  if ("customSites" in incoming) {
    const checked = await checkCustomSites(incoming.customSites);
    if (checked.ok) next.customSites = checked.sites;
    else errors.customSites = checked.error;
  }
  for (const key of [
    "checkHours",
    "jurisdictions",
    "profiles",
    "profilesNotSure",
    "frequency",
    "display",
    "disabledSites",
  ]) {
    if (key in incoming) next[key] = incoming[key];
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  await saveUserPrefs(next);
  return getPrefs();
}

/** Re-check custom sites here too: the options page is not the only way in. */
async function checkCustomSites(sites) {
  if (!Array.isArray(sites)) return { ok: false, error: "customSites must be a list" };
  const { prefs } = await getPrefs();
  const { taxonomy } = await getGuidance(prefs.serverUrl);
  const accepted = [];
  for (const site of sites) {
    const checked = validateCustomSite(
      { name: site?.name, pattern: site?.patterns?.[0], categoryIds: site?.categories },
      taxonomy,
      accepted,
    );
    if (!checked.ok) {
      const key = Object.values(checked.errors)[0];
      return { ok: false, error: chrome.i18n.getMessage(key) || key };
    }
    // Keep the id the user's site already has, so disabling and snoozing still apply.
    accepted.push({ ...checked.site, id: site.id ?? checked.site.id });
  }
  return { ok: true, sites: accepted };
}

/** Sites of the guidance or custom sites whose hosts the user has not granted yet. */
async function pendingPermissions() {
  const { prefs } = await getPrefs();
  const guidance = await getGuidance(prefs.serverUrl);
  const pending = [];
  for (const site of [...guidance.taxonomy.sites, ...prefs.customSites]) {
    const granted = await chrome.permissions.contains({ origins: site.patterns });
    if (!granted) pending.push({ id: site.id, name: site.name, patterns: site.patterns });
  }
  return pending;
}
