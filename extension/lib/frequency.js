// Should a reminder card show on this page now? Pure rules over the stored state.
//
// Every time is a number of ms since the epoch passed in by the caller (never read here),
// and "today" is the user's local day as `YYYY-MM-DD` from `localDay`, so that the rules
// are the same in tests, in Chrome and in Firefox. State updaters return new objects.

export const FREQUENCIES = Object.freeze(["every-visit", "session", "daily", "on-change", "never"]);
export const DEFAULT_FREQUENCY = "daily";
export const DISPLAYS = Object.freeze(["card", "badge"]);
export const SNOOZE_KINDS = Object.freeze(["hour", "tomorrow"]);

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const SEEN_TTL_MS = 30 * DAY_MS;
// At most this many sites are remembered as seen (the most recent): a taxonomy with
// thousands of sites, or years of use, still keeps the record small.
export const MAX_SEEN_SITES = 200;

/**
 * The local calendar day of `ms` as `YYYY-MM-DD`. `tzOffsetMinutes` is minutes EAST of
 * UTC, as in ISO 8601 (+60 for Central Europe in winter, -300 for New York in winter);
 * from a Date that is `-date.getTimezoneOffset()`.
 */
export function localDay(ms, tzOffsetMinutes = 0) {
  return new Date(ms + tzOffsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/** The first ms of the local day after the one `now` falls in. */
export function nextLocalMidnight(now, tzOffsetMinutes = 0) {
  const offset = tzOffsetMinutes * MINUTE_MS;
  return Math.floor((now + offset) / DAY_MS) * DAY_MS + DAY_MS - offset;
}

/** True when `until` is still in the future; a pause or snooze ends at its exact ms. */
function active(until, now) {
  return typeof until === "number" && now < until;
}

/** True when any of the page's category hashes differs from those recorded when seen. */
export function guidanceChanged(seenHashes, categoryHashes) {
  const recorded = seenHashes ?? {};
  return Object.entries(categoryHashes ?? {}).some(([id, hash]) => recorded[id] !== hash);
}

function quiet(reason) {
  return { show: false, badge: true, reason };
}

function shown(reason) {
  return { show: true, badge: true, reason };
}

/** Show unless seen and unchanged; `alsoDaily` shows again on a new local day. */
function sinceLastSeen(seen, categoryHashes, day, alsoDaily) {
  if (!seen) return shown("first-visit");
  if (guidanceChanged(seen.hashes, categoryHashes)) return shown("guidance-changed");
  if (!alsoDaily) return quiet("unchanged");
  return seen.day === day ? quiet("seen-today") : shown("new-day");
}

/**
 * Decide whether to show the card on a matching page: `{show, badge, reason}`. The badge
 * is always on for a matching page; pauses, snoozes and disabled sites only quiet the card.
 * Reasons: paused, snoozed, disabled-site, badge-only, never, every-visit,
 * seen-this-session, first-visit, guidance-changed, new-day, seen-today, unchanged.
 */
export function decideCard({ siteId, categoryHashes = {}, now, day, prefs = {}, state = {} }) {
  if (active(state.pausedUntil, now)) return quiet("paused");
  if (active(state.snoozes?.[siteId], now)) return quiet("snoozed");
  if ((prefs.disabledSites ?? []).includes(siteId)) return quiet("disabled-site");
  if (prefs.display === "badge") return quiet("badge-only");
  const frequency = FREQUENCIES.includes(prefs.frequency) ? prefs.frequency : DEFAULT_FREQUENCY;
  const seen = state.seen?.[siteId];
  switch (frequency) {
    case "never":
      return quiet("never");
    case "every-visit":
      return shown("every-visit");
    case "session":
      return state.sessionSeen?.[siteId] ? quiet("seen-this-session") : shown("first-visit");
    case "on-change":
      return sinceLastSeen(seen, categoryHashes, day, false);
    default:
      return sinceLastSeen(seen, categoryHashes, day, true);
  }
}

/**
 * The state after a card was shown: the site is seen today and in this session, with the
 * page's category hashes (merged into the earlier ones, so that another page of the same
 * site with other categories does not make the first look changed).
 */
export function recordSeen(state, siteId, categoryHashes, now, day) {
  const before = state.seen?.[siteId];
  const hashes = { ...(before?.hashes ?? {}), ...(categoryHashes ?? {}) };
  return {
    ...state,
    seen: { ...(state.seen ?? {}), [siteId]: { day, at: now, hashes } },
    sessionSeen: { ...(state.sessionSeen ?? {}), [siteId]: true },
  };
}

/** The state with the site's card snoozed until `until` (ms). */
export function snooze(state, siteId, until) {
  return { ...state, snoozes: { ...(state.snoozes ?? {}), [siteId]: until } };
}

/** When a snooze of `kind` ends: `hour` is an hour from now, `tomorrow` the next local midnight. */
export function snoozeUntil(kind, now, tzOffsetMinutes = 0) {
  if (kind === "hour") return now + HOUR_MS;
  if (kind === "tomorrow") return nextLocalMidnight(now, tzOffsetMinutes);
  throw new Error(`unknown snooze kind '${kind}': expected one of ${SNOOZE_KINDS.join(", ")}`);
}

/** The state with every card paused until `until` (ms); 0 resumes. */
export function pause(state, until) {
  return { ...state, pausedUntil: Number.isFinite(until) && until > 0 ? until : 0 };
}

/** The prefs with the site's card turned off (its badge stays). */
export function disableSite(prefs, siteId) {
  const disabled = prefs.disabledSites ?? [];
  if (disabled.includes(siteId)) return { ...prefs, disabledSites: [...disabled] };
  return { ...prefs, disabledSites: [...disabled, siteId] };
}

/** The prefs with the site's card turned back on. */
export function enableSite(prefs, siteId) {
  return { ...prefs, disabledSites: (prefs.disabledSites ?? []).filter((id) => id !== siteId) };
}

/**
 * The state without what no longer matters: sites last seen more than 30 days ago (and
 * beyond the MAX_SEEN_SITES most recent), ended snoozes and an ended pause. Keeps
 * storage small and holds no long browsing history.
 */
export function pruneSeen(state, now) {
  const recent = Object.entries(state.seen ?? {})
    .filter(([, entry]) => typeof entry?.at === "number" && now - entry.at <= SEEN_TTL_MS)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_SEEN_SITES);
  const snoozes = Object.fromEntries(
    Object.entries(state.snoozes ?? {}).filter(([, until]) => active(until, now)),
  );
  const pausedUntil = active(state.pausedUntil, now) ? state.pausedUntil : 0;
  return { ...state, seen: Object.fromEntries(recent), snoozes, pausedUntil };
}

/**
 * The state after a card was shown, as the worker stores it: the visit recorded
 * (`recordSeen`), then what no longer matters dropped (`pruneSeen`), so the record stays
 * bounded however many sites are visited.
 */
export function recordShown(state, siteId, categoryHashes, now, day) {
  return pruneSeen(recordSeen(state, siteId, categoryHashes, now, day), now);
}
