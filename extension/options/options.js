// The options page: guidance server and check interval, jurisdictions, the profile
// questions (as the welcome page asks them), how often and how reminders show, the
// user's own sites (with their host permission), sites where the card
// is off, sites waiting for permission, and reset. Prefs travel through the worker's
// messages; the checks on what the user types are the ones lib/prefs.js gives the worker.

import { profileAnswers, profilesOf } from "../lib/first-run.js";
import { permissionOrigins, validateCustomSite, validateServerUrl } from "../lib/prefs.js";
import { DEFAULT_CHECK_HOURS } from "../lib/sync-policy.js";
import { ask, clear, el, joinList, localizePage, t } from "../ui/page-text.js";
import { frequencyChoices, profileQuestions, readProfileAnswers } from "../ui/practice-fields.js";

// The check intervals offered (hours), each with the message key of its label.
const CHECK_HOURS_KEYS = Object.freeze({
  1: "checkEveryHour",
  3: "checkEvery3Hours",
  6: "checkEvery6Hours",
  12: "checkEvery12Hours",
  24: "checkDaily",
  72: "checkEvery3Days",
  168: "checkWeekly",
});
// Each pref the form edits: its controls (locked when managed), the one control that
// can carry aria-invalid (groups of boxes cannot), and where its error goes.
const FORM_FIELDS = Object.freeze({
  serverUrl: {
    controls: () => [byId("server-url")],
    input: "server-url",
    error: "server-url-error",
  },
  checkHours: {
    controls: () => [byId("check-hours")],
    input: "check-hours",
    error: "check-hours-error",
  },
  jurisdictions: {
    controls: () => [...byId("jurisdictions").querySelectorAll("input")],
    error: "jurisdictions-error",
  },
  profiles: {
    controls: () => [...byId("profile-questions").querySelectorAll("input")],
    error: "profiles-error",
  },
  frequency: {
    controls: () => [...document.querySelectorAll("input[name=frequency]")],
    error: "frequency-error",
  },
  display: {
    controls: () => [...document.querySelectorAll("input[name=display]")],
    error: "display-error",
  },
});
const CUSTOM_FIELDS = Object.freeze({
  name: { input: "custom-name", error: "custom-name-error" },
  pattern: { input: "custom-pattern", error: "custom-pattern-error" },
  categoryIds: { input: "custom-category", error: "custom-category-error" },
});

// What the page last heard from the worker; refreshed after every change.
const state = {
  prefs: null,
  managedKeys: [],
  groups: [],
  jurisdictions: [],
  profiles: [],
  // How often the guidance service says to check (the "as suggested" choice).
  suggestedHours: DEFAULT_CHECK_HOURS,
};

function byId(id) {
  return document.getElementById(id);
}

