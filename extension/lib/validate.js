// Validates a downloaded taxonomy whole, as server/taxonomy/schemas.py does, so that the extension
// accepts exactly the documents the service publishes and rejects the rest entirely.
//
// Problems carry the same paths and messages as Python's (`categories[3].cautions[1]:
// Unknown caution 'nope'.`); tests/test_validate_js.py runs both on the same documents.
// Pure: no chrome.*, no DOM, no fetch.

import { PatternError, parsePattern } from "./matcher.js";

export const SCHEMA_VERSION = 1;
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const REQUIRED_GROUPS = Object.freeze(["working-online", "digital-communication"]);
export const REQUIRED_CATEGORIES = Object.freeze([
  "telephone",
  "live-chat",
  "video",
  "email",
  "texting",
  "social-media",
  "online-resources",
  "calendar",
  "ai-assistants",
]);
export const MODES = Object.freeze(["synchronous", "asynchronous", "both"]);
export const SEVERITIES = Object.freeze(["high", "medium", "low"]);

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANGUAGE_PATTERN = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
// Python's str.isspace(), which `str.strip()` and `\s` use; String#trim differs from it.
const PY_SPACE =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680" +
  "\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const EDGE_SPACE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

const MESSAGES = Object.freeze({
  required: "Missing data for required field.",
  null: "Field may not be null.",
  unknown: "Unknown field.",
  object: "Invalid input type.",
  list: "Not a valid list.",
  string: "Not a valid string.",
  integer: "Not a valid integer.",
  date: "Not a valid date.",
  datetime: "Not a valid datetime.",
  url: "Not a valid URL.",
  blank: "Must not be blank.",
  control: "Must not contain control characters.",
  id: "Must be lower-case words joined by hyphens.",
  language: "Not a BCP 47 tag.",
  https: "Must be an https: address.",
  tooBroad: "Matches far too many sites; name a specific host.",
  reviewOrder: "Must be after the review date.",
  notObject: "The document must be a JSON object.",
  sha256: "Must be 64 lower-case hexadecimal digits.",
});

// --- Problems --------------------------------------------------------------------------

function fail(problems, path, message) {
  problems.push({ path, message });
  return false;
}

function join(path, key) {
  // marshmallow files schema-level errors under '_schema', which Python prints at the parent.
  if (key === "_schema") return path;
  return path ? `${path}.${key}` : key;
}

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

// --- Values ------------------------------------------------------------------------------

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Length in code points, as Python's len() counts (a surrogate pair is one). */
function codePoints(text) {
  const pairs = text.match(/[\ud800-\udbff][\udc00-\udfff]/g);
  return text.length - (pairs === null ? 0 : pairs.length);
}

/** marshmallow's Length message, or null when the size is within bounds. */
function lengthProblem(size, min, max) {
  const between = `Length must be between ${min} and ${max}.`;
  if (min !== undefined && size < min) {
    return max === undefined ? `Shorter than minimum length ${min}.` : between;
  }
  if (max !== undefined && size > max) {
    return min === undefined ? `Longer than maximum length ${max}.` : between;
  }
  return null;
}

function checkLength(size, min, max, path, problems) {
  const message = lengthProblem(size, min, max);
  return message === null || fail(problems, path, message);
}

// --- Dates -------------------------------------------------------------------------------

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_DATE_FORMS = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, "calendar"],
  [/^(\d{4})(\d{2})(\d{2})$/, "calendar"],
  [/^(\d{4})-W(\d{2})(?:-(\d))?$/, "week"],
  [/^(\d{4})W(\d{2})(\d)?$/, "week"],
];

