// Quiet in session, and after: is a tab in a call, and what changed? Pure rules over the
// facts the browser reports about a tab, so the same table runs in Node.
//
// What counts as "in a call":
// - only a page whose card holds a category of live contact: CALL_CATEGORIES, told by
//   category id (a category's `mode` is "synchronous" for these, but a custom category
//   or a later one could be synchronous without being a call);
// - and the tab is `audible` (Chromium and Firefox: it played sound in the last moment;
//   still true when the tab is muted, which is why `mutedInfo` does not end a call), or
//   Firefox's `sharingState` says it captures the camera or the microphone. Chromium
//   reports no capture state to extensions without the tabCapture or debugger
//   permissions, so there it is sound alone.

import { decideCard } from "./frequency.js";

export const CALL_CATEGORIES = Object.freeze(["video", "telephone", "live-chat"]);
// The tab facts whose change can start or end a call (tabs.onUpdated's changeInfo keys).
export const CALL_FACTS = Object.freeze(["audible", "mutedInfo", "sharingState"]);

/** True when any of the card's category ids is one of live contact. */
export function isCallPage(categoryIds) {
  return (categoryIds ?? []).some((id) => CALL_CATEGORIES.includes(id));
}

/** True when the tab's facts say a call is going on (sound, or camera or microphone). */
export function soundsLikeCall(tab) {
  if (tab?.audible === true) return true;
  const sharing = tab?.sharingState;
  return Boolean(sharing?.camera || sharing?.microphone);
}

/** True when a tabs.onUpdated changeInfo holds a fact that can start or end a call. */
export function isCallChange(changeInfo) {
  return CALL_FACTS.some((key) => key in (changeInfo ?? {}));
}

/**
 * The tab's call state after its facts changed: `{state, transition}`. `previous` is the
 * stored state (`{inCall, since}` or null), `tab` the browser's facts, `categoryIds` the
 * card's categories, `now` ms. `transition` is `started` (fold the card, no new cards),
 * `ended` (offer the after-session cautions) or null (nothing to do).
 */
export function nextCallState(previous, tab, categoryIds, now) {
  const was = previous?.inCall === true;
  const inCall = isCallPage(categoryIds) && soundsLikeCall(tab);
  if (inCall === was) return { state: previous ?? { inCall: false }, transition: null };
  if (inCall) return { state: { inCall: true, since: now }, transition: "started" };
  return { state: { inCall: false, since: previous.since, endedAt: now }, transition: "ended" };
}

/** True while the stored state says the tab is in a call: no card pops up. */
export function quietForCall(state) {
  return state?.inCall === true;
}

/**
 * Whether the after-session pill may show, by the rules that quiet every card (pause,
 * snooze, site turned off, badge only, never) but not "once a day": the moment after a
 * session is not the arrival the daily rule counts.
 */
export function afterPillAllowed({ siteId, now, day, prefs = {}, state = {} }) {
  if (prefs.frequency === "never") return false;
  return decideCard({ siteId, now, day, prefs: { ...prefs, frequency: "every-visit" }, state })
    .show;
}
