// The user's settings: defaults, the merge managed > sync > defaults, and the checks the
// options page runs on what a user types. Pure; errors are i18n message keys.

import { PatternError, parsePattern } from "./matcher.js";
import { DISPLAYS, FREQUENCIES } from "./frequency.js";
import { MAX_CHECK_HOURS, MIN_CHECK_HOURS } from "./sync-policy.js";
import { isTooBroad } from "./validate.js";

export const DEFAULT_PREFS = Object.freeze({
  serverUrl: "",
  // null: as the guidance service suggests (lib/sync-policy.js effectiveCheckHours).
  checkHours: null,
  jurisdictions: Object.freeze([]),
  // The profile ids that hold for the reader (answered yes, or not sure: a caution for
  // a profile the reader is unsure of still shows); null until asked. `profilesNotSure`
  // remembers which of them were "not sure", so the question shows the answer given.
  profiles: null,
  profilesNotSure: Object.freeze([]),
  frequency: "daily",
  display: "card",
  disabledSites: Object.freeze([]),
  customSites: Object.freeze([]),
});

export const MAX_SITE_NAME = 80;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x1f\x7f]/;
// Plain http is only for a guidance server on this very machine (development).
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// --- Reading stored prefs ----------------------------------------------------------------

const isStringList = (value) => Array.isArray(value) && value.every((v) => typeof v === "string");

function customSite(site) {
  return (
    site !== null &&
    typeof site === "object" &&
    typeof site.id === "string" &&
    typeof site.name === "string" &&
    isStringList(site.patterns) &&
    isStringList(site.categories)
  );
}

/** A list of ids, each once; the ones not shaped like an id are dropped. */
function idList(value) {
  if (!isStringList(value)) return undefined;
  return [...new Set(value.filter((id) => ID_PATTERN.test(id)))];
}

/** Each pref's check: the clean value, or undefined to fall back to the layer below. */
const READERS = {
  serverUrl(value) {
    const checked = validateServerUrl(value);
    return checked.ok ? checked.url : undefined;
  },
  checkHours(value) {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return Math.min(MAX_CHECK_HOURS, Math.max(MIN_CHECK_HOURS, value));
  },
  jurisdictions: idList,
  profiles: idList,
  profilesNotSure: idList,
  frequency: (value) => (FREQUENCIES.includes(value) ? value : undefined),
  display: (value) => (DISPLAYS.includes(value) ? value : undefined),
  disabledSites: (value) => (isStringList(value) ? [...new Set(value)] : undefined),
  customSites: (value) => (Array.isArray(value) ? value.filter(customSite) : undefined),
};

/**
 * The prefs in force: for each key a valid managed (policy) value, else a valid synced
 * value, else the default. `managedKeys` lists the keys a policy fixed, for the options
 * page to lock.
 */
export function effectivePrefs(syncPrefs, managed) {
  const prefs = {};
  const managedKeys = [];
  for (const [key, fallback] of Object.entries(DEFAULT_PREFS)) {
    const fromPolicy = managed?.[key] === undefined ? undefined : READERS[key](managed[key]);
    const fromSync = syncPrefs?.[key] === undefined ? undefined : READERS[key](syncPrefs[key]);
    if (fromPolicy !== undefined) managedKeys.push(key);
    const value = fromPolicy ?? fromSync ?? fallback;
    prefs[key] = Array.isArray(value) ? [...value] : value;
  }
  return { prefs, managedKeys };
}

// --- Checking what a user types ----------------------------------------------------------

/**
 * A guidance server address: `https:` for any host, `http:` only for this machine; no
 * credentials, query or fragment. `{ok: true, url}` with the origin and path without a
 * trailing slash ('' means no server: bundled guidance only), or `{ok: false, error}`.
 */
