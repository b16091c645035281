// Match patterns: the shared vectors, and the index against the plain scan.
// Python runs the same vectors (tests/test_matching.py) and checks Python against this module.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import {
  MatchPattern,
  PatternError,
  SiteIndex,
  buildIndex,
  classify,
  classifyByScan,
  hostContains,
  parsePattern,
  parseUrl,
  patternMatches,
  specificity,
  winningCategories,
} from "../lib/matcher.js";

const SHARED = new URL("../../shared/", import.meta.url);
const VECTORS = readShared("match-cases.json");
const TAXONOMY = "taxonomy.json";
const CLASSIFICATION_CASES = "classification-cases.json";

function readShared(name) {
  return JSON.parse(fs.readFileSync(new URL(name, SHARED), "utf8"));
}

/** false when the file is there, or the reason to skip while it is not. */
function missing(...names) {
  const absent = names.filter((name) => !fs.existsSync(new URL(name, SHARED)));
  return absent.length ? `shared/${absent.join(", shared/")} does not exist yet` : false;
}

function summary(matches) {
  return matches.map((m) => [m.siteId, m.pattern, [...m.specificity], [...m.categories]]);
}

function label(...values) {
  return values.map((value) => JSON.stringify(value)).join(" ");
}

// --- The shared vectors -------------------------------------------------------------------

describe("rejected patterns", () => {
  for (const { pattern, kind, note } of VECTORS.parse_errors) {
    test(`${label(pattern)}: ${note}`, () => {
      assert.throws(
        () => parsePattern(pattern),
        (error) => error instanceof PatternError && error.kind === kind && error.message.length > 0,
      );
    });
  }
});

describe("parsed patterns", () => {
  for (const vector of VECTORS.patterns) {
    test(`${label(vector.pattern)}: ${vector.note}`, () => {
      const pattern = parsePattern(vector.pattern);
      assert.equal(pattern.raw, vector.pattern);
      assert.equal(pattern.scheme, vector.scheme);
      assert.equal(pattern.host, vector.host);
      assert.equal(pattern.matchSubdomains, vector.match_subdomains);
      assert.equal(pattern.path, vector.path);
      assert.deepEqual([...specificity(vector.pattern)], vector.specificity);
    });
  }
});

describe("canonical URLs", () => {
  for (const vector of VECTORS.urls) {
    test(`${label(vector.url)}: ${vector.note}`, () => {
      const expected = vector.valid
        ? { scheme: vector.scheme, hostname: vector.hostname, path: vector.path }
        : null;
      assert.deepEqual(parseUrl(vector.url), expected);
    });
  }
});

describe("pattern matches URL", () => {
  for (const { pattern, url, expected, note } of VECTORS.cases) {
    test(`${label(pattern, url)}: ${note}`, () => {
      assert.equal(patternMatches(pattern, url), expected);
      assert.equal(patternMatches(parsePattern(pattern), url), expected);
    });
  }
});

describe("classification vectors", () => {
  const taxonomy = { sites: VECTORS.classify.sites };
  const index = buildIndex(taxonomy);
  for (const vector of VECTORS.classify.cases) {
    test(`${label(vector.url)}: ${vector.note}`, () => {
      const expected = vector.expected.map((item) => [item.site, item.pattern]);
      for (const matches of [classify(index, vector.url), classifyByScan(taxonomy, vector.url)]) {
        assert.deepEqual(
          matches.map((m) => [m.siteId, m.pattern]),
          expected,
        );
        assert.deepEqual(winningCategories(matches), vector.winning);
      }
    });
  }
});

// --- The API around the vectors -----------------------------------------------------------

test("a parsed pattern is frozen and passes through parsePattern", () => {
  const pattern = parsePattern("https://*.zoom.us/*");
  assert.ok(pattern instanceof MatchPattern);
  assert.equal(parsePattern(pattern), pattern);
  assert.ok(Object.isFrozen(pattern));
});

