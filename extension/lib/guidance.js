// The card model for a URL: which site, which categories, which cautions first. Pure:
// built from a (validated, format 2) taxonomy and the user's prefs; the UI only renders
// it. Which cautions apply to the reader, and their order, is lib/applicability.js's
// shared rule:
// - the reader's jurisdictions are prefs.jurisdictions, a region reaching up to its
//   country; until the reader chooses one, only the cautions that apply everywhere
//   (no jurisdictions) show, and the card offers "Choose where you practise";
// - prefs.profiles, when set, are the profiles that hold (none asked yet: no filter);
// - a site with uses gets its default categories until the reader can say which use;
// - the card's top cautions follow THE CHOICE RULE (chooseCautions below, the one place
//   it is implemented; the admin preview runs this same module). "More" and the popup
//   show every caution that applies, whatever its stage, each once.
//
// The choice rule, step by step (docs/extension-architecture.md, "Which cautions a card
// shows first"):
// 1. The candidates are the cautions of the categories the site's use brings (its
//    default categories until the reader says), and the site's own cautions, each once
//    even when merged categories share it.
// 2. Applicable: only those that apply to the reader's jurisdictions and profiles
//    (lib/applicability.js).
// 3. Stage: on arrival (the stage `before`) those for `before` or `anytime`; those for
//    `choosing` (choosing or setting up a tool) only the first time the site is met,
//    otherwise they wait under "Setting up this tool" in More. Another stage asked for
//    (the admin preview's control) takes that stage and `anytime`.
// 4. Order: force (must, should, consider), then severity (high, medium, low), then the
//    document's order (the position in the document's `cautions` list). A site's own
//    cautions compete on these terms: they are not put first.
// 5. The first three are the card's key cautions (two while the card asks which use).

import { ancestors, applicable, applies, useCategories } from "./applicability.js";
import { buildIndex, compareSpecificity, parsePattern, winningCategories } from "./matcher.js";
import { cited } from "./taxonomy-rules.js";
import { isTooBroad } from "./validate.js";

export const CUSTOM_PREFIX = "custom-";
export const TOP_CAUTIONS = 3;
// While the card asks "What are you doing here?" it shows fewer: the answer decides the
// categories, and the question and its buttons share the first view's 100 words.
export const TOP_CAUTIONS_WHILE_ASKING = 2;
export const ARRIVAL_STAGE = "before";
export const SETUP_STAGE = "choosing";
// The caution about the client's location, which the reader's emergency contacts go
// with: format 2 has no marker for it, so it is told by its id holding the word
// "location" (the shipped "client-location-emergency-plan"). One constant, so a later
// format's marker replaces it here alone.
export const LOCATION_CAUTION = /(^|-)location(-|$)/u;
// The first view's mode line keeps at most this many words of the category's mode note.
export const MODE_LINE_WORDS = 8;
const ENCODER = new TextEncoder();

// --- Index with the user's own sites -----------------------------------------------------

/** The id a custom site has in the index: always `custom-…`, never a taxonomy site's id. */
export function customSiteId(id) {
  return id.startsWith(CUSTOM_PREFIX) ? id : `${CUSTOM_PREFIX}${id}`;
}

function usablePattern(raw) {
  try {
    return !isTooBroad(parsePattern(raw));
  } catch {
    return false; // a stored pattern this version cannot parse is skipped, not fatal
  }
}

/**
 * The taxonomy's sites followed by the user's custom sites (`{id, name, patterns,
 * categories}` from prefs). Custom sites keep only usable patterns and known categories;
 * they come last, so among equally specific rules the taxonomy's site leads.
 */
export function sitesWithCustom(taxonomy, customSites = []) {
  const known = new Set(taxonomy.categories.map((category) => category.id));
  const custom = [];
  for (const site of customSites ?? []) {
    if (typeof site?.id !== "string" || !Array.isArray(site.patterns)) continue;
    const patterns = site.patterns.filter(usablePattern);
    const categories = (site.categories ?? []).filter((id) => known.has(id));
    if (patterns.length === 0 || categories.length === 0) continue;
    const name = String(site.name ?? site.id);
    custom.push({ id: customSiteId(site.id), name, patterns, categories });
  }
  return [...taxonomy.sites, ...custom];
}

