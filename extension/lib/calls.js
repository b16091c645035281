// Quiet in session, and after: the worker's side of lib/call-state.js. When a tab on a
// page of live contact starts a call (it becomes audible, or captures camera or
// microphone where the browser says so), its card folds to its pill and no new card pops
// up (lib/tabs.js records new pages as `suppressed`, `in-call`); the badge stays. When
// the call ends, a small pill offers the after-session cautions, chosen by the card's own
// choice rule for the stage `after`. The call state is kept in session storage
// (`call:<tabId>`), never in this worker.

import { afterPillAllowed, isCallChange, isCallPage, nextCallState } from "./call-state.js";
import { localDay } from "./frequency.js";
import { serially } from "./serial.js";
import { getCallRecord, getLocal, getTabRecord, setCallRecord, setTabRecord } from "./storage.js";
import { CARD_FILES, modelForUrl, sendToCard, tabKey } from "./tabs.js";

const AFTER_STAGE = "after";
// The card's scripts with the after-session pill's before card.js. Each one leaves an
// earlier copy in the page in charge, so injecting them again is harmless.
const AFTER_FILES = Object.freeze([
  ...CARD_FILES.slice(0, -1),
  "content/after-call.js",
  ...CARD_FILES.slice(-1),
]);

/**
 * tabs.onUpdated: follow the call facts of a tab (after the page it shows was handled).
 * `tab.url` is only there for hosts this extension may access.
 */
export function onCallFacts(tabId, changeInfo, tab) {
  if (!isCallChange(changeInfo) || !tab?.url) return Promise.resolve();
  return serially(tabKey(tabId), () => followCall(tabId, tab));
}

async function followCall(tabId, tab) {
  const decided = await getTabRecord(tabId);
  if (!decided?.siteId) return; // no guidance for this page
  const { seen } = await getLocal(["seen"]);
  const found = await modelForUrl(tab.url, seen ?? {});
  const live = found && !found.model.badgeOnly ? found.model.categories : [];
  const categoryIds = live.map((category) => category.id);
  const { state, transition } = nextCallState(
    await getCallRecord(tabId),
    tab,
    categoryIds,
    Date.now(),
  );
  if (transition === null) return;
  if (transition === "started") {
    await setCallRecord(tabId, state);
    // The card folds to its pill (an after-session pill from an earlier call goes).
    if (decided.card || decided.after) await sendToCard(tabId, { type: "fold-card" });
    if (decided.after) await setTabRecord(tabId, { ...decided, after: false });
    return;
  }
  const offered = isCallPage(categoryIds) && (await offerAfter(tabId, tab.url, found, seen));
  await setCallRecord(tabId, { ...state, offered });
  // The card stays behind the pill (and comes back folded if sound resumes in its grace).
  if (offered) await setTabRecord(tabId, { ...decided, after: true });
}

/** Show the after-session pill when the rules allow and the stage has cautions. */
async function offerAfter(tabId, url, found, seen) {
  const now = Date.now();
  const day = localDay(now, -new Date().getTimezoneOffset());
  const state = await getLocal(["snoozes", "pausedUntil"]);
  const siteId = found.model.site.id;
  if (!afterPillAllowed({ siteId, now, day, prefs: found.prefs, state })) return false;
  const after = await modelForUrl(url, seen ?? {}, { stage: AFTER_STAGE });
  if (!after || after.model.topCautions.length === 0) return false;
  await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: AFTER_FILES });
  return sendToCard(tabId, { type: "after-call", model: after.model });
}
