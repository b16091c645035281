// The welcome page's answers as prefs and back: where the reader practises (a country,
// then one of its regions) and the document's profile questions. Pure.

export const WELCOME_PAGE = "welcome/welcome.html";
export const PROFILE_ANSWERS = Object.freeze(["yes", "no", "not-sure"]);

/**
 * The welcome page opens on a fresh install only: not on an update, nor a browser start.
 * `welcomed` (a local flag, gone with the extension's storage when it is removed) keeps
 * it to once: Chromium reports "install" again each time it loads an unpacked copy from
 * the command line, storage and all.
 */
export function opensWelcome(reason, welcomed = false) {
  return reason === "install" && !welcomed;
}

/**
 * The country and region chosen, from stored jurisdictions and guidance.js's
 * `jurisdictionTree`: `{country, region}`, each an id or "" (none). Only a single choice
 * reads as one; several jurisdictions (chosen in the options page, or set by policy)
 * give `{country: "", region: "", several: true}`.
 */
export function placeOf(jurisdictions, tree) {
  const chosen = jurisdictions ?? [];
  if (chosen.length === 0) return { country: "", region: "", several: false };
  if (chosen.length > 1) return { country: "", region: "", several: true };
  const [id] = chosen;
  for (const country of tree ?? []) {
    if (country.id === id) return { country: id, region: "", several: false };
    if ((country.regions ?? []).some((region) => region.id === id)) {
      return { country: country.id, region: id, several: false };
    }
  }
  return { country: "", region: "", several: false };
}

/**
 * The jurisdictions for a country and region chosen: the region when there is one (its
 * country's cautions apply there too), else the country, else none (not asked).
 */
export function jurisdictionsOf({ country, region }) {
  if (region) return [region];
  if (country) return [country];
  return [];
}

/**
 * The answer shown for each profile question, from the prefs: `{[id]: "yes" | "no" |
 * "not-sure"}`. Not asked yet (null) reads as "not sure" for every question.
 */
export function profileAnswers(profiles, profilesNotSure, questions) {
  const holding = profiles === null || profiles === undefined ? null : new Set(profiles);
  const unsure = new Set(profilesNotSure ?? []);
  return Object.fromEntries(
    (questions ?? []).map(({ id }) => {
      if (holding === null || unsure.has(id)) return [id, "not-sure"];
      return [id, holding.has(id) ? "yes" : "no"];
    }),
  );
}

/**
 * The prefs for the answers given: `{profiles, profilesNotSure}`. A profile the reader
 * is not sure of counts as holding, so the cautions for it still show. When no question
 * was answered yes or no, nothing was asked in effect: `profiles` stays null.
 */
export function profilesOf(answers) {
  const entries = Object.entries(answers ?? {}).filter(([, answer]) =>
    PROFILE_ANSWERS.includes(answer),
  );
  if (!entries.some(([, answer]) => answer !== "not-sure")) {
    return { profiles: null, profilesNotSure: [] };
  }
  return {
    profiles: entries.filter(([, answer]) => answer !== "no").map(([id]) => id),
    profilesNotSure: entries.filter(([, answer]) => answer === "not-sure").map(([id]) => id),
  };
}
