// "What are you doing here?" answered or changed from the extension's pages: one select
// per site with several uses, the reader's answer stored by the worker (`set-use`). Kept
// apart from popup.js and options.js so that the pages' other work does not meet it.

import { ask, clear, el, t } from "./page-text.js";

/**
 * A labelled select for one site's use: "Not said yet" (the card asks) and each use;
 * `onSaved(answer)` runs after the worker stored a change.
 */
export function useSelect(site, idPrefix, onSaved) {
  const id = `${idPrefix}-${site.siteId}`;
  const select = el("select", { id });
  select.append(el("option", { text: t("siteUseNotSaid"), attrs: { value: "" } }));
  for (const use of site.uses) {
    const option = el("option", { text: use.label, attrs: { value: use.id } });
    option.selected = use.id === site.use;
    select.append(option);
  }
  select.addEventListener("change", async () => {
    const answer = await ask({ type: "set-use", siteId: site.siteId, use: select.value || null });
    onSaved(answer);
  });
  return el("p", { className: "site-use" }, [
    el("label", { text: t("siteUseLabel", [site.name]), attrs: { for: id } }),
    " ",
    select,
  ]);
}

/** Say in `status` (a live region) whether the change was stored. */
export function savedNote(status, answer) {
  status.textContent = answer.ok ? t("siteUseSaved") : t("errorGeneric", [answer.error]);
}

/**
 * Fill `host` with a select per site in `sites` (the worker's `site-uses` answer), or
 * the note that none has several uses.
 */
export function renderSiteUses(host, sites, status, idPrefix) {
  clear(host);
  if (sites.length === 0) {
    host.append(el("p", { className: "hint", text: t("siteUsesNone") }));
    return;
  }
  for (const site of sites) {
    host.append(useSelect(site, idPrefix, (answer) => savedNote(status, answer)));
  }
}
