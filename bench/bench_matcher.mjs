// Benchmark: classifying URLs with the host index against trying every pattern.
//
// Run from the repository root: `node bench/bench_matcher.mjs`. It measures
// shared/taxonomy.json (when present) and a synthetic taxonomy of 10,000 pattern rules,
// generated exactly as bench/bench_matching.py generates it, and prints URLs per second.
import assert from "node:assert/strict";
import fs from "node:fs";

import { buildIndex, classifyByScan } from "../extension/lib/matcher.js";

const SYNTHETIC_RULES = 10_000;
const URL_COUNT = 2_000;
const SECONDS_PER_MEASURE = 1.5;
const TARGET_RATIO = 50;
const TARGET_INDEXED_RATE = 500_000;
const WORDS = [
  "care",
  "talk",
  "mind",
  "meet",
  "chat",
  "mail",
  "note",
  "book",
  "cloud",
  "link",
  "space",
  "well",
  "calm",
  "path",
  "bridge",
  "circle",
  "hub",
  "desk",
  "flow",
  "room",
];
const TLDS = ["com", "org", "net", "io", "co.uk", "health", "app"];
const CATEGORIES = [
  "telephone",
  "live-chat",
  "video",
  "email",
  "texting",
  "social-media",
  "online-resources",
  "calendar",
  "ai-assistants",
];
const TAXONOMY_URL = new URL("../shared/taxonomy.json", import.meta.url);

/** The same small PRNG as the Python benchmark, so both measure the same rules and URLs. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A taxonomy of exact, subdomain and path rules, and URLs: half hits, half misses. */
function synthetic(ruleCount, urlCount, seed = 2026) {
  const rnd = mulberry32(seed);
  const pick = (items) => items[Math.floor(rnd() * items.length)];
  const rules = [];
  for (let number = 0; number < ruleCount; number += 1) {
    const host = `${pick(WORDS)}${pick(WORDS)}${number}.${pick(TLDS)}`;
    const roll = rnd();
    if (roll < 0.4) rules.push({ kind: "exact", host, pattern: `https://${host}/*` });
    else if (roll < 0.75) rules.push({ kind: "subdomains", host, pattern: `*://*.${host}/*` });
    else {
      const word = pick(WORDS);
      const prefix = pick(["", "*."]);
      rules.push({ kind: "path", host, pattern: `https://${prefix}${host}/${word}/*`, word });
    }
  }
  const sites = [];
  for (let position = 0; position < rules.length;) {
    const size = 1 + Math.floor(rnd() * 3);
    const patterns = rules.slice(position, position + size).map((rule) => rule.pattern);
    const number = sites.length;
    sites.push({
      id: `site-${number}`,
      name: `Site ${number}`,
      patterns,
      categories: [CATEGORIES[number % CATEGORIES.length]],
    });
    position += size;
  }
  const urls = [];
  for (let number = 0; number < urlCount; number += 1) {
    urls.push(syntheticUrl(pick(rules), rnd, pick, number));
  }
  return { taxonomy: { sites }, urls };
}

function syntheticUrl(rule, rnd, pick, number) {
  const { kind, host } = rule;
  if (rnd() < 0.5) {
    if (kind === "exact") return `https://${host}/${pick(WORDS)}?q=${number}`;
    if (kind === "subdomains") return `https://${pick(WORDS)}.${host}/${pick(WORDS)}/${number}`;
    return `https://${host}/${rule.word}/${number}#top`;
  }
  return pick([
    `https://not${host}/`,
    `https://${host}.evil.example/${number}`,
    `https://www.unrelated${number}.example/${pick(WORDS)}`,
    `https://${host}@evil.example/`,
  ]);
}

/**
 * URLs per second, running over the URLs repeatedly for about `seconds`; also the number
 * of matches seen, returned so that no result can be optimised away.
 */
function rate(classifyOne, urls, seconds = SECONDS_PER_MEASURE) {
  let done = 0;
  let found = 0;
  const start = performance.now();
  const limit = start + seconds * 1000;
  while (performance.now() < limit) {
    // Check the clock every 256 URLs, not after each one.
    for (let i = 0; i < urls.length && (i % 256 !== 255 || performance.now() < limit); i += 1) {
      found += classifyOne(urls[i]).length;
      done += 1;
    }
  }
  return [(done * 1000) / (performance.now() - start), found];
}

