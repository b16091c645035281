// WebExtension match patterns with Chrome's semantics, and an index that classifies URLs.
//
// A pattern is `<scheme>://<host><path>` or `<all_urls>` (docs/taxonomy-format.md).
// URLs are read with the WHATWG `URL` class (what `new URL()` gives in Chrome and Node);
// server/matching/patterns.py mirrors this module and both run the vectors in
// shared/match-cases.json. No dependencies and no Node-only APIs: this runs in the
// service worker, in content scripts and in Node.

const SCHEMES = new Set(["http", "https", "*"]);
const ANY_HOST = "*";
// C0 controls, space, DEL and the Unicode spaces, as in server/matching/patterns.py.
const WHITESPACE =
  "[\\x00-\\x20\\x7f\\x85\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";
const EDGE_WHITESPACE = new RegExp(`^${WHITESPACE}|${WHITESPACE}$`);
const SCHEME_LIKE = /^[A-Za-z][A-Za-z0-9+-]*$/;
// Characters that would make the URL parser read a pattern host as something else.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const HOST_MISREAD = /[\x00-\x20\x7f@/\\?#]/;
const IPV4_HOST = /^\d+\.\d+\.\d+\.\d+$/;
const PARSE_CACHE_LIMIT = 32768;
const parseCache = new Map();

/** A pattern Chrome would reject; `kind` is a stable tag shared with server/matching/patterns.py. */
export class PatternError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = "PatternError";
    this.kind = kind;
  }
}

/** A parsed pattern; `host` is canonical (lower-case ASCII, no trailing dot) or '*'. */
export class MatchPattern {
  constructor(raw, scheme, host, matchSubdomains, path, allUrls = false) {
    this.raw = raw;
    this.scheme = scheme;
    this.host = host;
    this.matchSubdomains = matchSubdomains;
    this.path = path;
    this.allUrls = allUrls;
    this.glob = Object.freeze(path.split("*"));
    this.rank = Object.freeze(rankOf(this));
    Object.freeze(this);
  }

  /** True when the pattern matches every host (`*` or `<all_urls>`). */
  get anyHost() {
    return this.host === ANY_HOST;
  }
}

// --- URLs --------------------------------------------------------------------------------

/**
 * An http(s) URL as matching sees it: `{scheme, hostname, path}`, where `path` is the
 * pathname plus `?query` when the URL has a query (even an empty one), as Chrome matches.
 * Returns null for anything else or anything unparseable.
 */
export function parseUrl(url) {
  if (typeof url !== "string") return null;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null; // not a URL at all: it simply matches nothing
  }
  const { protocol } = parsed;
  if (protocol !== "http:" && protocol !== "https:") return null;
  const scheme = protocol.slice(0, -1);
  return { scheme, hostname: parsed.hostname, path: pathForMatching(parsed) };
}

function pathForMatching(parsed) {
  if (parsed.search) return parsed.pathname + parsed.search;
  // `search` is '' both without a query and with an empty one ("/x?"); Chrome tells them
  // apart. A serialised href has no raw '?' or '#' outside the query and fragment.
  const { href } = parsed;
  const hashAt = href.indexOf("#");
  const end = hashAt < 0 ? href.length : hashAt;
  return href.charCodeAt(end - 1) === 63 ? `${parsed.pathname}?` : parsed.pathname;
}

/** Hosts compare without one trailing dot, as Chrome does (`zoom.us.` is `zoom.us`). */
function matchHost(hostname) {
  return hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
}

function isIp(host) {
  return host.startsWith("[") || IPV4_HOST.test(host);
}

// --- Patterns ----------------------------------------------------------------------------

/** Parse a match pattern, or throw a PatternError saying what is wrong. */
export function parsePattern(pattern) {
  if (pattern instanceof MatchPattern) return pattern;
  if (typeof pattern !== "string") {
    throw new PatternError("not-a-string", "a pattern must be a string");
  }
  let parsed = parseCache.get(pattern);
  if (parsed === undefined) {
    parsed = parseText(pattern);
    // A memo, not state: losing it when the worker stops costs nothing. A bound, not an
    // LRU: patterns come from one taxonomy at a time.
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(pattern, parsed);
  }
  return parsed;
}