export function validateServerUrl(url) {
  if (typeof url !== "string") return { ok: false, error: "errorServerUrlInvalid" };
  const text = url.trim();
  if (text === "") return { ok: true, url: "" };
  let parsed;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, error: "errorServerUrlInvalid" };
  }
  const local = parsed.protocol === "http:" && LOCAL_HOSTS.has(parsed.hostname);
  if (parsed.protocol === "http:" && !local) return { ok: false, error: "errorServerUrlInsecure" };
  if (parsed.protocol !== "https:" && !local) return { ok: false, error: "errorServerUrlScheme" };
  if (parsed.username || parsed.password) return { ok: false, error: "errorServerUrlCredentials" };
  // `search` and `hash` are empty for a bare '?' or '#', so look at the text as well.
  if (parsed.search || parsed.hash || /[?#]/.test(text)) {
    return { ok: false, error: "errorServerUrlQuery" };
  }
  return { ok: true, url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}` };
}

function slug(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

function uniqueId(base, taken) {
  if (!taken.has(base)) return base;
  let number = 2;
  while (taken.has(`${base}-${number}`)) number += 1;
  return `${base}-${number}`;
}

function checkName(name) {
  const text = typeof name === "string" ? name.trim() : "";
  if (text === "") return { error: "errorSiteNameRequired" };
  if (CONTROL.test(text)) return { error: "errorSiteNameInvalid" };
  if ([...text].length > MAX_SITE_NAME) return { error: "errorSiteNameTooLong" };
  return { value: text };
}

// Mistakes people make often get a message that says exactly what to change.
const PATTERN_ERRORS = Object.freeze({
  port: "errorPatternPort",
  "missing-path": "errorPatternMissingPath",
});

function checkPattern(pattern, existingSites) {
  const text = typeof pattern === "string" ? pattern.trim() : "";
  if (text === "") return { error: "errorPatternRequired" };
  let parsed;
  try {
    parsed = parsePattern(text);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return { error: PATTERN_ERRORS[error.kind] ?? "errorPatternInvalid", kind: error.kind };
  }
  if (isTooBroad(parsed)) return { error: "errorPatternTooBroad" };
  if (existingSites.some((site) => site.patterns?.includes(text))) {
    return { error: "errorPatternDuplicate" };
  }
  return { value: text, parsed };
}

function checkCategories(categoryIds, taxonomy) {
  const ids = Array.isArray(categoryIds) ? [...new Set(categoryIds)] : [];
  if (ids.length === 0) return { error: "errorCategoriesRequired" };
  const known = new Set(taxonomy.categories.map((category) => category.id));
  if (!ids.every((id) => known.has(id))) return { error: "errorCategoryUnknown" };
  return { value: ids };
}

/**
 * A custom site from the options form: `{ok: true, site: {id, name, patterns,
 * categories}}`, or `{ok: false, errors: {name?, pattern?, categoryIds?}}` with i18n keys
 * (plus `patternKind`, matcher.js's PatternError kind, for a pattern that does not parse).
 * Patterns as broad as the taxonomy validator refuses are refused here too. The id is
 * `custom-` + a slug of the name, unique among `existingSites` and the taxonomy's sites.
 */
export function validateCustomSite({ name, pattern, categoryIds }, taxonomy, existingSites = []) {
  const checks = {
    name: checkName(name),
    pattern: checkPattern(pattern, existingSites),
    categoryIds: checkCategories(categoryIds, taxonomy),
  };
  const errors = {};
  for (const [field, check] of Object.entries(checks)) {
    if (check.error) errors[field] = check.error;
  }
  if (Object.keys(errors).length) {
    const result = { ok: false, errors };
    if (checks.pattern.kind) result.patternKind = checks.pattern.kind;
    return result;
  }
  const base = `custom-${slug(checks.name.value) || slug(checks.pattern.parsed.host) || "site"}`;
  const taken = new Set([...existingSites, ...taxonomy.sites].map((site) => site.id));
  return {
    ok: true,
    site: {
      id: uniqueId(base, taken),
      name: checks.name.value,
      patterns: [checks.pattern.value],
      categories: checks.categoryIds.value,
    },
  };
}

// --- Host permissions --------------------------------------------------------------------

/** True when permission for `wide` already covers every URL `narrow` can match. */
function covers(wide, narrow) {
  if (wide.scheme !== "*" && wide.scheme !== narrow.scheme) return false;
  if (wide.host === narrow.host) return wide.matchSubdomains || !narrow.matchSubdomains;
  return wide.matchSubdomains && narrow.host.endsWith(`.${wide.host}`);
}

/**
 * The origins to ask `chrome.permissions.request` for so that these patterns can match:
 * `scheme://host/*` per pattern (browsers ignore the path of a host permission), without
 * repeats or origins another one covers. Unparseable and too-broad patterns are skipped.
 */
export function permissionOrigins(patterns) {
  const parsed = [];
  for (const raw of patterns ?? []) {
    try {
      const pattern = parsePattern(raw);
      if (!isTooBroad(pattern)) parsed.push(pattern);
    } catch (error) {
      // A pattern that does not parse matches nothing, so it needs no permission.
      if (!(error instanceof PatternError)) throw error;
    }
  }
  const kept = parsed.filter(
    (pattern, index) =>
      !parsed.some(
        (other, otherIndex) =>
          otherIndex !== index &&
          covers(other, pattern) &&
          (!covers(pattern, other) || otherIndex < index),
      ),
  );
  const origins = kept.map(
    (pattern) => `${pattern.scheme}://${pattern.matchSubdomains ? "*." : ""}${pattern.host}/*`,
  );
  return [...new Set(origins)];
}
