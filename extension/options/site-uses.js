// The options' "What you do on sites" section (issue 10, uses of a site): every site
// with several uses and the reader's answer, changeable or forgotten ("Not said yet").
// A module of its own, loaded after options.js, so the page's other parts do not meet it.

import { ask, t } from "../ui/page-text.js";
import { renderSiteUses } from "../ui/site-uses.js";

async function showSiteUses() {
  document.getElementById("site-uses-title").textContent = t("siteUsesHeading");
  document.getElementById("site-uses-hint").textContent = t("siteUsesHint");
  const answer = await ask({ type: "site-uses" });
  const status = document.getElementById("site-uses-status");
  if (!answer.ok) {
    status.textContent = t("errorGeneric", [answer.error]);
    return;
  }
  renderSiteUses(document.getElementById("site-uses-list"), answer.uses, status, "site-uses");
}

document.addEventListener("dpg-reset", () => {
  showSiteUses().catch((error) => console.warn("Digital Practice Guide:", error.message));
});
await showSiteUses();
