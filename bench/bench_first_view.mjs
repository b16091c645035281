// Benchmark: how many words the card's first view shows on every shipped site, before any
// first-run answer (a first visit, no jurisdiction, profiles or use chosen), counted by
// lib/first-view.js over the card model with the text the card draws.
//
// Run from the repository root: `node bench/bench_first_view.mjs [--all]`. It prints the
// maximum and median over all shipped sites, how many are over the limit, and the worst
// ten (`--all`: every site).
import fs from "node:fs";

import { FIRST_VIEW_MAX_WORDS, firstViewWords } from "../extension/lib/first-view.js";
import { buildCardModel, buildGuidanceIndex } from "../extension/lib/guidance.js";
import { parsePattern, patternMatches } from "../extension/lib/matcher.js";
import { LOCALE, translate } from "../extension/tests/messages.js";

const taxonomy = JSON.parse(fs.readFileSync("shared/taxonomy.json", "utf8"));
const index = buildGuidanceIndex(taxonomy);

// Addresses a pattern matches, www first; a site's excludes may take some away (a
// vendor's www host can be its marketing site), so the first one left is used.
function addressesOf(pattern) {
  const www = pattern.replace("://*.", "://www.").replace(/\*$/u, "");
  return [www, www.replace("://www.", "://"), www.replace("://www.", "://app.")];
}

function siteAddress(site) {
  const excludes = (site.exclude ?? []).map((raw) => parsePattern(raw));
  const left = (url) => !excludes.some((exclude) => patternMatches(exclude, url));
  return addressesOf(site.patterns[0]).find(left) ?? addressesOf(site.patterns[0])[0];
}

const views = taxonomy.sites
  .map((site) => {
    const url = siteAddress(site);
    const model = buildCardModel({ taxonomy, index, url, firstVisit: true });
    return { site: site.id, words: model ? firstViewWords(model, translate, LOCALE) : 0 };
  })
  .sort((a, b) => b.words - a.words);

const counts = views.map((view) => view.words).sort((a, b) => a - b);
const middle = Math.floor(counts.length / 2);
const median = counts.length % 2 ? counts[middle] : (counts[middle - 1] + counts[middle]) / 2;
const over = views.filter((view) => view.words > FIRST_VIEW_MAX_WORDS);

console.log(`first-view words over ${views.length} shipped sites (limit ${FIRST_VIEW_MAX_WORDS})`);
console.log(
  `max ${counts.at(-1)}  median ${median}  min ${counts[0]}  over the limit ${over.length}`,
);
const shown = process.argv.includes("--all") ? views : views.slice(0, 10);
for (const view of shown) console.log(`${String(view.words).padStart(5)}  ${view.site}`);