function parseText(text) {
  if (text === "") throw new PatternError("empty", "the pattern is empty");
  if (EDGE_WHITESPACE.test(text)) {
    throw new PatternError("whitespace", "the pattern has whitespace around it; remove it");
  }
  if (text === "<all_urls>") return new MatchPattern(text, "*", ANY_HOST, true, "/*", true);
  const separator = text.indexOf("://");
  if (separator < 0) throw separatorError(text);
  const scheme = patternScheme(text.slice(0, separator));
  const rest = text.slice(separator + 3);
  if (rest === "") throw new PatternError("empty-host", "the host is missing after '://'");
  const slash = rest.indexOf("/");
  if (slash < 0) {
    throw new PatternError(
      "missing-path",
      "the pattern has no path: add one after the host, e.g. /*",
    );
  }
  const [host, matchSubdomains] = patternHost(rest.slice(0, slash));
  return new MatchPattern(text, scheme, host, matchSubdomains, rest.slice(slash));
}

/** Explain a pattern without '://': a mistyped separator or a non-web scheme. */
function separatorError(text) {
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon) : "";
  if (isAscii(prefix) && SCHEMES.has(prefix.toLowerCase())) {
    return new PatternError(
      "bad-separator",
      `'${prefix}:' must be followed by '//' and a host, as in https://…/*`,
    );
  }
  // "urn:isbn:…" or "mailto:…", but not "localhost:8080/…".
  if (SCHEME_LIKE.test(prefix) && !/^[0-9]/.test(text.slice(colon + 1, colon + 2))) {
    return schemeError(prefix);
  }
  return new PatternError(
    "missing-separator",
    "missing '://' between the scheme and the host, as in https://…/*",
  );
}

function patternScheme(scheme) {
  const lowered = isAscii(scheme) ? scheme.toLowerCase() : scheme;
  if (!SCHEMES.has(lowered)) throw schemeError(scheme);
  return lowered;
}

function schemeError(scheme) {
  if (scheme === "") {
    return new PatternError("unsupported-scheme", "the scheme is missing before '://'");
  }
  return new PatternError(
    "unsupported-scheme",
    `unsupported scheme '${scheme}': only http, https and * are allowed`,
  );
}

/** The canonical host and whether subdomains match, from the host part of a pattern. */
function patternHost(text) {
  if (text === "") throw new PatternError("empty-host", "the host is empty");
  if (text === ANY_HOST) return [ANY_HOST, true];
  const matchSubdomains = text.startsWith("*.");
  const name = matchSubdomains ? text.slice(2) : text;
  rejectPort(name);
  if (name === "") throw new PatternError("empty-host", "'*.' must be followed by a host name");
  if (name.includes("*")) {
    throw new PatternError(
      "invalid-wildcard",
      "'*' in the host may only be the whole host or a leading '*.' (as in *.example.com)",
    );
  }
  return [canonicalPatternHost(name), matchSubdomains];
}

/** Chrome accepts ports; this project refuses them so that a pattern covers every port. */
function rejectPort(name) {
  let tail = name;
  if (name.startsWith("[")) {
    const close = name.indexOf("]");
    if (close < 0) {
      throw new PatternError("invalid-host", "an IPv6 address in the host lacks its ']'");
    }
    tail = name.slice(close + 1);
    if (tail && !tail.startsWith(":")) {
      throw new PatternError("invalid-host", "unexpected text after the IPv6 address");
    }
  }
  if (tail.includes(":")) {
    throw new PatternError(
      "port",
      "patterns may not contain a port; a pattern without a port matches every port",
    );
  }
}

function canonicalPatternHost(name) {
  let host = HOST_MISREAD.test(name) ? null : urlHostname(name);
  if (host === null) throw new PatternError("invalid-host", `'${name}' is not a valid host name`);
  host = matchHost(host);
  if (host === "" || host.startsWith(".") || host.endsWith(".") || host.includes("..")) {
    throw new PatternError("invalid-host", `'${name}' has an empty label`);
  }
  return host;
}

/** The host as the URL parser canonicalises it (IDNA, IPv4/IPv6), or null if invalid. */
function urlHostname(name) {
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return null; // reported by the caller as an invalid host
  }
}

function isAscii(text) {
  // eslint-disable-next-line no-control-regex -- every ASCII character, NUL included
  return /^[\x00-\x7f]*$/.test(text);
}

// --- Matching and specificity ------------------------------------------------------------

/** True if the pattern matches the URL. Unparseable or non-http(s) URLs match nothing. */
export function patternMatches(pattern, url) {
  const parsed = parsePattern(pattern);
  const target = parseUrl(url);
  return target !== null && matches(parsed, target, matchHost(target.hostname));
}

function matches(pattern, target, host) {
  return (
    (pattern.scheme === "*" || pattern.scheme === target.scheme) &&
    hostMatches(pattern, host) &&
    globMatches(pattern.glob, target.path)
  );
}