/** Put text in a live region, cleared first so the same words are announced again. */
function announce(id, text) {
  const region = byId(id);
  region.textContent = "";
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

/** An error as text: the worker sends sentences, lib/prefs.js message keys. */
function errorText(value) {
  return chrome.i18n.getMessage(value) || String(value);
}

/** Show (or clear, with "") a field's error; `inputId` names the control marked invalid. */
function setFieldError(inputId, errorId, text) {
  byId(errorId).textContent = text;
  const input = inputId ? byId(inputId) : null;
  if (input && text) input.setAttribute("aria-invalid", "true");
  else input?.removeAttribute("aria-invalid");
}

/**
 * Save prefs through the worker, which merges them into the stored ones. It checks the
 * server address on every save, so the current one always goes along.
 */
function savePrefs(changes) {
  return ask({ type: "save-prefs", prefs: { serverUrl: state.prefs.serverUrl, ...changes } });
}

// --- Filling the form ----------------------------------------------------------------------

function fillCheckHours(current) {
  const select = clear(byId("check-hours"));
  // No interval of one's own (null): as often as the guidance service says.
  select.append(
    el("option", {
      text: t("checkAsSuggested", [String(state.suggestedHours)]),
      attrs: { value: "" },
    }),
  );
  // A value set by policy or an older version keeps its place among the offered ones.
  const offered = Object.keys(CHECK_HOURS_KEYS).map(Number);
  const own = Number.isFinite(current) ? [current] : [];
  const choices = [...new Set([...offered, ...own])].sort((a, b) => a - b);
  for (const hours of choices) {
    const text =
      hours in CHECK_HOURS_KEYS
        ? t(CHECK_HOURS_KEYS[hours])
        : t("checkEveryHours", [String(hours)]);
    select.append(el("option", { text, attrs: { value: hours } }));
  }
  select.value = own.length ? String(current) : "";
}

/** One checkbox per jurisdiction; a country's regions in a group under it. */
function jurisdictionChoice(jurisdiction, selected) {
  const id = `jurisdiction-${jurisdiction.id}`;
  const box = el("input", {
    id,
    attrs: { type: "checkbox", name: "jurisdictions", value: jurisdiction.id },
  });
  box.checked = selected.includes(jurisdiction.id);
  const label = el("label", { attrs: { for: id } }, [box, el("span", { text: jurisdiction.name })]);
  const regions = jurisdiction.regions ?? [];
  if (regions.length === 0) return [label];
  const group = el(
    "div",
    { className: "choices-regions", attrs: { role: "group", "aria-label": jurisdiction.name } },
    regions.flatMap((region) => jurisdictionChoice(region, selected)),
  );
  return [label, group];
}

function fillJurisdictions(selected) {
  const list = clear(byId("jurisdiction-list"));
  for (const jurisdiction of state.jurisdictions) {
    list.append(...jurisdictionChoice(jurisdiction, selected));
  }
}

/** The guidance's profile questions, answered as the prefs say (the welcome page's too). */
function fillProfiles(prefs) {
  byId("profiles-section").hidden = state.profiles.length === 0;
  const answers = profileAnswers(prefs.profiles, prefs.profilesNotSure, state.profiles);
  clear(byId("profile-questions")).append(...profileQuestions(state.profiles, answers));
}

function fillCategories() {
  const select = clear(byId("custom-category"));
  select.append(el("option", { text: t("optionsCustomCategoryChoose"), attrs: { value: "" } }));
  for (const group of state.groups) {
    const options = (group.categories ?? []).map((category) =>
      el("option", { text: category.name, attrs: { value: category.id } }),
    );
    select.append(el("optgroup", { attrs: { label: group.name } }, options));
  }
}

function checkRadio(name, value) {
  for (const radio of document.querySelectorAll(`input[name=${name}]`))
    radio.checked = radio.value === value;
}

/** Lock what an organisation's policy sets, with a note saying so. */
function applyManaged() {
  for (const [key, field] of Object.entries(FORM_FIELDS)) {
    const managed = state.managedKeys.includes(key);
    for (const control of field.controls()) control.disabled = managed;
    const note = document.querySelector(`[data-managed="${key}"]`);
    if (note) note.hidden = !managed;
  }
}

function fillForm() {
  const prefs = state.prefs;
  byId("server-url").value = prefs.serverUrl ?? "";
  fillCheckHours(prefs.checkHours);
  fillJurisdictions(prefs.jurisdictions ?? []);
  fillProfiles(prefs);
  checkRadio("frequency", prefs.frequency);
  checkRadio("display", prefs.display);
  applyManaged();
  renderCustomSites();
}

// --- Saving the form -----------------------------------------------------------------------

function readForm() {
  // No questions in this guidance: the answers stored for another are left alone.
  const profiles = state.profiles.length
    ? profilesOf(readProfileAnswers(byId("profile-questions"), state.profiles))
    : {};
  return {
    ...profiles,
    serverUrl: byId("server-url").value.trim(),
    checkHours: byId("check-hours").value === "" ? null : Number(byId("check-hours").value),
    jurisdictions: [...byId("jurisdictions").querySelectorAll("input:checked")].map(
      (box) => box.value,
    ),
    frequency:
      document.querySelector("input[name=frequency]:checked")?.value ?? state.prefs.frequency,
    display: document.querySelector("input[name=display]:checked")?.value ?? state.prefs.display,
  };
}

function clearFormErrors() {
  for (const field of Object.values(FORM_FIELDS)) setFieldError(field.input, field.error, "");
}

/** Show each error next to its field; return what no field could show. */
function showFormErrors(errors) {
  const unplaced = [];
  for (const [key, message] of Object.entries(errors ?? {})) {
    const field = FORM_FIELDS[key];
    if (field) setFieldError(field.input, field.error, errorText(message));
    else unplaced.push(errorText(message));
  }
  return unplaced;
}

async function onSave(event) {
  event.preventDefault();
  if (!state.prefs) return; // still loading
  clearFormErrors();
  const values = readForm();
  const server = validateServerUrl(values.serverUrl);
  if (!server.ok) {
    showFormErrors({ serverUrl: server.error });
    announce("saved", t("optionsNotSaved"));
    // The user just pressed Save: take them to what needs fixing.
    byId("server-url").focus();
    return;
  }
  const answer = await savePrefs({ ...values, serverUrl: server.url });
  if (!answer.ok) {
    const unplaced = showFormErrors(answer.errors);
    announce("saved", [t("optionsNotSaved"), ...unplaced, answer.error].filter(Boolean).join(" "));
    return;
  }
  takePrefs(answer);
  fillForm();
  announce("saved", t("optionsSaved"));
}

function takePrefs(answer) {
  state.prefs = answer.prefs;
  state.managedKeys = answer.managedKeys ?? state.managedKeys;
}

// --- Custom sites --------------------------------------------------------------------------

function categoryName(id) {
  for (const group of state.groups) {
    const found = (group.categories ?? []).find((category) => category.id === id);
    if (found) return found.name;
  }
  return id;
}

/** Enough of the taxonomy for lib/prefs.js to check a custom site: categories and site ids. */
function catalogueAsTaxonomy() {
  const categories = state.groups.flatMap((group) => group.categories ?? []);
  const sites = categories.flatMap((category) => category.sites ?? []);
  return { categories, sites };
}

function renderCustomSites() {
  const host = clear(byId("custom-sites"));
  const sites = state.prefs.customSites ?? [];
  if (sites.length === 0) {
    host.append(el("li", { className: "muted", text: t("optionsCustomNone") }));
    return;
  }
  for (const site of sites) {
    const remove = el("button", {
      text: t("optionsRemove"),
      attrs: { type: "button", "aria-label": t("optionsRemoveLabel", [site.name]) },
    });
    remove.addEventListener("click", () => removeCustomSite(site));
    const details = el("span", { className: "site-details" }, [
      el("strong", { text: site.name }),
      el("code", { text: (site.patterns ?? []).join(" ") }),
      el("span", { className: "muted", text: joinList((site.categories ?? []).map(categoryName)) }),
    ]);
    host.append(el("li", {}, [details, remove]));
  }
}

function clearCustomErrors() {
  for (const field of Object.values(CUSTOM_FIELDS)) setFieldError(field.input, field.error, "");
  clear(byId("custom-errors"));
}

/** Errors next to their fields, and the same list as a summary under the Add button. */
function showCustomErrors(errors, general) {
  const messages = [];
  for (const [key, value] of Object.entries(errors ?? {})) {
    const field = CUSTOM_FIELDS[key];
    const text = errorText(value);
    if (field) setFieldError(field.input, field.error, text);
    messages.push(text);
  }
  if (general) messages.push(general);
  const summary = clear(byId("custom-errors"));
  if (messages.length === 0) return;
  summary.append(
    el("p", { text: t("optionsCustomNotAdded") }),
    el(
      "ul",
      {},
      messages.map((text) => el("li", { text })),
    ),
  );
}

function readCustomForm() {
  const category = byId("custom-category").value;
  return {
    name: byId("custom-name").value,
    pattern: byId("custom-pattern").value,
    categoryIds: category ? [category] : [],
  };
}

function onAddCustom() {
  if (!state.prefs) return; // still loading
  clearCustomErrors();
  const checked = validateCustomSite(
    readCustomForm(),
    catalogueAsTaxonomy(),
    state.prefs.customSites ?? [],
  );
  if (!checked.ok) {
    showCustomErrors(checked.errors);
    return;
  }
  // Browsers grant a permission request only while handling the user's click, so it is
  // made here, before anything is awaited. The site is saved whatever the answer: until
  // permission comes it waits under "Sites waiting for permission".
  const request = chrome.permissions.request({ origins: permissionOrigins(checked.site.patterns) });
  addCustomSite(checked.site, request);
}

async function addCustomSite(site, request) {
  const answer = await savePrefs({ customSites: [...(state.prefs.customSites ?? []), site] });
  if (!answer.ok) {
    showCustomErrors(answer.errors, answer.error);
    return;
  }
  takePrefs(answer);
  renderCustomSites();
  for (const field of Object.values(CUSTOM_FIELDS)) byId(field.input).value = "";
  announce("custom-message", t("optionsCustomAdded", [site.name]));
  await refreshPending();
  const granted = await request.catch((error) => {
    console.warn("Digital Practice Guide: permission request failed:", error.message);
    return false;
  });
  if (granted) await refreshPending();
  else announce("custom-message", t("optionsCustomAddedNoPermission", [site.name]));
}

async function removeCustomSite(site) {
  const customSites = (state.prefs.customSites ?? []).filter((item) => item.id !== site.id);
  const answer = await savePrefs({ customSites });
  if (!answer.ok) {
    showCustomErrors(answer.errors, answer.error);
    return;
  }
  takePrefs(answer);
  renderCustomSites();
  // The row and its button are gone: keep the keyboard in this section.
  byId("custom-title").setAttribute("tabindex", "-1");
  byId("custom-title").focus();
  announce("custom-message", t("optionsCustomRemoved", [site.name]));
  await refreshPending();
}

// --- Disabled sites and pending permissions ----------------------------------------------

function siteRow(name, buttonText, buttonLabel, onClick) {
  const action = el("button", {
    text: buttonText,
    attrs: { type: "button", "aria-label": buttonLabel },
  });
  action.addEventListener("click", onClick);
  return el("li", {}, [el("span", { text: name }), action]);
}

function renderDisabledSites(sites) {
  const host = clear(byId("disabled-sites"));
  if (sites.length === 0) host.append(el("li", { className: "muted", text: t("disabledNone") }));
  for (const site of sites) {
    host.append(
      siteRow(site.name, t("undoLabel"), t("undoDisableLabel", [site.name]), () =>
        undoDisable(site),
      ),
    );
  }
}

async function refreshDisabled() {
  const answer = await ask({ type: "status" });
  renderDisabledSites(answer.ok ? (answer.status.disabledSites ?? []) : []);
}

async function undoDisable(site) {
  const answer = await ask({ type: "undo-disable", siteId: site.id });
  if (!answer.ok) return;
  renderDisabledSites(answer.status?.disabledSites ?? []);
  byId("disabled-title").focus();
}

function renderPending(sites) {
  const host = clear(byId("pending-sites"));
  if (sites.length === 0)
    host.append(el("li", { className: "muted", text: t("optionsPendingNone") }));
  for (const site of sites) {
    host.append(
      siteRow(site.name, t("optionsGrant"), t("optionsGrantLabel", [site.name]), () => grant(site)),
    );
  }
}

async function refreshPending() {
  const answer = await ask({ type: "pending-permissions" });
  renderPending(answer.ok ? (answer.sites ?? []) : []);
}

/** Click handler: the permission request must come first, before any await. */
function grant(site) {
  const request = chrome.permissions.request({ origins: permissionOrigins(site.patterns) });
  request
    .catch((error) =>
      console.warn("Digital Practice Guide: permission request failed:", error.message),
    )
    .then(refreshPending)
    .then(() => byId("pending-title").focus());
}

// --- Reset and start-up --------------------------------------------------------------------

async function onReset() {
  const answer = await ask({ type: "reset-prefs" });
  if (!answer.ok) {
    announce("reset-message", t("errorGeneric", [answer.error]));
    return;
  }
  takePrefs(answer);
  clearFormErrors();
  clearCustomErrors();
  fillForm();
  await Promise.all([refreshDisabled(), refreshPending()]);
  // Sections in modules of their own (site-uses.js) show their cleared state too.
  document.dispatchEvent(new CustomEvent("dpg-reset"));
  announce("reset-message", t("optionsResetDone"));
}

async function load() {
  const [prefs, catalogue, status] = await Promise.all([
    ask({ type: "get-prefs" }),
    ask({ type: "catalogue" }),
    ask({ type: "status" }),
  ]);
  if (!prefs.ok) {
    announce("saved", t("errorGeneric", [prefs.error]));
    return;
  }
  takePrefs(prefs);
  state.suggestedHours = status.ok ? status.status.suggestedCheckHours : DEFAULT_CHECK_HOURS;
  state.groups = catalogue.ok ? (catalogue.groups ?? []) : [];
  state.jurisdictions = catalogue.ok ? (catalogue.jurisdictions ?? []) : [];
  state.profiles = catalogue.ok ? (catalogue.profiles ?? []) : [];
  fillCategories();
  fillForm();
  await Promise.all([refreshDisabled(), refreshPending()]);
}

localizePage();
byId("frequency-choices").append(...frequencyChoices());
byId("prefs-form").addEventListener("submit", onSave);
byId("custom-add").addEventListener("click", onAddCustom);
byId("reset").addEventListener("click", onReset);
await load();
