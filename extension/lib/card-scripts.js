// The card's scripts, registered with the browser for the guidance's own site patterns
// (and the reader's custom sites). The browser then loads them as a matching page's DOM
// is ready, without waiting for the worker, and loads nothing on any other page. The
// script asks the worker for a card the worker has already decided on (lib/tabs.js);
// pages the registration does not cover still get theirs injected by the worker.

import { sitesWithCustom } from "./guidance.js";
import { serially } from "./serial.js";
import { getGuidance, getPrefs } from "./storage.js";
import { CARD_FILES } from "./tabs.js";

export const CARD_SCRIPT_ID = "dpg-card";

/**
 * The match patterns the card's scripts are registered for: sorted, each once.
 *
 * Sites' excludes are deliberately not the registration's excludeMatches: one registration
 * serves every site, and an exclude takes a page away from its own site only (another
 * site may match the same page). On an excluded page the script loads, asks the worker,
 * and the worker, which classifies per site, has decided on no card.
 */
export function cardScriptMatches(taxonomy, customSites = []) {
  const patterns = sitesWithCustom(taxonomy, customSites).flatMap((site) => site.patterns);
  return [...new Set(patterns)].sort();
}

/** The registration for those patterns (no patterns: none). */
export function cardScriptRegistration(matches) {
  return {
    id: CARD_SCRIPT_ID,
    js: [...CARD_FILES],
    matches,
    runAt: "document_end",
    allFrames: false,
    persistAcrossSessions: true,
  };
}

/** True when a registered script already has exactly these files, patterns and timing. */
export function isCurrent(registered, wanted) {
  if (!registered) return false;
  const same = (a = [], b = []) => a.length === b.length && a.every((item, i) => item === b[i]);
  return (
    same(registered.js, wanted.js) &&
    same([...(registered.matches ?? [])].sort(), wanted.matches) &&
    registered.runAt === wanted.runAt &&
    Boolean(registered.allFrames) === wanted.allFrames
  );
}

/**
 * Bring the registration in line with the guidance in use and the custom sites: at start,
 * and whenever either changes. One change at a time; nothing is done when it is current.
 */
export function syncCardScripts() {
  return serially("card-scripts", async () => {
    const { prefs } = await getPrefs();
    const guidance = await getGuidance(prefs.serverUrl);
    const matches = cardScriptMatches(guidance.taxonomy, prefs.customSites);
    const wanted = cardScriptRegistration(matches);
    const [registered] = await chrome.scripting.getRegisteredContentScripts({
      ids: [CARD_SCRIPT_ID],
    });
    if (matches.length === 0) {
      if (registered) await chrome.scripting.unregisterContentScripts({ ids: [CARD_SCRIPT_ID] });
      return;
    }
    if (isCurrent(registered, wanted)) return;
    if (registered) await chrome.scripting.updateContentScripts([wanted]);
    else await chrome.scripting.registerContentScripts([wanted]);
  });
}