function isLeap(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (no Date quirks for years < 100). */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** ISO weekday of a day number: Monday 1 ... Sunday 7 (1970-01-01 was a Thursday). */
function isoWeekday(days) {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/**
 * Days since 1970-01-01 for an ISO date as Python's `date.fromisoformat` (3.11+) reads it
 * (YYYY-MM-DD, YYYYMMDD and the week forms), or null.
 */
export function isoDayNumber(text) {
  if (typeof text !== "string") return null;
  for (const [form, kind] of ISO_DATE_FORMS) {
    const found = form.exec(text);
    if (found === null) continue;
    const [year, second, third] = found.slice(1).map((part) => Number(part ?? 1));
    if (year < 1) return null;
    return kind === "calendar" ? calendarDay(year, second, third) : weekDay(year, second, third);
  }
  return null;
}

function calendarDay(year, month, day) {
  if (month < 1 || month > 12) return null;
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day < 1 || day > last ? null : daysFromCivil(year, month, day);
}

function weekDay(year, week, day) {
  const janFirst = isoWeekday(daysFromCivil(year, 1, 1));
  const longYear = janFirst === 4 || (janFirst === 3 && isLeap(year));
  if (week < 1 || week > (longYear ? 53 : 52) || day < 1 || day > 7) return null;
  // 4 January is always in week 1.
  const janFourth = daysFromCivil(year, 1, 4);
  return janFourth - (isoWeekday(janFourth) - 1) + (week - 1) * 7 + (day - 1);
}

// date, then optionally T or space, hh[:mm[:ss[.ffffff]]] and Z or +hh:mm
const ISO_DATETIME = new RegExp(
  "^(\\d{4}-\\d{2}-\\d{2})" +
    "(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,6})?)?)?(Z|[+-]\\d{2}:\\d{2})?)?$",
);

/** True for an ISO 8601 date-time such as Python's `datetime.isoformat()` writes. */
export function isIsoDateTime(text) {
  if (typeof text !== "string") return false;
  const found = ISO_DATETIME.exec(text);
  if (found === null || isoDayNumber(found[1]) === null) return false;
  const [hour = 0, minute = 0, second = 0] = found.slice(2, 5).map((p) => Number(p ?? 0));
  const zone = found[5];
  const zoneOk =
    !zone || zone === "Z" || (Number(zone.slice(1, 3)) < 24 && Number(zone.slice(4)) < 60);
  return hour < 24 && minute < 60 && second < 60 && zoneOk;
}

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

// --- Fields: each checks a present, non-null value and reports under `path` --------------

function text(max, required = true) {
  return {
    required,
    check(value, path, problems) {
      if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
      const clean = value.replace(EDGE_SPACE, "").normalize("NFC");
      if (clean === "") return fail(problems, path, MESSAGES.blank);
      if (CONTROL.test(clean)) return fail(problems, path, MESSAGES.control);
      return checkLength(codePoints(clean), 1, max, path, problems);
    },
  };
}

function identifier(required = true) {
  return {
    required,
    check(value, path, problems) {
      if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
      // marshmallow runs every validator, so both problems may be reported.
      const lengthOk = checkLength(codePoints(value), 1, 64, path, problems);
      const shapeOk = ID_PATTERN.test(value) || fail(problems, path, MESSAGES.id);
      return lengthOk && shapeOk;
    },
  };
}

function choice(choices) {
  return {
    required: true,
    check(value, path, problems) {
      if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
      if (choices.includes(value)) return true;
      return fail(problems, path, `Must be one of: ${choices.join(", ")}.`);
    },
  };
}

function integer(validator) {
  return {
    required: true,
    check(value, path, problems) {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return fail(problems, path, MESSAGES.integer);
      }
      const message = validator(value);
      return message === null || fail(problems, path, message);
    },
  };
}

function date(required) {
  return {
    required,
    check(value, path, problems) {
      return isoDayNumber(value) !== null || fail(problems, path, MESSAGES.date);
    },
  };
}

const LANGUAGE = {
  required: true,
  check(value, path, problems) {
    if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
    return LANGUAGE_PATTERN.test(value) || fail(problems, path, MESSAGES.language);
  },
};

const HTTPS_URL = {
  required: true,
  check(value, path, problems) {
    if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
    const shapeOk = isHttpsUrlShape(value) || fail(problems, path, MESSAGES.url);
    const lengthOk = checkLength(codePoints(value), undefined, 2000, path, problems);
    const schemeOk = value.startsWith("https://") || fail(problems, path, MESSAGES.https);
    return shapeOk && lengthOk && schemeOk;
  },
};

const MATCH_PATTERN = {
  required: true,
  check(value, path, problems) {
    if (typeof value !== "string") return fail(problems, path, MESSAGES.string);
    let pattern;
    try {
      pattern = parsePattern(value);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      return fail(problems, path, `Not a valid match pattern: ${error.message}`);
    }
    if (isTooBroad(pattern)) return fail(problems, path, MESSAGES.tooBroad);
    return checkLength(codePoints(value), 1, 500, path, problems);
  },
};

/** A list whose length is checked only when every item is valid, as marshmallow does. */
function list(inner, min, max, required = true) {
  return {
    required,
    check(value, path, problems) {
      if (!Array.isArray(value)) return fail(problems, path, MESSAGES.list);
      let ok = true;
      value.forEach((item, index) => {
        if (!checkPresent(inner, item, `${path}[${index}]`, problems)) ok = false;
      });
      return ok && checkLength(value.length, min, max, path, problems);
    },
  };
}

/**
 * An object with exactly these fields; `after` runs only when the object has no field
 * problems (marshmallow's `validates_schema` skips on field errors).
 */
function object(fields, after = null) {
  return {
    required: true,
    check(value, path, problems) {
      if (!isPlainObject(value)) return fail(problems, path, MESSAGES.object);
      const before = problems.length;
      for (const [name, field] of Object.entries(fields)) {
        const where = join(path, name);
        if (!Object.hasOwn(value, name)) {
          if (field.required) fail(problems, where, MESSAGES.required);
        } else {
          checkPresent(field, value[name], where, problems);
        }
      }
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(fields, name)) fail(problems, join(path, name), MESSAGES.unknown);
      }
      if (problems.length === before && after !== null) after(value, path, problems);
      return problems.length === before;
    },
  };
}

