// The rules between a document's items that JSON Schema cannot state, read from the
// shared table (shared/taxonomy-rules.json, bundled as lib/taxonomy-schema.js): ids are
// unique and resolve, required ids exist, every caution, reference and profile is used,
// dates are in order, jurisdictions form a tree. The meaning is server/taxonomy/rules.py's,
// step for step, so both report the same problems at the same paths.
//
// Runs on the raw document even when fields are invalid; malformed items are skipped
// (the schema's problems cover them). Pure.

import { isoDayNumber } from "./dates.js";
import { formatPath, isPlainObject } from "./json-schema.js";

const SINGULAR = Object.freeze({
  jurisdictions: "jurisdiction",
  profiles: "profile",
  groups: "group",
  categories: "category",
  cautions: "caution",
  references: "reference",
  sites: "site",
  uses: "use",
});

/** [index, item] for the well-formed items of a list: objects with a string id. */
function itemsOf(value) {
  if (!Array.isArray(value)) return [];
  return value
    .map((item, index) => [index, item])
    .filter(([, item]) => isPlainObject(item) && typeof item.id === "string");
}

function uniqueIds(items, keys, add) {
  const seen = new Set();
  for (const [index, item] of items) {
    if (seen.has(item.id)) add([...keys, index, "id"], `Duplicate id '${item.id}'.`);
    seen.add(item.id);
  }
  return seen;
}

/** [keys, value] of `field` in each item; `a[].b` is field b of each item of list a. */
function valuesOf(items, section, field) {
  const [outer, inner] = field.split("[].");
  const found = [];
  for (const [index, item] of items) {
    if (inner === undefined) {
      if (Object.hasOwn(item, outer)) found.push([[section, index, outer], item[outer]]);
      continue;
    }
    const nested = Array.isArray(item[outer]) ? item[outer] : [];
    nested.forEach((entry, position) => {
      if (isPlainObject(entry) && Object.hasOwn(entry, inner)) {
        found.push([[section, index, outer, position, inner], entry[inner]]);
      }
    });
  }
  return found;
}

/** [position or null, id] of each id a field cites: one id, or ids and citations. */
function idsCited(value) {
  if (typeof value === "string") return [[null, value]];
  if (!Array.isArray(value)) return [];
  const cited = [];
  value.forEach((entry, position) => {
    const id = isPlainObject(entry) ? entry.ref : entry;
    if (typeof id === "string") cited.push([position, id]);
  });
  return cited;
}

/** The ids a list of ids and citations names, in order. */
export function cited(value) {
  return idsCited(value).map(([, id]) => id);
}

function laterDates(document, rule, items, add) {
  const places =
    rule.section === "meta"
      ? [[["meta"], document.meta]]
      : items[rule.section].map(([index, item]) => [[rule.section, index], item]);
  for (const [keys, item] of places) {
    if (!isPlainObject(item)) continue;
    const later = isoDayNumber(item[rule.field]);
    const earlier = isoDayNumber(item[rule.than]);
    if (later !== null && earlier !== null && later <= earlier) {
      add([...keys, rule.field], `Must be after ${rule.than}.`);
    }
  }
}

/** Following the parent field from any item must end at a root, never come back round. */
function tree(items, rule, add) {
  const parents = new Map(items.map(([, item]) => [item.id, item[rule.field]]));
  for (const [index, item] of items) {
    const seen = new Set([item.id]);
    let current = parents.get(item.id);
    while (typeof current === "string" && parents.has(current)) {
      if (seen.has(current)) {
        add([rule.section, index, rule.field], "Makes a loop of parents.");
        break;
      }
      seen.add(current);
      current = parents.get(current);
    }
  }
}

/** Every problem between the items of `document` the table states, as `{path, message}`. */
export function ruleProblems(document, table) {
  const problems = [];
  const add = (keys, message) => problems.push({ path: formatPath(keys), message });
  const items = Object.fromEntries(table.sections.map((name) => [name, itemsOf(document[name])]));
  const known = {};
  for (const rule of table.unique_ids) {
    if (rule.within !== undefined) {
      for (const [index, item] of items[rule.section]) {
        uniqueIds(itemsOf(item[rule.within]), [rule.section, index, rule.within], add);
      }
    } else {
      known[rule.section] = uniqueIds(items[rule.section], [rule.section], add);
    }
  }

  for (const [name, required] of Object.entries(table.required_ids)) {
    for (const id of required) {
      if (!known[name].has(id)) add([name], `The ${SINGULAR[name]} '${id}' is required.`);
    }
  }

  const used = Object.fromEntries(table.used.map((name) => [name, new Set()]));
  for (const rule of table.references) {
    const { target } = rule;
    for (const [keys, value] of valuesOf(items[rule.section], rule.section, rule.field)) {
      const refs = idsCited(value);
      for (const [position, id] of refs) {
        const where = position === null ? keys : [...keys, position];
        if (!known[target].has(id)) add(where, `Unknown ${SINGULAR[target]} '${id}'.`);
        used[target]?.add(id);
      }
      const listed = refs.map(([, id]) => id);
      if (Array.isArray(value) && new Set(listed).size !== listed.length) {
        add(keys, "Lists an id more than once.");
      }
    }
  }

  for (const [name, namesUsed] of Object.entries(used)) {
    for (const [index, item] of items[name]) {
      if (!namesUsed.has(item.id))
        add([name, index, "id"], `'${item.id}' is not used by anything.`);
    }
  }

  for (const rule of table.later_dates) laterDates(document, rule, items, add);
  if (table.tree) tree(items[table.tree.section], table.tree, add);
  return problems;
}
