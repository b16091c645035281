// The welcome page, opened once on install: where the reader practises (a country, then
// a region where the guidance has regional rules), the guidance's profile questions, how
// often cards appear and, unless an organisation's policy sets it, the guidance server.
// Every answer has a default and may be skipped; what a policy sets is shown locked.
// Answers are stored with the other prefs, through the worker, as the options page does.

import { jurisdictionsOf, placeOf, profileAnswers, profilesOf } from "../lib/first-run.js";
import { validateServerUrl } from "../lib/prefs.js";
import { ask, clear, el, joinList, localizePage, t } from "../ui/page-text.js";
import { frequencyChoices, profileQuestions, readProfileAnswers } from "../ui/practice-fields.js";

// What the page last heard from the worker.
const state = { prefs: null, managedKeys: [], jurisdictions: [], profiles: [] };

function byId(id) {
  return document.getElementById(id);
}

function managed(key) {
  return state.managedKeys.includes(key);
}

/** Put text in the live region, cleared first so the same words are announced again. */
function announce(text) {
  const region = byId("saved");
  region.textContent = "";
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

// --- Where you practise -------------------------------------------------------------------

function countryOf(id) {
  return state.jurisdictions.find((country) => country.id === id);
}

function fillCountries(selected) {
  const select = clear(byId("country"));
  select.append(el("option", { text: t("welcomeCountryNone"), attrs: { value: "" } }));
  for (const country of state.jurisdictions) {
    select.append(el("option", { text: country.name, attrs: { value: country.id } }));
  }
  select.value = selected;
}

/** The region choice, offered only for a country whose guidance has regional rules. */
function fillRegions(countryId, selected) {
  const regions = countryOf(countryId)?.regions ?? [];
  const select = clear(byId("region"));
  select.append(el("option", { text: t("welcomeRegionNone"), attrs: { value: "" } }));
  for (const region of regions) {
    select.append(el("option", { text: region.name, attrs: { value: region.id } }));
  }
  select.value = selected;
  byId("region-field").hidden = regions.length === 0;
}

function namesOf(ids) {
  const names = new Map();
  for (const country of state.jurisdictions) {
    names.set(country.id, country.name);
    for (const region of country.regions ?? []) names.set(region.id, region.name);
  }
  return ids.map((id) => names.get(id) ?? id);
}

function fillPlace() {
  const chosen = state.prefs.jurisdictions ?? [];
  const place = placeOf(chosen, state.jurisdictions);
  fillCountries(place.country);
  fillRegions(place.country, place.region);
  const several = byId("place-several");
  several.hidden = !place.several;
  several.textContent = place.several ? t("welcomePlaceSeveral", [joinList(namesOf(chosen))]) : "";
  const locked = managed("jurisdictions");
  byId("country").disabled = locked;
  byId("region").disabled = locked;
  byId("place-managed").hidden = !locked;
}

// --- Profiles, frequency, server --------------------------------------------------------------

function fillProfiles() {
  const questions = state.profiles;
  byId("profiles-section").hidden = questions.length === 0;
  const answers = profileAnswers(state.prefs.profiles, state.prefs.profilesNotSure, questions);
  const host = clear(byId("profile-questions"));
  host.append(...profileQuestions(questions, answers));
  const locked = managed("profiles");
  for (const radio of host.querySelectorAll("input")) radio.disabled = locked;
  byId("profiles-managed").hidden = !locked;
}

function fillFrequency() {
  const locked = managed("frequency");
  for (const radio of document.querySelectorAll("input[name=frequency]")) {
    radio.checked = radio.value === state.prefs.frequency;
    radio.disabled = locked;
  }
  byId("frequency-managed").hidden = !locked;
}

function fillServer() {
  // A server set by policy is not the reader's to choose: the question is not asked.
  byId("server-section").hidden = managed("serverUrl");
  byId("server-url").value = state.prefs.serverUrl ?? "";
}

function fillForm() {
  fillPlace();
  fillProfiles();
  fillFrequency();
  fillServer();
}

// --- Saving --------------------------------------------------------------------------------

/** The answers to store: only what the reader may change (policy settles the rest). */
function readAnswers() {
  const answers = {};
  if (!managed("jurisdictions") && byId("place-several").hidden) {
    answers.jurisdictions = jurisdictionsOf({
      country: byId("country").value,
      region: byId("region-field").hidden ? "" : byId("region").value,
    });
  }
  if (!managed("profiles") && state.profiles.length) {
    Object.assign(
      answers,
      profilesOf(readProfileAnswers(byId("profile-questions"), state.profiles)),
    );
  }
  if (!managed("frequency")) {
    answers.frequency =
      document.querySelector("input[name=frequency]:checked")?.value ?? state.prefs.frequency;
  }
  if (!managed("serverUrl")) answers.serverUrl = byId("server-url").value.trim();
  return answers;
}

function setServerError(text) {
  byId("server-url-error").textContent = text;
  if (text) byId("server-url").setAttribute("aria-invalid", "true");
  else byId("server-url").removeAttribute("aria-invalid");
}

async function onSave(event) {
  event.preventDefault();
  if (!state.prefs) return; // still loading
  setServerError("");
  const answers = readAnswers();
  if ("serverUrl" in answers) {
    const server = validateServerUrl(answers.serverUrl);
    if (!server.ok) {
      setServerError(t(server.error));
      announce(t("optionsNotSaved"));
      byId("server-url").focus();
      return;
    }
    answers.serverUrl = server.url;
  }
  const answer = await ask({ type: "save-prefs", prefs: answers });
  if (!answer.ok) {
    if (answer.errors?.serverUrl) setServerError(answer.errors.serverUrl);
    announce([t("optionsNotSaved"), answer.error].filter(Boolean).join(" "));
    return;
  }
  state.prefs = answer.prefs;
  state.managedKeys = answer.managedKeys ?? state.managedKeys;
  fillForm();
  byId("after-save").hidden = false;
  announce(t("welcomeSaved"));
}

/** "Skip for now": nothing is stored, the defaults stay; the tab closes. */
async function onSkip() {
  const tab = await chrome.tabs.getCurrent();
  if (tab?.id !== undefined) await chrome.tabs.remove(tab.id);
  else window.close();
}

async function load() {
  const [prefs, catalogue] = await Promise.all([
    ask({ type: "get-prefs" }),
    ask({ type: "catalogue" }),
  ]);
  if (!prefs.ok) {
    announce(t("errorGeneric", [prefs.error]));
    return;
  }
  state.prefs = prefs.prefs;
  state.managedKeys = prefs.managedKeys ?? [];
  state.jurisdictions = catalogue.ok ? (catalogue.jurisdictions ?? []) : [];
  state.profiles = catalogue.ok ? (catalogue.profiles ?? []) : [];
  fillForm();
  document.body.dataset.ready = "true";
}

localizePage();
byId("frequency-choices").append(...frequencyChoices());
byId("welcome-form").addEventListener("submit", onSave);
byId("skip").addEventListener("click", onSkip);
byId("country").addEventListener("change", () => fillRegions(byId("country").value, ""));
byId("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
await load();