function checkPresent(field, value, path, problems) {
  if (value === null) return fail(problems, path, MESSAGES.null);
  return field.check(value, path, problems);
}

const idList = (min, max, required = true) => list(identifier(), min, max, required);
const textList = (max, min, maxItems, required = true) => list(text(max), min, maxItems, required);

function reviewDatesInOrder(meta, path, problems) {
  if (!Object.hasOwn(meta, "next_review")) return;
  if (isoDayNumber(meta.next_review) <= isoDayNumber(meta.reviewed)) {
    fail(problems, join(path, "next_review"), MESSAGES.reviewOrder);
  }
}

const META = object(
  {
    title: text(120),
    publisher: text(120),
    reviewed: date(true),
    next_review: date(false),
    language: LANGUAGE,
    notice: text(600, false),
  },
  reviewDatesInOrder,
);

const JURISDICTION = object({ id: identifier(), name: text(80) });
const GROUP = object({ id: identifier(), name: text(80), description: text(400) });

const CATEGORY = object({
  id: identifier(),
  name: text(80),
  groups: idList(1, 4),
  mode: choice(MODES),
  mode_note: text(200),
  summary: text(600),
  benefits: textList(300, 1, 12),
  cautions: idList(1, 30),
  questions: textList(300, 1, 6),
  checklist: textList(200, 0, 12, false),
  references: idList(1, 20),
});

const CAUTION = object({
  id: identifier(),
  title: text(120),
  text: text(600),
  severity: choice(SEVERITIES),
  jurisdictions: idList(0, 20, false),
  references: idList(0, 10, false),
});

const REFERENCE = object({
  id: identifier(),
  title: text(300),
  publisher: text(120),
  year: integer((year) =>
    year >= 1900 && year <= 2100
      ? null
      : "Must be greater than or equal to 1900 and less than or equal to 2100.",
  ),
  url: HTTPS_URL,
});

const SITE = object({
  id: identifier(),
  name: text(80),
  patterns: list(MATCH_PATTERN, 1, 50),
  categories: idList(1, 9),
  cautions: idList(0, 10, false),
});

const TAXONOMY = object({
  schema_version: integer((version) =>
    version === SCHEMA_VERSION ? null : `Must be ${SCHEMA_VERSION}.`,
  ),
  meta: META,
  jurisdictions: list(JURISDICTION, undefined, 50),
  groups: list(GROUP, 2, 10),
  categories: list(CATEGORY, 1, 50),
  cautions: list(CAUTION, 1, 1000),
  references: list(REFERENCE, 1, 1000),
  sites: list(SITE, 0, 5000),
});

// --- Cross-references (server/taxonomy/schemas.py reference_errors) ------------------------------

const SECTIONS = ["jurisdictions", "groups", "categories", "cautions", "references", "sites"];
// [section, field, the section its ids refer to]
const REFERENCES = [
  ["categories", "groups", "groups"],
  ["categories", "cautions", "cautions"],
  ["categories", "references", "references"],
  ["cautions", "jurisdictions", "jurisdictions"],
  ["cautions", "references", "references"],
  ["sites", "categories", "categories"],
  ["sites", "cautions", "cautions"],
];
const SINGULAR = {
  groups: "group",
  cautions: "caution",
  references: "reference",
  jurisdictions: "jurisdiction",
  categories: "category",
};