test("non-string URLs match nothing", () => {
  assert.equal(patternMatches("<all_urls>", undefined), false);
  assert.deepEqual(classifyByScan({ sites: [] }, 42), []);
});

test("specificity orders exact over wildcard over any host", () => {
  const ranked = [
    "https://www.zoom.us/j/*",
    "https://www.zoom.us/*",
    "https://zoom.us/j/*",
    "https://*.www.zoom.us/*",
    "https://*.zoom.us/j/*",
    "https://*.zoom.us/*",
    "*://*/j/*",
    "*://*/*",
    "<all_urls>",
  ];
  const ranks = ranked.map((pattern) => specificity(pattern).join(","));
  const sorted = [...ranked]
    .map((pattern) => specificity(pattern))
    .sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])
    .map((rank) => rank.join(","));
  assert.deepEqual(ranks, sorted);
  assert.equal(new Set(ranks).size, ranks.length);
});

test("buildIndex names the bad pattern", () => {
  const taxonomy = { sites: [site("zoom", "https://zoom.us/*", "https://zoom.us")] };
  assert.throws(
    () => buildIndex(taxonomy),
    (error) =>
      error instanceof PatternError &&
      error.kind === "missing-path" &&
      error.message.includes("sites[0].patterns[1]"),
  );
});

test("classify takes a document or an index", () => {
  const taxonomy = { sites: [site("zoom", "https://*.zoom.us/*")] };
  const index = buildIndex(taxonomy);
  assert.ok(index instanceof SiteIndex);
  const expected = [
    {
      siteId: "zoom",
      siteName: "Zoom",
      categories: ["video"],
      pattern: "https://*.zoom.us/*",
      specificity: [0, 2, 1],
    },
  ];
  assert.deepEqual(classify(index, "https://a.zoom.us/"), expected);
  assert.deepEqual(classify(taxonomy, "https://a.zoom.us/"), expected);
  assert.deepEqual(index.classify("https://a.zoom.us/"), expected);
});

test("one match per site, with its best pattern; the first of equals", () => {
  const best = site("zoom", "https://*.zoom.us/*", "https://zoom.us/j/*", "https://zoom.us/*");
  assert.deepEqual(
    classify({ sites: [best] }, "https://zoom.us/j/1").map((m) => m.pattern),
    ["https://zoom.us/j/*"],
  );
  const ties = { sites: [site("zoom", "https://zoom.us/a*", "https://zoom.us/*a")] };
  const url = "https://zoom.us/a";
  for (const matches of [classify(ties, url), classifyByScan(ties, url)]) {
    assert.deepEqual(
      matches.map((m) => m.pattern),
      ["https://zoom.us/a*"],
    );
  }
});

test("winning categories combine ties without repeats", () => {
  const top = [1, 2, 1];
  const matches = [
    { siteId: "a", categories: ["video", "live-chat"], specificity: top },
    { siteId: "b", categories: ["live-chat", "email", "video"], specificity: top },
    { siteId: "c", categories: ["calendar"], specificity: [0, 1, 1] },
  ];
  assert.deepEqual(winningCategories(matches), ["video", "live-chat", "email"]);
  assert.deepEqual(winningCategories([]), []);
});

// --- The index against the plain scan -----------------------------------------------------

test("index agrees with the scan on generated URLs", () => {
  const taxonomy = vectorTaxonomy();
  const index = buildIndex(taxonomy);
  for (const url of generatedUrls(taxonomy, 4000, 20261127)) {
    assert.deepEqual(summary(index.classify(url)), summary(classifyByScan(taxonomy, url)), url);
  }
});

test("index agrees with the scan on the default taxonomy", { skip: missing(TAXONOMY) }, () => {
  const taxonomy = readShared(TAXONOMY);
  const index = buildIndex(taxonomy);
  for (const url of generatedUrls(taxonomy, 3000, 7)) {
    assert.deepEqual(summary(index.classify(url)), summary(classifyByScan(taxonomy, url)), url);
  }
});

