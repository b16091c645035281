// The toolbar popup: this page's guidance (or the catalogue), the checklist, pausing,
// where the guidance came from, and the sites where the card is off. Everything it shows
// comes from the worker through messages; it draws the guidance with content/card-parts.js,
// as the card does.

import { snoozeUntil } from "../lib/frequency.js";
import { showAboutTo } from "./about-to.js";
import {
  ask,
  clear,
  el,
  formatDate,
  formatMoment,
  formatRelative,
  joinList,
  localizePage,
  t,
} from "../ui/page-text.js";

const HOUR_MS = 60 * 60 * 1000;
const cardParts = globalThis.DpgCardParts;

function byId(id) {
  return document.getElementById(id);
}

/** Put a message in the polite live region; cleared first so a repeat is announced too. */
function say(text) {
  const region = byId("status-message");
  region.textContent = "";
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

/** Send a message whose answer only matters when it failed. */
function send(message) {
  ask(message).then((answer) => {
    if (!answer.ok) say(t("errorGeneric", [answer.error]));
  });
}

// --- This page's guidance ----------------------------------------------------------------

/**
 * The tab whose guidance to show: the active one, as when the toolbar button opens the
 * popup, or `?tab=<id>` when the popup is opened as a page of its own for a given tab.
 */
async function targetTabId() {
  const requested = Number.parseInt(new URLSearchParams(location.search).get("tab"), 10);
  if (Number.isInteger(requested)) return requested;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function showPageGuidance() {
  const tabId = await targetTabId();
  const answer =
    tabId === undefined ? { ok: true, model: null } : await ask({ type: "page-guidance", tabId });
  if (answer.ok && answer.model) {
    renderPageGuidance(answer.model);
  } else {
    await showCatalogue();
  }
}

function renderPageGuidance(model) {
  const categories = model.categories ?? [];
  const several = categories.length > 1;
  const sites = (model.sites?.length ? model.sites : [model.site]).filter(Boolean);
  const groups = [
    ...new Set(
      categories.flatMap((category) => (category.groups ?? []).map((group) => group.name)),
    ),
  ];
  byId("page-groups").textContent = joinList(groups, t);
  byId("page-guidance-title").textContent = cardParts.titleOf(model, t);
  byId("page-site").textContent = t("popupOnSite", [
    joinList(
      sites.map((site) => site.name),
      t,
    ),
  ]);
  clear(byId("page-modes")).append(
    ...categories.map((category) => cardParts.buildModeLine(category, t, several)),
  );
  const top = model.topCautions ?? [];
  clear(byId("page-top-cautions")).append(
    ...top.map((caution) => cardParts.buildCaution(caution, t, { withSources: false })),
  );
  byId("page-top-title").hidden = top.length === 0;
  const checklist = cardParts.buildChecklist(model, t, send, {
    level: 3,
    idPrefix: "checklist-item",
  });
  clear(byId("checklist")).append(...[checklist].filter(Boolean));
  byId("checklist").hidden = !checklist;
  renderPageDetails(model, new Set(top.map((caution) => caution.id)));
  byId("no-guidance").hidden = true;
  byId("page-guidance").hidden = false;
  byId("page-details").hidden = false;
}

/** Everything else for this page, below the controls: no caution is drawn twice. */
function renderPageDetails(model, shownCautions) {
  const categories = model.categories ?? [];
  const several = categories.length > 1;
  const parts = categories.flatMap((category) => [
    several ? el("h3", { text: category.name }) : null,
    cardParts.buildCategory(category, t, {
      level: several ? 4 : 3,
      shownCautions,
      moreCautions: true,
    }),
  ]);
  clear(byId("page-categories")).append(...parts.filter(Boolean));
  byId("page-notice").textContent = model.guidance?.notice ?? "";
  byId("page-notice").hidden = !model.guidance?.notice;
}

// --- Browsing the catalogue --------------------------------------------------------------

async function showCatalogue() {
  byId("page-guidance").hidden = true;
  byId("page-details").hidden = true;
  byId("no-guidance").hidden = false;
  const host = clear(byId("catalogue"));
  const answer = await ask({ type: "catalogue" });
  if (!answer.ok) {
    host.append(el("p", { text: t("errorGeneric", [answer.error]) }));
    return;
  }
  for (const group of answer.groups ?? []) {
    const items = (group.categories ?? []).map((category) =>
      el("li", {}, [categoryButton(category)]),
    );
    host.append(el("h4", { text: group.name }), el("ul", { className: "catalogue-list" }, items));
  }
}

function categoryButton(entry) {
  const button = el("button", { className: "catalogue-item", attrs: { type: "button" } }, [
    el("span", { className: "catalogue-name", text: entry.name }),
    el("span", { className: "catalogue-mode", text: cardParts.modeLabel(entry.mode, t) }),
  ]);
  button.addEventListener("click", () => openCategory(entry, button));
  return button;
}

/** Show one category in full; the catalogue entry stands in if the worker has no more. */
async function openCategory(entry, opener) {
  const answer = await ask({ type: "category", id: entry.id });
  const category = answer.ok && answer.category ? answer.category : entry;
  const title = el("h4", { text: category.name, attrs: { tabindex: "-1" } });
  const back = el("button", {
    className: "back",
    text: t("popupBackToCatalogue"),
    attrs: { type: "button" },
  });
  back.addEventListener("click", () => closeCategory(opener));
  const pane = clear(byId("catalogue-category"));
  pane.append(
    back,
    title,
    el("div", { className: "modes" }, [cardParts.buildModeLine(category, t, false)]),
    cardParts.buildCategory(category, t, { level: 5, plainChecklist: true }),
  );
  byId("catalogue").hidden = true;
  pane.hidden = false;
  // The user asked for this view: move to its heading so reading starts there.
  title.focus();
}

function closeCategory(opener) {
  byId("catalogue-category").hidden = true;
  byId("catalogue").hidden = false;
  opener.focus();
}

// --- Status: source, last check, pause, disabled sites -----------------------------------

async function refreshStatus() {
  const answer = await ask({ type: "status" });
  if (answer.ok) renderStatus(answer.status);
  else byId("source").textContent = t("errorGeneric", [answer.error]);
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url; // not a URL: show what is stored
  }
}

function sourceText(status) {
  const reviewed = formatDate(status.reviewed, t);
  if (status.source === "server") {
    return t("sourceServer", [hostOf(status.serverUrl), String(status.version ?? "?"), reviewed]);
  }
  return t("sourceBundled", [reviewed]);
}

function outcomeText(status) {
  if (status.lastOutcome === "updated") return t("outcomeUpdated");
  if (status.lastOutcome === "not-modified") return t("outcomeUpToDate");
  if (status.lastOutcome === "error")
    return t("outcomeFailed", [status.lastError || t("unknownError")]);
  return t("outcomeUnknown");
}

function lastCheckText(status) {
  if (!status.serverUrl) return t("lastCheckNoServer");
  if (!status.lastCheckAt) return t("lastCheckNever");
  return t("lastCheck", [formatRelative(status.lastCheckAt), outcomeText(status)]);
}

function renderStatus(status) {
  byId("source").textContent = sourceText(status);
  byId("last-check").textContent = lastCheckText(status);
  const next = byId("next-check");
  next.hidden = !(status.serverUrl && status.nextCheckAt);
  next.textContent = next.hidden ? "" : t("nextCheck", [formatRelative(status.nextCheckAt)]);
  byId("check-now").disabled = !status.serverUrl;
  renderPause(status.pausedUntil);
  renderDisabledSites(status.disabledSites ?? []);
}

function renderPause(pausedUntil) {
  const paused = pausedUntil > Date.now();
  byId("pause-state").textContent = paused
    ? t("pausedUntil", [formatMoment(pausedUntil)])
    : t("remindersOn");
  byId("resume").disabled = !paused;
}

function renderDisabledSites(sites) {
  const host = clear(byId("disabled-sites"));
  if (sites.length === 0) {
    host.append(el("li", { className: "muted", text: t("disabledNone") }));
    return;
  }
  for (const site of sites) {
    const undo = el("button", {
      text: t("undoLabel"),
      attrs: { type: "button", "aria-label": t("undoDisableLabel", [site.name]) },
    });
    undo.addEventListener("click", () => undoDisable(site));
    host.append(el("li", {}, [el("span", { text: site.name }), undo]));
  }
}

async function undoDisable(site) {
  const answer = await ask({ type: "undo-disable", siteId: site.id });
  if (!answer.ok) return say(t("errorGeneric", [answer.error]));
  if (answer.status) renderStatus(answer.status);
  else await refreshStatus();
  // The button is gone with its row: keep keyboard users in the same section.
  byId("disabled-title").focus();
  say(t("undoDone", [site.name]));
}

async function pauseUntil(until) {
  const answer = await ask({ type: "pause", until });
  if (!answer.ok) return say(t("errorGeneric", [answer.error]));
  if (answer.status) renderStatus(answer.status);
  else await refreshStatus();
  if (byId("resume").disabled && document.activeElement === byId("resume"))
    byId("pause-hour").focus();
  say(byId("pause-state").textContent);
}

function checkResultText(status) {
  if (status.lastOutcome === "error")
    return t("checkResultFailed", [status.lastError || t("unknownError")]);
  if (status.lastOutcome === "updated")
    return t("checkResultUpdated", [String(status.version ?? "?")]);
  if (status.lastOutcome === "not-modified") return t("checkResultUpToDate");
  return t("checkResultDone");
}

function setBusy(button, busy) {
  // aria-disabled rather than disabled: the button keeps focus while it works.
  button.setAttribute("aria-busy", String(busy));
  button.setAttribute("aria-disabled", String(busy));
  button.textContent = t(busy ? "popupChecking" : "popupCheckNow");
}

async function checkNow() {
  const button = byId("check-now");
  if (button.getAttribute("aria-busy") === "true") return;
  setBusy(button, true);
  say(t("popupChecking"));
  const answer = await ask({ type: "check-now" });
  setBusy(button, false);
  if (!answer.ok) return say(t("checkResultFailed", [answer.error]));
  renderStatus(answer.status);
  say(checkResultText(answer.status));
  if (answer.status.lastOutcome === "updated") await showPageGuidance();
}

function wireControls() {
  const offset = () => -new Date().getTimezoneOffset();
  byId("pause-hour").addEventListener("click", () => pauseUntil(Date.now() + HOUR_MS));
  byId("pause-tomorrow").addEventListener("click", () =>
    pauseUntil(snoozeUntil("tomorrow", Date.now(), offset())),
  );
  byId("resume").addEventListener("click", () => pauseUntil(0));
  byId("check-now").addEventListener("click", checkNow);
  byId("open-options").addEventListener("click", () => {
    chrome.runtime.openOptionsPage();
    window.close();
  });
}

localizePage();
wireControls();
await Promise.all([showPageGuidance(), refreshStatus(), showAboutTo()]);
