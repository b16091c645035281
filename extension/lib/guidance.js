// The card model for a URL: which site, which categories, which cautions first. Pure:
// built from a (validated) taxonomy and the user's prefs; the UI only renders it.

import { buildIndex, compareSpecificity, parsePattern, winningCategories } from "./matcher.js";
import { isTooBroad } from "./validate.js";

export const CUSTOM_PREFIX = "custom-";
export const TOP_CAUTIONS = 3;
const SEVERITY_RANK = Object.freeze({ high: 0, medium: 1, low: 2 });
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

function lookupsOf(taxonomy) {
  return {
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
 * first) and every reference, so any change of wording changes the hash. Jurisdiction
 * filtering is left out: changing one's own jurisdictions is not new guidance.
 */
function hashOf(lookups, category, siteCautionIds) {
  const cautions = resolve(lookups.cautions, unique([...siteCautionIds, ...category.cautions]));
  return fnv1a32(
    canonicalJson({
      category,
      cautions: cautions.map((caution) => ({
        ...caution,
        references: resolve(lookups.references, caution.references),
      })),
      references: resolve(lookups.references, category.references),
    }),
  );
}

/** The content hash of one category (with a site's own cautions, if any). */
export function categoryHash(taxonomy, categoryId, siteCautionIds = []) {
  const lookups = lookupsOf(taxonomy);
  const category = lookups.categories.get(categoryId);
  return category === undefined ? null : hashOf(lookups, category, siteCautionIds);
}

// --- Models ------------------------------------------------------------------------------

/** A caution with no jurisdiction tags applies everywhere; no jurisdictions chosen: all. */
export function appliesTo(caution, jurisdictions) {
  const tags = caution.jurisdictions ?? [];
  return !jurisdictions?.length || !tags.length || tags.some((tag) => jurisdictions.includes(tag));
}

function isHttps(url) {
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false; // not a URL: no link
  }
}

function referenceModels(lookups, ids) {
  return resolve(lookups.references, ids)
    .filter((reference) => isHttps(reference.url))
    .map(({ title, publisher, year, url }) => ({ title, publisher, year, url }));
}

function cautionModel(lookups, caution, siteSpecific) {
  return {
    id: caution.id,
    title: caution.title,
    text: caution.text,
    severity: caution.severity,
    jurisdictions: [...(caution.jurisdictions ?? [])],
    references: referenceModels(lookups, caution.references),
    siteSpecific,
  };
}

/** A category for display, with site cautions first and cautions filtered by jurisdiction. */
function categoryModel(lookups, category, siteCautionIds, jurisdictions) {
  const siteIds = new Set(siteCautionIds);
  const cautions = resolve(lookups.cautions, unique([...siteCautionIds, ...category.cautions]))
    .filter((caution) => appliesTo(caution, jurisdictions))
    .map((caution) => cautionModel(lookups, caution, siteIds.has(caution.id)));
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

/** The most important cautions of the merged card: site's first, then severity, then order. */
function topCautionsOf(categories) {
  const seen = new Map();
  for (const category of categories) {
    for (const caution of category.cautions) {
      if (!seen.has(caution.id)) seen.set(caution.id, { caution, order: seen.size });
    }
  }
  const severity = ({ caution }) => SEVERITY_RANK[caution.severity] ?? SEVERITY_RANK.low;
  const site = ({ caution }) => (caution.siteSpecific ? 0 : 1);
  return [...seen.values()]
    .sort((a, b) => site(a) - site(b) || severity(a) - severity(b) || a.order - b.order)
    .slice(0, TOP_CAUTIONS)
    .map(({ caution }) => caution);
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
 * The card for a URL, or null when it matches no site. Every equally most specific site
 * counts and their categories merge into one card (Teams: live chat and video).
 *
 * `index` is `buildGuidanceIndex(taxonomy, prefs.customSites)` (built here when absent);
 * `source` is the stored guidance record (`{source: 'server', version}`) or null for the
 * bundled copy.
 */
export function buildCardModel({ taxonomy, index, url, prefs = {}, source = null }) {
  const matches = (index ?? buildGuidanceIndex(taxonomy, prefs.customSites)).classify(url);
  if (matches.length === 0) return null;
  const best = matches[0].specificity;
  const winners = matches.filter((match) => compareSpecificity(match.specificity, best) === 0);
  const lookups = lookupsOf(taxonomy);
  const siteCautionIds = unique(
    winners.flatMap((match) => lookups.sites.get(match.siteId)?.cautions ?? []),
  );
  const categories = resolve(lookups.categories, winningCategories(matches));
  const models = categories.map((category) =>
    categoryModel(lookups, category, siteCautionIds, prefs.jurisdictions),
  );
  const sites = winners.map((match) => ({
    id: match.siteId,
    name: match.siteName,
    pattern: match.pattern,
  }));
  return {
    site: sites[0],
    sites,
    categories: models,
    topCautions: topCautionsOf(models),
    categoryHashes: Object.fromEntries(
      categories.map((category) => [category.id, hashOf(lookups, category, siteCautionIds)]),
    ),
    guidance: guidanceInfo(taxonomy.meta, source),
  };
}

/** One category for browsing (no site cautions), filtered by the user's jurisdictions. */
export function categoryDetail(taxonomy, categoryId, prefs = {}) {
  const lookups = lookupsOf(taxonomy);
  const category = lookups.categories.get(categoryId);
  return category === undefined ? null : categoryModel(lookups, category, [], prefs.jurisdictions);
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
