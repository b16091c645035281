// Validates a downloaded taxonomy whole, so that the extension accepts exactly the
// documents the service publishes and rejects the rest entirely. The format is defined
// once, in shared/: its JSON Schema and its rules table, bundled as lib/taxonomy-schema.js
// and read here by lib/json-schema.js and lib/taxonomy-rules.js. This module adds only
// what those files name but cannot define: the date and URL formats as the service reads
// them, and the match patterns (with the extension's own matcher), excludes included.
//
// Problems carry the service's paths (`categories[3].cautions[1]`), in its order; the
// messages are the extension's own. tests/test_validate_js.py compares both on many
// documents, and both run shared/validation-cases.json. Pure: no chrome.*, DOM or fetch.

import { isIsoDateTime, isoDayNumber } from "./dates.js";
import { compile, isPlainObject } from "./json-schema.js";
import { PatternError, hostContains, parsePattern } from "./matcher.js";
import { TAXONOMY_RULES, TAXONOMY_SCHEMA } from "./taxonomy-schema.js";
import { ruleProblems } from "./taxonomy-rules.js";

export { isIsoDateTime, isoDayNumber };
export const SCHEMA_VERSION = TAXONOMY_SCHEMA.properties.schema_version.enum[0];
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const REQUIRED_GROUPS = Object.freeze([...TAXONOMY_RULES.required_ids.groups]);
export const REQUIRED_CATEGORIES = Object.freeze([...TAXONOMY_RULES.required_ids.categories]);
export const SEVERITIES = Object.freeze([
  ...TAXONOMY_SCHEMA.$defs.Caution.properties.severity.enum,
]);
export const STAGES = Object.freeze([...TAXONOMY_SCHEMA.$defs.Caution.properties.stage.items.enum]);
export const FORCES = Object.freeze([...TAXONOMY_SCHEMA.$defs.Caution.properties.force.enum]);

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
// Python's str.isspace(), which marshmallow's URL validator's `\s` uses.
const PY_SPACE =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680" +
  "\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

// --- URLs as marshmallow's URL validator reads them (schemes https, TLD required) -------

const LETTERS = "\\u00a1-\\uffff";
const DIGIT = "\\p{Nd}"; // Python's \d matches every Unicode decimal digit
const DOMAIN =
  `(?:[A-Z0-9${LETTERS}](?:[A-Z0-9${LETTERS}-]{0,61}[A-Z0-9${LETTERS}])?\\.)+` +
  `(?:[A-Z${LETTERS}]{2,6}\\.?|[A-Z0-9${LETTERS}-]{2,}\\.?)`;
const IPV4 = `${DIGIT}{1,3}\\.${DIGIT}{1,3}\\.${DIGIT}{1,3}\\.${DIGIT}{1,3}`;
const HOST = `${DOMAIN}|localhost|${IPV4}|\\[[A-F0-9]*:[A-F0-9:]+\\]`;
const URL_SHAPE = new RegExp(
  "^(?:[a-z0-9.\\-+]*)://(?:(?:[a-z0-9\\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?" +
    `(?:${HOST})(?::${DIGIT}+)?(?:/?|[/?#][^${PY_SPACE}]+)$`,
  "iu",
);

function isHttpsUrlShape(value) {
  if (!value) return false;
  const separator = value.indexOf("://");
  if (separator >= 0 && value.slice(0, separator).toLowerCase() !== "https") return false;
  return URL_SHAPE.test(value);
}

// --- Patterns ----------------------------------------------------------------------------

/** True for a parsed pattern that matches every site or a whole top-level domain. */
export function isTooBroad(pattern) {
  return pattern.host === "*" || (pattern.matchSubdomains && !pattern.host.includes("."));
}

/** A site pattern's problem (as the service's MatchPatternField finds it), or null. */
function patternProblem(value) {
  let pattern;
  try {
    pattern = parsePattern(value);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return `Not a valid match pattern: ${error.message}`;
  }
  return isTooBroad(pattern) ? "Matches far too many sites; name a specific host." : null;
}

/** The parsed pattern, if `raw` is one the format accepts; else null. */
function usablePattern(raw) {
  if (typeof raw !== "string") return null;
  try {
    const pattern = parsePattern(raw);
    return isTooBroad(pattern) ? null : pattern;
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return null;
  }
}

/**
 * Excludes no pattern of their site covers (as the service's SiteSchema finds them):
 * only well-formed entries count, and nothing is said while a site has no usable pattern.
 */
function excludeProblems(document) {
  const { section, field, under } = TAXONOMY_RULES.exclude_patterns;
  const problems = [];
  const items = Array.isArray(document[section]) ? document[section] : [];
  items.forEach((item, index) => {
    if (!isPlainObject(item) || !Array.isArray(item[under]) || !Array.isArray(item[field])) {
      return;
    }
    const own = item[under].map(usablePattern).filter((pattern) => pattern !== null);
    if (own.length === 0) return;
    item[field].forEach((raw, position) => {
      const exclude = usablePattern(raw);
      if (exclude === null || own.some((pattern) => hostContains(pattern, exclude))) return;
      problems.push({
        path: `${section}[${index}].${field}[${position}]`,
        message: "Excludes addresses the site's own patterns do not cover: use one of their hosts.",
      });
    });
  });
  return problems;
}

