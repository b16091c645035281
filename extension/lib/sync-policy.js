// When to ask the guidance server again, and whether to take what it sent. Pure: times in
// ms and randomness are passed in, so tests can pin them; lib/sync.js does the fetching.

import { validateEnvelope } from "./validate.js";

// With neither policy, the reader nor the service saying how often: every 3 hours.
export const DEFAULT_CHECK_HOURS = 3;
// What the service may suggest (X-Taxonomy-Check-Hours): between an hour and a day, so a
// broken or hostile server can neither make browsers hammer it nor keep guidance away.
export const MIN_SUGGESTED_HOURS = 1;
export const MAX_SUGGESTED_HOURS = 24;
// The bounds of managed_schema.json: 30 days at most, so that a typo cannot stop updates
// for good; an hour at least, so that it cannot turn browsers into a load test.
export const MIN_CHECK_HOURS = 1;
export const MAX_CHECK_HOURS = 30 * 24;
export const JITTER = 0.1;
export const BACKOFF_BASE_MS = 60 * 1000;
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;
// chrome.alarms fires no sooner than 30 s after it is set in a packed extension.
export const MIN_RETRY_MS = 30 * 1000;
export const MAX_REPORTED_PROBLEMS = 5;

const HOUR_MS = 60 * 60 * 1000;

/**
 * How often to check, in hours: the `checkHours` pref (set by policy or by the reader)
 * when there is one, else what the service suggested at its last answer, held to its
 * bounds, else the default.
 */
export function effectiveCheckHours(checkHours, suggested = null) {
  if (Number.isFinite(checkHours) && checkHours > 0) return checkHours;
  if (Number.isFinite(suggested) && suggested > 0) {
    return Math.min(MAX_SUGGESTED_HOURS, Math.max(MIN_SUGGESTED_HOURS, suggested));
  }
  return DEFAULT_CHECK_HOURS;
}

/** The service's suggestion from an X-Taxonomy-Check-Hours value, or null. */
export function parseSuggestedHours(value) {
  if (typeof value !== "string" || !/^\s*\d{1,4}\s*$/u.test(value)) return null;
  const hours = Number(value);
  return hours > 0 ? hours : null;
}

/** The check interval in ms for a `checkHours` pref, clamped to sane bounds. */
export function checkIntervalMs(checkHours) {
  const hours = Number.isFinite(checkHours) ? checkHours : DEFAULT_CHECK_HOURS;
  return Math.min(MAX_CHECK_HOURS, Math.max(MIN_CHECK_HOURS, hours)) * HOUR_MS;
}

/**
 * When to check next after a good check: the interval ±10%, so that browsers started
 * together do not all ask the server at the same moment. `random()` is in [0, 1).
 */
export function nextCheckAt(now, checkHours, random = Math.random) {
  const factor = 1 + (random() * 2 - 1) * JITTER;
  return now + Math.round(checkIntervalMs(checkHours) * factor);
}

/**
 * How long to wait after `failures` failures in a row: 1 min, 2, 4 … capped at 6 h, with
 * full jitter (anywhere from MIN_RETRY_MS up to that), so that retries after an outage
 * spread out. 0 when nothing has failed.
 */
export function backoffDelay(failures, random = Math.random) {
  if (!(failures >= 1)) return 0;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 30));
  return Math.max(MIN_RETRY_MS, Math.floor(random() * ceiling));
}

/** The problems of an invalid download in one line: the first few, then how many more. */
function summarise(problems) {
  const shown = problems
    .slice(0, MAX_REPORTED_PROBLEMS)
    .map(({ path, message }) => (path ? `${path}: ${message}` : message));
  const more = problems.length - shown.length;
  return more > 0 ? `${shown.join("; ")} (and ${more} more)` : shown.join("; ");
}