function hostMatches(pattern, host) {
  if (pattern.host === ANY_HOST || pattern.host === host) return true;
  // Subdomains on a label boundary only, and never for IP addresses.
  if (!pattern.matchSubdomains || isIp(host)) return false;
  const suffix = pattern.host;
  return (
    host.length > suffix.length &&
    host.endsWith(suffix) &&
    host.charCodeAt(host.length - suffix.length - 1) === 46
  );
}

/** Match `text` against a path split on '*': each '*' stands for any characters. */
function globMatches(parts, text) {
  const first = parts[0];
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1];
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  // With '*' as the only wildcard, taking the leftmost place of each middle part is safe.
  let position = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i += 1) {
    const part = parts[i];
    const found = text.indexOf(part, position);
    if (found < 0 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}

/** [exact host 1 / wildcard 0, host labels, literal path characters]: greater wins. */
export function specificity(pattern) {
  return parsePattern(pattern).rank;
}

function rankOf(pattern) {
  // Count code points, not UTF-16 units, as Python does.
  const literal = [...pattern.path].length - (pattern.glob.length - 1);
  // <all_urls> counts no path characters: it sits below even *://*/*.
  if (pattern.host === ANY_HOST) return [0, 0, pattern.allUrls ? 0 : literal];
  const labels = pattern.host.startsWith("[") ? 1 : pattern.host.split(".").length;
  return [pattern.matchSubdomains ? 0 : 1, labels, literal];
}

/** Negative, zero or positive as specificity `a` is below, equal to or above `b`. */
export function compareSpecificity(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The hosts a pattern matches: any, one exact host, or a domain and its subdomains. */
function hostsOf(pattern) {
  if (pattern.anyHost) return ["any", ""];
  // `*.` over an IP address matches the address only: IPs have no subdomains.
  if (pattern.matchSubdomains && !isIp(pattern.host)) return ["domain", pattern.host];
  return ["exact", pattern.host];
}

/** True if every host `inner` matches is also matched by `outer` (as algebra.py). */
export function hostContains(outer, inner) {
  const [outerKind, outerHost] = hostsOf(parsePattern(outer));
  const [innerKind, innerHost] = hostsOf(parsePattern(inner));
  if (outerKind === "any") return true;
  if (innerKind === "any") return false;
  if (outerKind === "exact") return innerKind === "exact" && innerHost === outerHost;
  return innerHost === outerHost || innerHost.endsWith(`.${outerHost}`);
}

// --- Classifying URLs against a taxonomy's sites -----------------------------------------

/**
 * The sites' patterns indexed by host, so that classifying a URL looks at few rules.
 * A URL belongs to a site when one of its patterns matches and none of its excludes
 * does (`excludes`: a site's order to its parsed exclude patterns); an excluded URL can
 * still belong to another site.
 */
export class SiteIndex {
  constructor(rules, excludes = new Map()) {
    this.exact = new Map();
    this.subdomains = new Map();
    this.anyHost = [];
    this.excludes = excludes;
    for (const rule of rules) this.add(rule);
  }

  add(rule) {
    const { pattern } = rule;
    if (pattern.anyHost) this.anyHost.push(rule);
    else if (pattern.matchSubdomains) addTo(this.subdomains, pattern.host, rule);
    else addTo(this.exact, pattern.host, rule);
  }

  /** Every matching site, once each with its best pattern, most specific first. */
  classify(url) {
    const target = parseUrl(url);
    if (target === null) return [];
    const host = matchHost(target.hostname);
    const hits = [];
    collect(hits, this.exact.get(host), target, host);
    collect(hits, this.subdomains.get(host), target, host);
    if (!isIp(host)) {
      // Walk the label suffixes: a.b.zoom.us -> b.zoom.us -> zoom.us -> us.
      for (let dot = host.indexOf("."); dot >= 0; dot = host.indexOf(".", dot + 1)) {
        collect(hits, this.subdomains.get(host.slice(dot + 1)), target, host);
      }
    }
    collect(hits, this.anyHost, target, host);
    if (this.excludes.size === 0) return bestPerSite(hits);
    // Only for the sites that matched, so pages of no site cost nothing more.
    return bestPerSite(
      hits.filter((rule) => !isExcluded(this.excludes.get(rule.siteOrder), target, host)),
    );
  }
}

function isExcluded(excludes, target, host) {
  return excludes !== undefined && excludes.some((exclude) => matches(exclude, target, host));
}

function addTo(map, key, rule) {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

function collect(hits, rules, target, host) {
  if (rules === undefined) return;
  for (const rule of rules) {
    if (matches(rule.pattern, target, host)) hits.push(rule);
  }
}

/** More specific, or as specific and earlier in the site's list of patterns. */
function beats(rule, other) {
  const order = compareSpecificity(rule.pattern.rank, other.pattern.rank);
  return order > 0 || (order === 0 && rule.patternOrder < other.patternOrder);
}

function bestPerSite(hits) {
  if (hits.length === 0) return [];
  if (hits.length === 1) return [toMatch(hits[0])];
  const best = new Map();
  for (const rule of hits) {
    const current = best.get(rule.siteOrder);
    if (current === undefined || beats(rule, current)) best.set(rule.siteOrder, rule);
  }
  const ordered = [...best.values()].sort(
    (a, b) => compareSpecificity(b.pattern.rank, a.pattern.rank) || a.siteOrder - b.siteOrder,
  );
  return ordered.map(toMatch);
}

function toMatch(rule) {
  return {
    siteId: rule.siteId,
    siteName: rule.siteName,
    categories: rule.categories,
    pattern: rule.pattern.raw,
    specificity: rule.pattern.rank,
  };
}

/** Every (site, pattern) of a taxonomy, parsed; a bad pattern names its place. */
function rulesOf(taxonomy) {
  const rules = [];
  taxonomy.sites.forEach((site, siteOrder) => {
    const categories = Object.freeze([...site.categories]);
    site.patterns.forEach((raw, patternOrder) => {
      rules.push({
        siteOrder,
        patternOrder,
        siteId: site.id,
        siteName: site.name,
        categories,
        pattern: parsePatternAt(raw, `sites[${siteOrder}].patterns[${patternOrder}]`),
      });
    });
  });
  return rules;
}

function parsePatternAt(raw, where) {
  try {
    return parsePattern(raw);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    throw new PatternError(error.kind, `${where} ${JSON.stringify(raw)}: ${error.message}`);
  }
}

/** Each site's exclude patterns, parsed, by the site's order (only sites with some). */
function excludesOf(taxonomy) {
  const excludes = new Map();
  taxonomy.sites.forEach((site, siteOrder) => {
    const parsed = (site.exclude ?? []).map((raw, position) =>
      parsePatternAt(raw, `sites[${siteOrder}].exclude[${position}]`),
    );
    if (parsed.length > 0) excludes.set(siteOrder, parsed);
  });
  return excludes;
}

/** Index the sites of a parsed taxonomy document; throws PatternError on a bad pattern. */
export function buildIndex(taxonomy) {
  return new SiteIndex(rulesOf(taxonomy), excludesOf(taxonomy));
}

/** Classify a URL with an index, or with a taxonomy document (indexed on the spot). */
export function classify(indexOrTaxonomy, url) {
  if (indexOrTaxonomy instanceof SiteIndex) return indexOrTaxonomy.classify(url);
  return buildIndex(indexOrTaxonomy).classify(url);
}

/**
 * The same result as `classify`, by trying every pattern of every site in turn: the
 * oracle for the index in tests and its baseline in benchmarks.
 */
export function classifyByScan(taxonomy, url) {
  const target = parseUrl(url);
  if (target === null) return [];
  const host = matchHost(target.hostname);
  const found = [];
  for (const site of taxonomy.sites) {
    const excludes = (site.exclude ?? []).map((raw) => parsePattern(raw));
    if (isExcluded(excludes, target, host)) continue;
    let best = null;
    for (const raw of site.patterns) {
      const pattern = parsePattern(raw);
      const better = best === null || compareSpecificity(pattern.rank, best.rank) > 0;
      if (better && matches(pattern, target, host)) best = pattern;
    }
    if (best !== null) {
      found.push({
        siteId: site.id,
        siteName: site.name,
        categories: [...site.categories],
        pattern: best.raw,
        specificity: best.rank,
      });
    }
  }
  return found.sort((a, b) => compareSpecificity(b.specificity, a.specificity));
}

/** The categories of the most specific matches, first-seen order, without repeats. */
export function winningCategories(matches) {
  if (matches.length === 0) return [];
  let top = matches[0].specificity;
  for (const { specificity: rank } of matches) {
    if (compareSpecificity(rank, top) > 0) top = rank;
  }
  const categories = [];
  for (const match of matches) {
    if (compareSpecificity(match.specificity, top) !== 0) continue;
    for (const category of match.categories) {
      if (!categories.includes(category)) categories.push(category);
    }
  }
  return categories;
}