const FORMATS = Object.freeze({
  date: (value) => (isoDayNumber(value) === null ? "Not a valid date." : null),
  url: (value) => (isHttpsUrlShape(value) ? null : "Not a valid URL."),
});

/** The patterns and excludes of a site (`sites[i].patterns[j]`, `sites[i].exclude[j]`). */
function extraCheck(keys) {
  const isPattern = [TAXONOMY_RULES.match_patterns, TAXONOMY_RULES.exclude_patterns].some(
    ({ section, field }) =>
      keys.length === 4 &&
      keys[0] === section &&
      typeof keys[1] === "number" &&
      keys[2] === field &&
      typeof keys[3] === "number",
  );
  return isPattern ? patternProblem : null;
}

const checkSchema = compile(TAXONOMY_SCHEMA, { formats: FORMATS, extra: extraCheck });

// --- Problems ----------------------------------------------------------------------------

/** Python's order (taxonomy._document_order): by section, item indexes, path, message. */
const SECTION_ORDER = [
  "schema_version",
  "meta",
  "jurisdictions",
  "groups",
  "categories",
  "cautions",
];

function orderKey({ path, message }) {
  const head = path.split(".")[0].split("[")[0];
  const rank = SECTION_ORDER.includes(head) ? SECTION_ORDER.indexOf(head) : SECTION_ORDER.length;
  const numbers = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return [rank, head, numbers, path, message];
}

/** Compare as Python compares tuples: item by item, a prefix first. */
function compareKeys(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = Array.isArray(a[i]) ? compareKeys(a[i], b[i]) : compareScalars(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareScalars(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every problem once, in document order, as `{ok: false, problems}`; or `{ok: true}`. */
function outcome(problems) {
  if (problems.length === 0) return { ok: true };
  const unique = new Map();
  for (const problem of problems) unique.set(`${problem.path}\u0000${problem.message}`, problem);
  const keyed = [...unique.values()].map((problem) => [orderKey(problem), problem]);
  keyed.sort((a, b) => compareKeys(a[0], b[0]));
  return { ok: false, problems: keyed.map(([, problem]) => problem) };
}

// --- Entry points ------------------------------------------------------------------------

function thousands(number) {
  return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `{ok: true}`, or `{ok: false, problems}` when `byteLength` is over `maxBytes`. */
export function checkSize(byteLength, maxBytes = MAX_DOCUMENT_BYTES) {
  if (Number.isFinite(byteLength) && byteLength >= 0 && byteLength <= maxBytes) return { ok: true };
  const message =
    `The document is ${thousands(byteLength)} bytes; ` + `the limit is ${thousands(maxBytes)}.`;
  return { ok: false, problems: [{ path: "", message }] };
}

/** Bytes of a string in UTF-8, without encoding it. */
function utf8Length(text) {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Validate a parsed taxonomy document: `{ok: true}` or `{ok: false, problems: [{path,
 * message}]}` with every problem at once. The compact JSON of the document must fit in
 * `maxBytes` (checked first, as the service checks the raw bytes before parsing).
 */
export function validateTaxonomy(document, { maxBytes = MAX_DOCUMENT_BYTES } = {}) {
  if (!isPlainObject(document)) {
    return { ok: false, problems: [{ path: "", message: "The document must be a JSON object." }] };
  }
  const size = checkSize(utf8Length(JSON.stringify(document)), maxBytes);
  if (!size.ok) return size;
  return outcome([
    ...checkSchema(document),
    ...excludeProblems(document),
    ...ruleProblems(document, TAXONOMY_RULES),
  ]);
}

const isString = (value) => typeof value === "string";

// The envelope's members: [name, test, message when the test fails].
const ENVELOPE_FIELDS = [
  ["version", (value) => Number.isInteger(value) && value >= 1, "Must be an integer of 1 or more."],
  ["sha256", (value) => isString(value) && SHA256_PATTERN.test(value), "Must be 64 hex digits."],
  ["published_at", isIsoDateTime, "Not a valid datetime."],
  ["author", isString, "Not a valid string."],
  ["change_note", isString, "Not a valid string."],
];

/**
 * Validate the body of `GET /api/v2/taxonomy`: `{version, sha256, published_at, author,
 * change_note, taxonomy}`. Unknown envelope members are allowed (newer servers may add
 * some); the taxonomy inside is validated strictly, its problems under `taxonomy.`.
 */
export function validateEnvelope(body, options = {}) {
  if (!isPlainObject(body)) {
    return { ok: false, problems: [{ path: "", message: "The response must be a JSON object." }] };
  }
  const problems = [];
  for (const [name, test, message] of ENVELOPE_FIELDS) {
    if (!Object.hasOwn(body, name)) problems.push({ path: name, message: "Missing data." });
    else if (!test(body[name])) problems.push({ path: name, message });
  }
  if (!Object.hasOwn(body, "taxonomy")) {
    problems.push({ path: "taxonomy", message: "Missing data." });
  } else {
    const inner = validateTaxonomy(body.taxonomy, options);
    for (const { path, message } of inner.problems ?? []) {
      problems.push({ path: path ? `taxonomy.${path}` : "taxonomy", message });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true };
}
