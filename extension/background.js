// The service worker only wires browser events to the modules that handle them.
// State lives in chrome.storage (lib/storage.js): this worker may stop at any time.

import { syncCardScripts } from "./lib/card-scripts.js";
import { onCallFacts } from "./lib/calls.js";
import { ensureHousekeeping, HOUSEKEEPING_ALARM, tidy } from "./lib/housekeeping.js";
import { onMessage } from "./lib/router.js";
import { forgetManaged } from "./lib/storage.js";
import { ensureScheduled, SYNC_ALARM, syncNow } from "./lib/sync.js";
import { forgetTab, onTabUpdated, recogniseOpenTabs } from "./lib/tabs.js";
import { welcomeOnInstall } from "./lib/welcome.js";

chrome.runtime.onInstalled.addListener(({ reason }) => {
  // A fresh install asks where the reader practises and how often cards should show.
  welcomeOnInstall(reason).catch(reportError);
  syncNow().catch(reportError);
  // Pages that loaded before this worker listened got no event: recognise them now.
  recogniseOpenTabs().catch(reportError);
  tidy().catch(reportError);
  // Registered scripts persist; an install or update brings new files to register.
  syncCardScripts().catch(reportError);
});

// A downloaded update (an organisation's new build, with new sites) is used at once,
// instead of when this worker next goes idle.
chrome.runtime.onUpdateAvailable.addListener(() => chrome.runtime.reload());

chrome.runtime.onStartup.addListener(() => {
  syncNow().catch(reportError);
  // Checked once per browser start, not at each wake of this worker: while it runs,
  // storage.onChanged below follows every change of guidance, prefs or policy.
  syncCardScripts().catch(reportError);
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) syncNow().catch(reportError);
  if (alarm.name === HOUSEKEEPING_ALARM) tidy().catch(reportError);
});

chrome.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
  // URLs are only given for hosts this extension may access: other addresses never
  // reach it.
  onTabUpdated(tabId, changeInfo, tab).catch(reportError);
  // A tab that becomes audible (or stops) on a page of live contact: in a call, or after.
  onCallFacts(tabId, changeInfo, tab).catch(reportError);
});

chrome.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId).catch(reportError);
});

chrome.runtime.onMessage.addListener(onMessage);

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "managed") forgetManaged();
  // The card's scripts follow the guidance in use and the custom sites.
  if (area === "managed" || ["guidance", "prefs", "managedCopy"].some((key) => key in changes)) {
    syncCardScripts().catch(reportError);
  }
});

ensureScheduled().catch(reportError);
ensureHousekeeping().catch(reportError);

function reportError(error) {
  console.error("Digital Practice Guide:", error);
}
