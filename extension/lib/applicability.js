// Which cautions apply to a reader, and in which order they come: the meaning of a
// caution's jurisdictions, applies_if and stage, and of a site's uses. The same rule as
// server/taxonomy/applicability.py, step for step; both run
// shared/applicability-cases.json. Pure.
//
// A reader is `{jurisdictions, profiles, stage}`, each null (or absent) when not asked,
// so nothing is filtered on it:
// - jurisdictions: where they practise (countries or regions). A caution tagged with a
//   country applies in all its regions, one tagged with a region only there, an untagged
//   caution everywhere. An empty list (chose none) gets only the untagged cautions.
// - profiles: the profile ids that hold for them; a caution applies when every one of
//   its applies_if holds.
// - stage: the moment; a caution for "anytime" matters at every stage.

export const FORCE_ORDER = Object.freeze(["must", "should", "consider"]);
export const SEVERITY_ORDER = Object.freeze(["high", "medium", "low"]);

/** The jurisdiction and every one above it (us-il -> us), nearest first. */
export function ancestors(document, jurisdictionId) {
  const parents = new Map(
    (document.jurisdictions ?? []).map((item) => [item.id, item.parent ?? null]),
  );
  const chain = [];
  let current = jurisdictionId;
  while (current !== null && current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = parents.has(current) ? parents.get(current) : null;
  }
  return chain;
}

/** True when `caution` applies to `reader` (see the module's comment). */
export function applies(document, caution, reader = {}) {
  const tags = caution.jurisdictions ?? [];
  const jurisdictions = reader.jurisdictions ?? null;
  if (jurisdictions !== null && tags.length > 0) {
    const places = new Set(jurisdictions.flatMap((chosen) => ancestors(document, chosen)));
    if (!tags.some((tag) => places.has(tag))) return false;
  }
  const profiles = reader.profiles ?? null;
  if (profiles !== null && !(caution.applies_if ?? []).every((id) => profiles.includes(id))) {
    return false;
  }
  const stages = caution.stage ?? [];
  const stage = reader.stage ?? null;
  return stage === null || stages.includes(stage) || stages.includes("anytime");
}

/**
 * The categories a site brings for one of its uses (the site's own when `useId` is
 * null); throws for a use the site does not declare.
 */
export function useCategories(site, useId = null) {
  if (useId === null || useId === undefined) return [...site.categories];
  const use = (site.uses ?? []).find((item) => item.id === useId);
  if (use === undefined) throw new RangeError(`The site '${site.id}' has no use '${useId}'.`);
  return [...use.categories];
}

function rank(order, value) {
  const index = order.indexOf(value);
  return index < 0 ? order.length : index;
}

/** Cautions by force (must first), then severity (high first), then as given. */
export function inOrder(cautions) {
  return cautions
    .map((caution, index) => ({ caution, index }))
    .sort(
      (a, b) =>
        rank(FORCE_ORDER, a.caution.force) - rank(FORCE_ORDER, b.caution.force) ||
        rank(SEVERITY_ORDER, a.caution.severity) - rank(SEVERITY_ORDER, b.caution.severity) ||
        a.index - b.index,
    )
    .map(({ caution }) => caution);
}

/** The cautions named by `cautionIds` (each once) that apply to `reader`, in order. */
export function applicable(document, cautionIds, reader = {}) {
  const byId = new Map(document.cautions.map((caution) => [caution.id, caution]));
  const chosen = [...new Set(cautionIds)].filter((id) => byId.has(id)).map((id) => byId.get(id));
  return inOrder(chosen.filter((caution) => applies(document, caution, reader)));
}
