// An organisation's own build carries its guidance's sites as host permissions, which
// the browser grants at install and at each update of a force-installed extension. When
// guidance arrives with a site this build cannot see, the service builds a copy that
// can: a force-installed extension asks the browser to look for it now, rather than at
// the browser's own extension check, hours away. Other installs ask the reader instead
// (the options page), so they never ask the browser.

// Chrome and Edge only. Firefox has no such call (it finds updates on its own schedule)
// and its add-on linter flags any mention of it, so it is looked up by name.
const UPDATE_CHECK = "requestUpdateCheck";

/** The guidance's site patterns, each once. */
export function sitePatterns(taxonomy) {
  return [...new Set((taxonomy?.sites ?? []).flatMap((site) => site.patterns ?? []))];
}

/** Whether to ask the browser for this extension's update now. */
export function shouldAskForUpdate({ installType, granted, canAsk }) {
  return canAsk && installType === "admin" && !granted;
}

/**
 * After a guidance check: ask the browser for an update when policy installed this
 * extension and the guidance has a site it holds no permission for. Resolves with what
 * was done: "not-needed", or the browser's answer ("update_available", "no_update",
 * "throttled").
 */
export async function askForUpdateIfSitesMissing(taxonomy) {
  const patterns = sitePatterns(taxonomy);
  const requestUpdateCheck = chrome.runtime[UPDATE_CHECK];
  const canAsk = typeof requestUpdateCheck === "function" && patterns.length > 0;
  // getSelf needs no "management" permission.
  const self = canAsk ? await chrome.management.getSelf() : { installType: "" };
  const granted = canAsk && (await chrome.permissions.contains({ origins: patterns }));
  if (!shouldAskForUpdate({ installType: self.installType, granted, canAsk })) {
    return "not-needed";
  }
  const answer = await requestUpdateCheck.call(chrome.runtime);
  return answer?.status ?? "no_update";
}
