// The popup's "What you do on this site" section (issue 10, uses of a site): for the
// page's site with several uses, the reader's answer, changeable. A module of its own,
// loaded after popup.js, so the popup's other parts do not meet it.

import { ask, t } from "../ui/page-text.js";
import { renderSiteUses } from "../ui/site-uses.js";

async function tabId() {
  const requested = Number.parseInt(new URLSearchParams(location.search).get("tab"), 10);
  if (Number.isInteger(requested)) return requested;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function showSiteUse() {
  const section = document.getElementById("site-use");
  const id = await tabId();
  if (id === undefined) return;
  const page = await ask({ type: "page-guidance", tabId: id });
  const siteId = page.ok ? page.model?.usesSite : null;
  if (!siteId) return;
  const all = await ask({ type: "site-uses" });
  const sites = all.ok ? all.uses.filter((site) => site.siteId === siteId) : [];
  if (sites.length === 0) return;
  document.getElementById("site-use-title").textContent = t("siteUseHeading");
  renderSiteUses(
    document.getElementById("site-use-choices"),
    sites,
    document.getElementById("site-use-status"),
    "site-use",
  );
  section.hidden = false;
}

await showSiteUse();
