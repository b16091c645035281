// Keeping local state small and free of old history: once a day (and whenever a card is
// shown, see lib/tabs.js), sites not seen for 30 days, ended snoozes and an ended pause
// are forgotten. Keys earlier versions stored and this one no longer reads go too.

import { pruneSeen } from "./frequency.js";
import { removeLocal, updateLocal } from "./storage.js";

export const HOUSEKEEPING_ALARM = "housekeeping";
const DAY_MINUTES = 24 * 60;
// tabState: per-tab card state, now a session record per tab (lib/tabs.js).
const OBSOLETE_ENTRIES = Object.freeze(["tabState"]);

/** Forget what no longer matters; resolves when it is stored. */
export async function tidy(now = Date.now()) {
  await updateLocal(["seen", "snoozes", "pausedUntil"], (state) => {
    const { seen, snoozes, pausedUntil } = pruneSeen(state, now);
    return { seen, snoozes, pausedUntil };
  });
  await removeLocal(OBSOLETE_ENTRIES);
}

/** A daily alarm for `tidy`, created only when missing (alarms survive worker restarts). */
export async function ensureHousekeeping() {
  if (!(await chrome.alarms.get(HOUSEKEEPING_ALARM))) {
    await chrome.alarms.create(HOUSEKEEPING_ALARM, {
      delayInMinutes: DAY_MINUTES,
      periodInMinutes: DAY_MINUTES,
    });
  }
}