/** A matcher.js index over the taxonomy's sites and the custom sites; build once per change. */
export function buildGuidanceIndex(taxonomy, customSites = []) {
  return buildIndex({ sites: sitesWithCustom(taxonomy, customSites) });
}

// --- Hashes ------------------------------------------------------------------------------

/** JSON with object keys sorted at every level, so equal content gives equal text. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as 8 hex digits. */
export function fnv1a32(text) {
  let hash = 0x811c9dc5;
  for (const byte of ENCODER.encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// --- Lookups -----------------------------------------------------------------------------

function byId(items) {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

function lookupsOf(taxonomy, prefs = {}, seen = {}) {
  return {
    emergency: emergencyContacts(taxonomy, prefs.jurisdictions),
    seenHashes: seen.hashes ?? {},
    previous: byId(seen.previous?.cautions),
    groups: byId(taxonomy.groups),
    categories: byId(taxonomy.categories),
    cautions: byId(taxonomy.cautions),
    references: byId(taxonomy.references),
    sites: byId(taxonomy.sites),
  };
}

function unique(ids) {
  return [...new Set(ids)];
}

function resolve(map, ids) {
  return (ids ?? []).map((id) => map.get(id)).filter((item) => item !== undefined);
}

/**
 * The hash of a category as a page shows it: its own fields, its cautions (the site's
 * first) and every reference, so any change of wording changes the hash. What applies
 * to the reader is left out: changing one's own jurisdictions is not new guidance.
 */
function hashOf(lookups, category, siteCautionIds) {
  const cautions = resolve(lookups.cautions, unique([...siteCautionIds, ...category.cautions]));
  return fnv1a32(
    canonicalJson({
      category,
      cautions: cautions.map((caution) => ({
        ...caution,
        references: resolve(lookups.references, cited(caution.references)),
      })),
      references: resolve(lookups.references, cited(category.references)),
    }),
  );
}

/**
 * The hash of one caution as the reader reads it (every field, its wording above all),
 * kept per caution seen so that a changed one can be marked "Updated".
 */
export function cautionHash(caution) {
  return fnv1a32(canonicalJson(caution));
}

/** The content hash of one category (with a site's own cautions, if any). */
export function categoryHash(taxonomy, categoryId, siteCautionIds = []) {
  const lookups = lookupsOf(taxonomy);
  const category = lookups.categories.get(categoryId);
  return category === undefined ? null : hashOf(lookups, category, siteCautionIds);
}

// --- Models ------------------------------------------------------------------------------

/**
 * The reader the prefs describe, for lib/applicability.js: jurisdictions chosen (none
 * chosen yet: an empty list, so only the cautions that apply everywhere), profiles that
 * hold (null until asked), and the stage.
 */
export function readerOf(prefs = {}, stage = null) {
  const jurisdictions = Array.isArray(prefs.jurisdictions) ? [...prefs.jurisdictions] : [];
  const profiles = Array.isArray(prefs.profiles) ? [...prefs.profiles] : null;
  return { jurisdictions, profiles, stage };
}

/** True when a caution applies in the prefs' jurisdictions (a region: its country's too). */
export function appliesTo(taxonomy, caution, jurisdictions) {
  const reader = readerOf({ jurisdictions });
  return applicable({ ...taxonomy, cautions: [caution] }, [caution.id], reader).length === 1;
}

function isHttps(url) {
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false; // not a URL: no link
  }
}

/** The references a list of citations names, with the section cited (if any). */
function referenceModels(lookups, citations) {
  return (citations ?? [])
    .map((citation) => {
      const id = typeof citation === "string" ? citation : citation?.ref;
      const reference = lookups.references.get(id);
      if (reference === undefined || !isHttps(reference.url)) return null;
      const { title, publisher, year, accessed, kind, url } = reference;
      const section = typeof citation === "string" ? null : (citation.section ?? null);
      return {
        title,
        publisher,
        year: year ?? null,
        accessed: accessed ?? null,
        kind,
        url,
        section,
      };
    })
    .filter((model) => model !== null);
}

/**
 * The emergency contacts of the reader's jurisdictions, nearest first (a region's, then
 * its country's), each jurisdiction once: `[{id, name, contacts: [{name, number, when}]}]`.
 */
export function emergencyContacts(taxonomy, jurisdictions = []) {
  const byId = new Map((taxonomy.jurisdictions ?? []).map((item) => [item.id, item]));
  const ids = unique((jurisdictions ?? []).flatMap((id) => ancestors(taxonomy, id)));
  return ids
    .map((id) => byId.get(id))
    .filter((item) => item && (item.emergency ?? []).length > 0)
    .map((item) => ({
      id: item.id,
      name: item.name,
      contacts: item.emergency.map(({ name, number, when }) => ({
        name,
        number,
        when: when ?? null,
      })),
    }));
}

/**
 * True when the reader chose a country but not a region under it that the candidates'
 * applicable cautions name: regional rules exist they do not see yet.
 */
export function regionalRulesUnseen(taxonomy, cautionIds, reader) {
  const chosen = new Set(reader.jurisdictions ?? []);
  if (chosen.size === 0) return false;
  const anywhere = { ...reader, jurisdictions: null, stage: null };
  const byId = new Map(taxonomy.cautions.map((caution) => [caution.id, caution]));
  return unique(cautionIds).some((id) => {
    const caution = byId.get(id);
    if (!caution || !applies(taxonomy, caution, anywhere)) return false;
    return (caution.jurisdictions ?? []).some(
      (tag) =>
        !chosen.has(tag) &&
        ancestors(taxonomy, tag)
          .slice(1)
          .some((above) => chosen.has(above)),
    );
  });
}

/**
 * For a caution the reader has seen (a hash kept for it): `updated` when it changed
 * since they last saw it (the card marks it), and `previous`, its wording in the
 * guidance copy before this one when it differs (the popup and "More" show old and
 * new, also after the card was seen).
 */
function updateOf(lookups, caution) {
  const hash = cautionHash(caution);
  const before = lookups.seenHashes[caution.id];
  if (typeof before !== "string") return { hash, updated: false, previous: null };
  const old = lookups.previous.get(caution.id);
  const previous =
    old && cautionHash(old) !== hash
      ? { headline: old.headline ?? old.title, action: old.action ?? "", detail: old.detail ?? "" }
      : null;
  return { hash, updated: before !== hash, previous };
}

function cautionModel(lookups, caution, siteSpecific) {
  return {
    id: caution.id,
    title: caution.title,
    headline: caution.headline,
    action: caution.action,
    detail: caution.detail,
    severity: caution.severity,
    force: caution.force,
    basis: caution.basis,
    stage: [...(caution.stage ?? [])],
    jurisdictions: [...(caution.jurisdictions ?? [])],
    references: referenceModels(lookups, caution.references),
    siteSpecific,
    // The reader's emergency numbers go with the caution about the client's location.
    emergency: LOCATION_CAUTION.test(caution.id) ? lookups.emergency : [],
    ...updateOf(lookups, caution),
  };
}

/** The ids in the order of the document's `cautions` list (the rule's last tie-break). */
function inDocumentOrder(taxonomy, ids) {
  const position = new Map(taxonomy.cautions.map((caution, index) => [caution.id, index]));
  return unique(ids)
    .filter((id) => position.has(id))
    .sort((a, b) => position.get(a) - position.get(b));
}

/** The cautions (as models) among `ids` that apply to the reader at any stage, in order. */
function cautionsFor(taxonomy, lookups, ids, siteIds, reader) {
  const applying = applicable(taxonomy, inDocumentOrder(taxonomy, ids), {
    ...reader,
    stage: null,
  });
  return applying.map((caution) => cautionModel(lookups, caution, siteIds.has(caution.id)));
}

function forStage(caution, stage, firstVisit) {
  const stages = caution.stage ?? [];
  if (stages.includes(stage) || stages.includes("anytime")) return true;
  return stage === ARRIVAL_STAGE && firstVisit && stages.includes(SETUP_STAGE);
}

/**
 * THE CHOICE RULE (see the module's comment): of `cautionIds` (the card's candidates),
 * the `top` ones for the moment and, for "Setting up this tool", the `setup` ones
 * (stage `choosing`) that are not among them. `reader` is readerOf's; `stage` the
 * moment (arrival: `before`); `firstVisit` true the first time the site is met.
 * Returns caution objects of the document, each once.
 */
export function chooseCautions(taxonomy, cautionIds, reader, options = {}) {
  const { stage = ARRIVAL_STAGE, firstVisit = false, limit = TOP_CAUTIONS } = options;
  const applying = applicable(taxonomy, inDocumentOrder(taxonomy, cautionIds), {
    ...reader,
    stage: null,
  });
  const top = applying.filter((caution) => forStage(caution, stage, firstVisit)).slice(0, limit);
  const shown = new Set(top.map((caution) => caution.id));
  const setup = applying.filter(
    (caution) => !shown.has(caution.id) && (caution.stage ?? []).includes(SETUP_STAGE),
  );
  return { top, setup };
}

/**
 * The mode note shortened for the card's first view: its first clause (up to the first
 * colon, semicolon, full stop or dash), at most MODE_LINE_WORDS words ("…" when cut);
 * "Live, voice-only contact: you are both there..." gives "Live, voice-only contact".
 */
export function shortModeNote(note) {
  const clause = String(note ?? "")
    .split(/[:;.]\s|[:;.]$|\s[—–-]\s/u)[0]
    .trim();
  const words = clause.split(/\s+/).filter(Boolean);
  if (words.length <= MODE_LINE_WORDS) return words.join(" ");
  return `${words
    .slice(0, MODE_LINE_WORDS)
    .join(" ")
    .replace(/[,;:]$/u, "")}\u2026`;
}

/** A category for display: the cautions that apply to the reader at any stage. */
function categoryModel(taxonomy, lookups, category, siteCautionIds, prefs) {
  const ids = unique([...siteCautionIds, ...category.cautions]);
  const cautions = cautionsFor(taxonomy, lookups, ids, new Set(siteCautionIds), readerOf(prefs));
  return {
    id: category.id,
    name: category.name,
    groups: resolve(lookups.groups, category.groups).map(({ id, name }) => ({ id, name })),
    mode: category.mode,
    modeNote: category.mode_note,
    summary: category.summary,
    benefits: [...category.benefits],
    cautions,
    questions: [...category.questions],
    checklist: [...(category.checklist ?? [])],
    references: referenceModels(lookups, category.references),
  };
}

/**
 * The first view's one mode line for the card's categories: their mode with the first
 * one's short note when they share a mode; "both" without a note when they differ.
 */
export function modeSummary(categories) {
  const modes = unique(categories.map((category) => category.mode));
  if (modes.length === 0) return null;
  if (modes.length > 1) return { mode: "both", note: "" };
  return { mode: modes[0], note: shortModeNote(categories[0].mode_note) };
}

/**
 * Where the reader practises, as the card tells it: `chosen` false until they choose
 * (the card offers "Choose where you practise"), the names chosen, and `regionalNote`
 * when they chose a country whose regions have rules on this card.
 */
function readerPlace(taxonomy, categories, siteCautionIds, prefs) {
  const reader = readerOf(prefs);
  const names = new Map((taxonomy.jurisdictions ?? []).map((item) => [item.id, item.name]));
  const ids = [...siteCautionIds, ...categories.flatMap((category) => category.cautions)];
  return {
    chosen: reader.jurisdictions.length > 0,
    names: reader.jurisdictions.map((id) => names.get(id) ?? id),
    regionalNote: regionalRulesUnseen(taxonomy, ids, reader),
  };
}

/**
 * What chose the card's cautions, for "Why this?": the use (its label; null: not said
 * or the site has none), the stage, the first visit, the jurisdictions' names (none
 * chosen: empty) and the profiles that hold, by their question (null: not asked).
 */
function choiceOf(taxonomy, prefs, use, stage, firstVisit) {
  const reader = readerOf(prefs);
  const names = new Map((taxonomy.jurisdictions ?? []).map((item) => [item.id, item.name]));
  const questions = new Map((taxonomy.profiles ?? []).map((item) => [item.id, item.question]));
  return {
    use: use?.label ?? null,
    stage,
    firstVisit,
    jurisdictions: reader.jurisdictions.map((id) => names.get(id) ?? id),
    profiles:
      reader.profiles === null ? null : reader.profiles.map((id) => questions.get(id) ?? id),
  };
}

/** The card's key cautions and its "Setting up this tool" ones, as models. */
function chosenOf(taxonomy, lookups, categories, siteCautionIds, prefs, options) {
  const ids = [...siteCautionIds, ...categories.flatMap((category) => category.cautions)];
  const siteIds = new Set(siteCautionIds);
  const { top, setup } = chooseCautions(taxonomy, ids, readerOf(prefs), options);
  const model = (caution) => cautionModel(lookups, caution, siteIds.has(caution.id));
  return { topCautions: top.map(model), setupCautions: setup.map(model) };
}

function guidanceInfo(meta, source) {
  const record = typeof source === "string" ? { source } : (source ?? {});
  return {
    version: Number.isInteger(record.version) ? record.version : null,
    reviewed: meta.reviewed,
    nextReview: meta.next_review ?? null,
    title: meta.title,
    publisher: meta.publisher,
    notice: meta.notice ?? null,
    source: record.source === "server" ? "server" : "bundled",
  };
}

/**
 * The uses the card can ask about: those of the first winning site that declares two or
 * more (`[{id, label}]`), with that site's id; none when no winner has several uses.
 */
export function usesOf(taxonomy, siteIds) {
  const sites = byId(taxonomy.sites);
  for (const id of siteIds) {
    const uses = sites.get(id)?.uses ?? [];
    if (uses.length > 1)
      return { siteId: id, uses: uses.map(({ id: use, label }) => ({ id: use, label })) };
  }
  return { siteId: null, uses: [] };
}

/**
 * The reader's stored answer for the site (`answers` is `{[siteId]: useId}`), or null
 * when there is none or the guidance no longer has that use.
 */
export function answeredUse(taxonomy, siteId, answers = {}) {
  const wanted = answers?.[siteId];
  if (typeof wanted !== "string") return null;
  const site = byId(taxonomy.sites).get(siteId);
  return (site?.uses ?? []).some((use) => use.id === wanted) ? wanted : null;
}

/** The winning sites' categories, each once; with a use, that use's for the sites that have it. */
function categoriesFor(lookups, winners, matches, use) {
  if (use === null || use === undefined) return winningCategories(matches);
  const ids = winners.flatMap((match) => {
    const site = lookups.sites.get(match.siteId);
    const declares = (site?.uses ?? []).some((item) => item.id === use);
    return declares ? useCategories(site, use) : match.categories;
  });
  return unique(ids);
}

/**
 * The card for a URL, or null when it matches no site. Every equally most specific site
 * counts and their categories merge into one card (Teams: live chat and video).
 *
 * `index` is `buildGuidanceIndex(taxonomy, prefs.customSites)` (built here when absent);
 * `source` is the stored guidance record (`{source: 'server', version}`) or null for the
 * bundled copy; `stage` is the moment the top cautions are for (the card opens on
 * arrival, before the session or message). `use` is what the reader does on the site
 * (one of its `uses`): the matching sites that declare it bring that use's categories
 * instead of their own; null (until the card can ask) keeps the sites' own.
 * `firstVisit` is true the first time the reader meets the site: the card's key cautions
 * may then be for choosing or setting up the tool (the choice rule, above). `seen` is
 * `{hashes, previous}`: the hash kept of each caution the reader has seen, and the
 * guidance copy before the current one; a seen caution whose hash changed is marked
 * `updated`, with its `previous` wording when that copy has it.
 */
export function buildCardModel({
  taxonomy,
  index,
  url,
  prefs = {},
  source = null,
  stage = ARRIVAL_STAGE,
  use = null,
  firstVisit = false,
  seen = {},
}) {
  const matches = (index ?? buildGuidanceIndex(taxonomy, prefs.customSites)).classify(url);
  if (matches.length === 0) return null;
  const best = matches[0].specificity;
  const winners = matches.filter((match) => compareSpecificity(match.specificity, best) === 0);
  const lookups = lookupsOf(taxonomy, prefs, seen);
  const siteCautionIds = unique(
    winners.flatMap((match) => lookups.sites.get(match.siteId)?.cautions ?? []),
  );
  const categories = resolve(lookups.categories, categoriesFor(lookups, winners, matches, use));
  const models = categories.map((category) =>
    categoryModel(taxonomy, lookups, category, siteCautionIds, prefs),
  );
  const sites = winners.map((match) => ({
    id: match.siteId,
    name: match.siteName,
    pattern: match.pattern,
  }));
  const { siteId: usesSite, uses } = usesOf(
    taxonomy,
    winners.map((match) => match.siteId),
  );
  const chosenUse = uses.find((item) => item.id === use) ?? null;
  const askUse = uses.length > 1 && chosenUse === null;
  const limit = askUse ? TOP_CAUTIONS_WHILE_ASKING : TOP_CAUTIONS;
  return {
    site: sites[0],
    sites,
    categories: models,
    modeSummary: modeSummary(categories),
    ...chosenOf(taxonomy, lookups, categories, siteCautionIds, prefs, {
      stage,
      firstVisit,
      limit,
    }),
    stage,
    firstVisit,
    jurisdiction: readerPlace(taxonomy, categories, siteCautionIds, prefs),
    // A site with several uses: the card asks "What are you doing here?" until answered;
    // a use that brings no category ("personal") means the badge only, no card.
    uses,
    usesSite,
    use: chosenUse,
    askUse,
    badgeOnly: chosenUse !== null && categories.length === 0,
    // For "Why this?": what chose these cautions.
    choice: choiceOf(taxonomy, prefs, chosenUse, stage, firstVisit),
    categoryHashes: Object.fromEntries(
      categories.map((category) => [category.id, hashOf(lookups, category, siteCautionIds)]),
    ),
    guidance: guidanceInfo(taxonomy.meta, source),
  };
}

/** One category for browsing (no site cautions): what applies to the reader, any stage. */
export function categoryDetail(taxonomy, categoryId, prefs = {}) {
  const lookups = lookupsOf(taxonomy, prefs);
  const category = lookups.categories.get(categoryId);
  return category === undefined ? null : categoryModel(taxonomy, lookups, category, [], prefs);
}

/** Every category grouped by group, in document order, with the sites that use it. */
export function catalogue(taxonomy) {
  return taxonomy.groups.map((group) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    categories: taxonomy.categories
      .filter((category) => category.groups.includes(group.id))
      .map((category) => ({
        id: category.id,
        name: category.name,
        mode: category.mode,
        modeNote: category.mode_note,
        summary: category.summary,
        sites: taxonomy.sites
          .filter((site) => site.categories.includes(category.id))
          .map(({ id, name }) => ({ id, name })),
      })),
  }));
}

/**
 * The jurisdictions to choose from as a tree, in document order: each country with its
 * regions (`parent`) under it, `[{id, name, regions: [...]}]`. A region whose parent is
 * missing is a country here; a loop of parents cannot occur in valid guidance.
 */
export function jurisdictionTree(taxonomy) {
  const items = taxonomy.jurisdictions ?? [];
  const known = new Set(items.map((item) => item.id));
  const nodes = new Map(
    items.map((item) => [item.id, { id: item.id, name: item.name, regions: [] }]),
  );
  const roots = [];
  for (const item of items) {
    const node = nodes.get(item.id);
    if (item.parent && known.has(item.parent) && item.parent !== item.id) {
      nodes.get(item.parent).regions.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}