/** [index, item] for the well-formed items of a section: objects with a string id. */
function itemsOf(document, section) {
  const value = document[section];
  if (!Array.isArray(value)) return [];
  return value
    .map((item, index) => [index, item])
    .filter(([, item]) => isPlainObject(item) && typeof item.id === "string");
}

function uniqueIds(items, section, problems) {
  const seen = new Set();
  for (const [index, item] of items) {
    if (seen.has(item.id)) fail(problems, `${section}[${index}].id`, `Duplicate id '${item.id}'.`);
    seen.add(item.id);
  }
  return seen;
}

/**
 * Problems with the ids a document mentions; runs on the raw document even when fields
 * are invalid, skipping malformed items, so that one pass reports everything.
 */
function referenceProblems(document, problems) {
  const items = {};
  const known = {};
  for (const section of SECTIONS) {
    items[section] = itemsOf(document, section);
    known[section] = uniqueIds(items[section], section, problems);
  }
  for (const name of REQUIRED_GROUPS) {
    if (!known.groups.has(name)) fail(problems, "groups", `The group '${name}' is required.`);
  }
  for (const name of REQUIRED_CATEGORIES) {
    if (!known.categories.has(name)) {
      fail(problems, "categories", `The category '${name}' is required.`);
    }
  }
  const used = { cautions: new Set(), references: new Set() };
  for (const [section, field, target] of REFERENCES) {
    for (const [index, item] of items[section]) {
      if (!Array.isArray(item[field])) continue;
      // Positions count the string ids only, as Python's do.
      const refs = item[field].filter((ref) => typeof ref === "string");
      const where = `${section}[${index}].${field}`;
      refs.forEach((ref, position) => {
        if (!known[target].has(ref)) {
          fail(problems, `${where}[${position}]`, `Unknown ${SINGULAR[target]} '${ref}'.`);
        }
        used[target]?.add(ref);
      });
      if (new Set(refs).size !== refs.length) fail(problems, where, "Lists an id more than once.");
    }
  }
  for (const section of ["cautions", "references"]) {
    for (const [index, item] of items[section]) {
      if (!used[section].has(item.id)) {
        const message = `'${item.id}' is not used by any category, site or caution.`;
        fail(problems, `${section}[${index}].id`, message);
      }
    }
  }
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
    return { ok: false, problems: [{ path: "", message: MESSAGES.notObject }] };
  }
  const size = checkSize(utf8Length(JSON.stringify(document)), maxBytes);
  if (!size.ok) return size;
  const problems = [];
  TAXONOMY.check(document, "", problems);
  referenceProblems(document, problems);
  return outcome(problems);
}

function shaped(test, message) {
  return { check: (value, path, problems) => test(value) || fail(problems, path, message) };
}

const isString = (value) => typeof value === "string";

const ENVELOPE_FIELDS = {
  version: integer((version) => (version >= 1 ? null : "Must be greater than or equal to 1.")),
  sha256: shaped((value) => isString(value) && SHA256_PATTERN.test(value), MESSAGES.sha256),
  published_at: shaped(isIsoDateTime, MESSAGES.datetime),
  author: shaped(isString, MESSAGES.string),
  change_note: shaped(isString, MESSAGES.string),
};

/**
 * Validate the body of `GET /api/v1/taxonomy`: `{version, sha256, published_at, author,
 * change_note, taxonomy}`. Unknown envelope members are allowed (newer servers may add
 * some); the taxonomy inside is validated strictly, its problems under `taxonomy.`.
 */
export function validateEnvelope(body, options = {}) {
  if (!isPlainObject(body)) {
    return { ok: false, problems: [{ path: "", message: "The response must be a JSON object." }] };
  }
  const problems = [];
  for (const [name, field] of Object.entries(ENVELOPE_FIELDS)) {
    if (!Object.hasOwn(body, name)) fail(problems, name, MESSAGES.required);
    else checkPresent(field, body[name], name, problems);
  }
  if (!Object.hasOwn(body, "taxonomy")) {
    fail(problems, "taxonomy", MESSAGES.required);
  } else {
    const inner = validateTaxonomy(body.taxonomy, options);
    for (const { path, message } of inner.problems ?? []) {
      problems.push({ path: path ? `taxonomy.${path}` : "taxonomy", message });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true };
}