/**
 * Take, keep or refuse a response to the conditional GET of the taxonomy:
 * `{action: 'store' | 'keep' | 'reject', reason, ...}`.
 *
 * `current` is the stored download from this server (`{version, sha256, etag, serverUrl}`)
 * or null when the bundled copy is in use; one from another server does not count.
 * `validation` is `validateEnvelope(envelope)`, computed here when not given. An invalid
 * body is rejected whole (`reason: 'invalid'`, `detail` naming the first problems), and
 * the version never goes backwards.
 */
export function decideDownload({ status, etag, envelope, validation, current, serverUrl }) {
  if (status === 304) return { action: "keep", reason: "not-modified" };
  if (status !== 200) return { action: "reject", reason: "http-error", detail: `HTTP ${status}` };
  const checked = validation ?? validateEnvelope(envelope);
  if (!checked.ok) {
    const problems = checked.problems.slice(0, MAX_REPORTED_PROBLEMS);
    return { action: "reject", reason: "invalid", detail: summarise(checked.problems), problems };
  }
  const stored = current && (serverUrl === undefined || current.serverUrl === serverUrl);
  if (!stored || !Number.isInteger(current.version)) {
    return { action: "store", reason: "first-download" };
  }
  if (envelope.version < current.version) {
    const detail = `version ${envelope.version} is older than ${current.version}`;
    return { action: "reject", reason: "older-version", detail };
  }
  if (envelope.version > current.version) return { action: "store", reason: "newer-version" };
  if (current.sha256 && current.sha256 !== envelope.sha256) {
    // A server must never publish two documents under one number; trust neither.
    const detail = `version ${envelope.version} has other content than before`;
    return { action: "reject", reason: "conflicting-version", detail };
  }
  // The server ignored If-None-Match or sent another encoding's ETag: nothing new.
  const sameEtag = Boolean(etag) && etag === current.etag;
  return { action: "keep", reason: sameEtag ? "not-modified" : "same-version" };
}

/**
 * The sync status after a check: `{lastCheckAt, lastOutcome, lastError, failures,
 * nextCheckAt, suggestedHours}` (`suggestedHours`: how often the service last said to
 * check, or null). `outcome` is the decision's action (`store`, `keep`, `reject`) or
 * `error` for a network or HTTP failure; rejects and errors back off, the rest resets.
 */
export function nextSyncStatus(status, options) {
  const { now, outcome, error = null, checkHours, random = Math.random } = options;
  const failed = outcome === "reject" || outcome === "error";
  const failures = failed ? (status?.failures ?? 0) + 1 : 0;
  // A new suggestion comes with any answer that carries one; until then the last stands.
  const suggestedHours = options.suggestedHours ?? status?.suggestedHours ?? null;
  const hours = effectiveCheckHours(checkHours, suggestedHours);
  const next = failed ? now + backoffDelay(failures, random) : nextCheckAt(now, hours, random);
  return {
    lastCheckAt: now,
    lastOutcome: outcome,
    lastError: failed ? error : null,
    failures,
    nextCheckAt: next,
    suggestedHours,
  };
}

/**
 * Why a download was refused, in words for the popup and options page; the policy's
 * reason codes ("older-version") are not. The detail names the first problems.
 */
export function describeRejection({ reason, detail }) {
  switch (reason) {
    case "invalid":
      return `the server sent guidance that is not valid (${detail})`;
    case "older-version":
      return `the server sent an older version than the one in use (${detail})`;
    case "conflicting-version":
      return `the server sent other content under a version already in use (${detail})`;
    default:
      return detail ?? reason;
  }
}

/**
 * Why a check failed, in words, from what it threw. `deadline` is the check's own
 * timeout signal: whatever its timer interrupted (waiting for the headers, or reading
 * the body, which throws a plain AbortError such as "BodyStreamBuffer was aborted")
 * reads as no answer in time, so the signal's reason is asked, never the error's name.
 */
export function describeFailure(error, deadline) {
  if (deadline?.aborted && deadline.reason?.name === "TimeoutError") {
    return "the server did not answer in time";
  }
  if (error instanceof SyntaxError) return "the server sent something that is not JSON";
  if (error instanceof TypeError) return "the server could not be reached";
  return String(error?.message ?? error);
}