const fmt = (value) => Math.round(value).toLocaleString("en-GB");

/** One row of figures: build time, indexed and scanned URLs/second, and the ratio. */
function measure(name, taxonomy, urls) {
  const started = performance.now();
  const index = buildIndex(taxonomy);
  const buildMs = performance.now() - started;
  // The index must give exactly what the scan gives before its speed means anything.
  for (const url of urls.slice(0, 300)) {
    assert.deepEqual(index.classify(url), classifyByScan(taxonomy, url), url);
  }
  const hits = urls.filter((url) => index.classify(url).length > 0).length;
  const [indexed] = rate((url) => index.classify(url), urls);
  const [scanned] = rate((url) => classifyByScan(taxonomy, url), urls);
  const rules = taxonomy.sites.reduce((total, site) => total + site.patterns.length, 0);
  console.log(
    [
      name.padEnd(22),
      String(rules).padStart(6),
      String(urls.length).padStart(6),
      `${Math.round((100 * hits) / urls.length)}%`.padStart(5),
      buildMs.toFixed(1).padStart(8),
      fmt(indexed).padStart(13),
      fmt(scanned).padStart(11),
      `${fmt(indexed / scanned)}x`.padStart(10),
    ].join(" "),
  );
  return { rules, indexed, ratio: indexed / scanned };
}

/** URLs for the real taxonomy: its own hosts with subdomains and paths, and misses. */
function defaultUrls(taxonomy, count = URL_COUNT) {
  const hosts = new Set();
  for (const site of taxonomy.sites) {
    for (const raw of site.patterns) {
      hosts.add(raw.split("://")[1].split("/")[0].replace(/^\*\./, ""));
    }
  }
  const hostList = [...hosts].sort();
  const rnd = mulberry32(7);
  const prefixes = ["", "www.", "app.", "not", "us04web."];
  const urls = [];
  for (let number = 0; number < count; number += 1) {
    const prefix = prefixes[Math.floor(rnd() * prefixes.length)];
    const host = hostList[Math.floor(rnd() * hostList.length)];
    urls.push(`https://${prefix}${host}/x/${number}`);
  }
  return urls;
}

function main() {
  console.log(`Match-pattern benchmark, Node ${process.version} (${process.arch})`);
  console.log(`URLs/s over about ${SECONDS_PER_MEASURE} s of classify() calls on the URL list\n`);
  const widths = [-22, 6, 6, 5, 8, 13, 11, 10];
  const headings = ["taxonomy", "rules", "urls", "hits", "build ms", "index URLs/s", "scan URLs/s"];
  console.log(
    [...headings, "ratio"]
      .map((text, i) => (widths[i] < 0 ? text.padEnd(-widths[i]) : text.padStart(widths[i])))
      .join(" "),
  );
  if (fs.existsSync(TAXONOMY_URL)) {
    const taxonomy = JSON.parse(fs.readFileSync(TAXONOMY_URL, "utf8"));
    measure("shared/taxonomy.json", taxonomy, defaultUrls(taxonomy));
  } else {
    console.log("shared/taxonomy.json   (not present: skipped)");
  }
  const { taxonomy, urls } = synthetic(SYNTHETIC_RULES, URL_COUNT);
  const { rules, indexed, ratio } = measure(`synthetic ${fmt(SYNTHETIC_RULES)}`, taxonomy, urls);
  const verdict = (met) => (met ? "met" : "NOT met");
  console.log(
    `\ntarget: index >= ${TARGET_RATIO}x scan at ${fmt(rules)} rules:` +
      ` ${verdict(ratio >= TARGET_RATIO)} (${fmt(ratio)}x)`,
  );
  console.log(
    `target: index >= ${fmt(TARGET_INDEXED_RATE)} URLs/s:` +
      ` ${verdict(indexed >= TARGET_INDEXED_RATE)} (${fmt(indexed)})`,
  );
  console.log(`first synthetic URL (same in the Python benchmark): ${urls[0]}`);
}

main();