test(
  "default taxonomy classification cases",
  { skip: missing(TAXONOMY, CLASSIFICATION_CASES) },
  () => {
    const index = buildIndex(readShared(TAXONOMY));
    const failures = [];
    for (const { url, expected } of readShared(CLASSIFICATION_CASES).cases) {
      const got = winningCategories(index.classify(url));
      if (JSON.stringify([...got].sort()) !== JSON.stringify([...expected].sort())) {
        failures.push(`${url}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      }
    }
    assert.deepEqual(failures, []);
  },
);

// --- Helpers --------------------------------------------------------------------------------

function site(id, ...patterns) {
  return { id, name: id[0].toUpperCase() + id.slice(1), patterns, categories: ["video"] };
}

/** Every valid pattern in the vectors as a site, plus the classify sites. */
function vectorTaxonomy() {
  const sites = [...VECTORS.classify.sites];
  const seen = new Set();
  [...VECTORS.patterns, ...VECTORS.cases].forEach(({ pattern }, number) => {
    if (seen.has(pattern)) return;
    seen.add(pattern);
    const categories = [["video", "email", "calendar", "texting"][number % 4]];
    sites.push({ id: `site-${number}`, name: `Site ${number}`, patterns: [pattern], categories });
  });
  return { sites };
}

/** A small deterministic PRNG (mulberry32), so failures can be replayed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** URLs around the taxonomy's own hosts and paths: hits, near misses and tricks. */
function generatedUrls(taxonomy, count, seed) {
  const next = random(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const hosts = new Set(["example.com", "127.0.0.1", "[::1]", "localhost"]);
  const paths = new Set(["/", "/x", "/j/1"]);
  for (const { patterns } of taxonomy.sites) {
    for (const raw of patterns) {
      const pattern = parsePattern(raw);
      if (!pattern.anyHost) hosts.add(pattern.host);
      paths.add(pattern.path.replaceAll("*", "x"));
    }
  }
  const hostList = [...hosts];
  const pathList = [...paths];
  const urls = [];
  for (let i = 0; i < count; i += 1) {
    let host = pick(hostList);
    if (!host.startsWith("[") && next() < 0.5) {
      host = pick(["www.", "a.b.", "not", "x-", "us04web."]) + host;
    }
    if (next() < 0.2) host = pick([host.toUpperCase(), `${host}.`, `${host}.evil.example`]);
    const scheme = pick(["https", "https", "http", "ftp", "HTTPS"]);
    const user = pick(["", "", "", "user@", `${pick(hostList)}@`]);
    const port = pick(["", "", "", ":8080", ":443"]);
    const path = pick(pathList) + pick(["", "", "/more", "/../up", "x"]);
    const query = pick(["", "", "?q=1", "?", `?u=https://${pick(hostList)}/`]);
    const fragment = pick(["", "", "#top", "#?x"]);
    urls.push(`${scheme}://${user}${host}${port}${path}${query}${fragment}`);
  }
  return urls;
}

// [outer, inner, every host inner matches is one outer matches] (as algebra.py's)
const HOST_CONTAINS = [
  ["https://*.a.com/*", "https://a.com/x", true],
  ["https://*.a.com/*", "https://b.a.com/*", true],
  ["https://*.a.com/*", "https://ba.com/*", false],
  ["https://a.com/*", "https://*.a.com/*", false],
  ["https://a.com/*", "http://a.com/pricing*", true],
  ["https://1.2.3.4/*", "https://*.1.2.3.4/*", true],
  ["*://*/*", "https://a.com/*", true],
  ["https://a.com/*", "*://*/*", false],
];

describe("hostContains", () => {
  for (const [outer, inner, expected] of HOST_CONTAINS) {
    test(`${outer} over ${inner}`, () => assert.equal(hostContains(outer, inner), expected));
  }
});
