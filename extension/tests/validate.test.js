// The taxonomy and envelope validator, as tables of documents and the problems expected.
// tests/test_validate_js.py checks the same module against Python on shared samples.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import {
  MAX_DOCUMENT_BYTES,
  checkSize,
  isIsoDateTime,
  isTooBroad,
  isoDayNumber,
  validateEnvelope,
  validateTaxonomy,
} from "../lib/validate.js";
import { parsePattern } from "../lib/matcher.js";

const SHARED = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

function shared() {
  return structuredClone(SHARED);
}

function paths(result) {
  return (result.problems ?? []).map((problem) => problem.path);
}

function envelope(changes = {}) {
  return {
    version: 3,
    sha256: "a".repeat(64),
    published_at: "2026-05-09T07:35:25.123456+00:00",
    author: "editor",
    change_note: "Clarified the Zoom caution.",
    taxonomy: shared(),
    ...changes,
  };
}

describe("the shipped taxonomy", () => {
  test("is valid", () => {
    assert.deepEqual(validateTaxonomy(shared()), { ok: true });
  });
});

/** A change that sets the value at a path such as `sites[0].patterns[0]`. */
function set(path, value) {
  const keys = path.match(/[^.[\]]+/g).map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  return (document) => {
    const parent = keys.slice(0, -1).reduce((node, key) => node[key], document);
    parent[keys.at(-1)] = value;
  };
}

const CHAT_CAUTIONS = SHARED.categories[0].cautions.length;
const PATTERN = "sites[0].patterns[0]";

// [description, change to the shipped document, path reported, words in the message]
const INVALID = [
  ["unknown top-level field", set("extra", 1), "extra", "Unknown field"],
  ["unknown site field", set("sites[0].colour", "red"), "sites[0].colour", "Unknown field"],
  ["schema version 3", set("schema_version", 3), "schema_version", "one of: 2"],
  ["schema version as text", set("schema_version", "2"), "schema_version", "integer"],
  ["missing meta", (d) => delete d.meta, "meta", "Missing data"],
  ["null meta", set("meta", null), "meta", "valid object"],
  ["meta as a list", set("meta", []), "meta", "valid object"],
  ["bad id", set("categories[0].id", "Tele Phone"), "categories[0].id", "must match"],
  // Python's `$` also matches before a final newline; the service matches whole values.
  ["id with a trailing newline", set("groups[0].id", "uk\n"), "groups[0].id", "must match"],
  ["id too long", set("cautions[0].id", "a".repeat(65)), "cautions[0].id", "maximum length 64"],
  ["blank text", set("categories[2].summary", " \t "), "categories[2].summary", "plain text"],
  ["control character", set("groups[0].name", "Work\u0000"), "groups[0].name", "plain text"],
  ["detail too long", set("cautions[1].detail", "x".repeat(601)), "cautions[1].detail", "600"],
  ["unknown mode", set("categories[1].mode", "sometimes"), "categories[1].mode", "one of"],
  ["unknown severity", set("cautions[0].severity", "urgent"), "cautions[0].severity", "one of"],
  [
    "http reference",
    set("references[0].url", "http://example.org/"),
    "references[0].url",
    "must match ^https",
  ],
  ["year as text", set("references[0].year", "2020"), "references[0].year", "integer"],
  ["no benefits", set("categories[0].benefits", []), "categories[0].benefits", "at least 1"],
  ["not a date", set("meta.reviewed", "last year"), "meta.reviewed", "date"],
  [
    "review dates reversed",
    set("meta.next_review", "2020-01-01"),
    "meta.next_review",
    "after reviewed",
  ],
  ["pattern with a port", set(PATTERN, "https://zoom.us:443/*"), PATTERN, "port"],
  ["all URLs", set(PATTERN, "<all_urls>"), PATTERN, "far too many"],
  ["a whole TLD", set(PATTERN, "https://*.com/*"), PATTERN, "far too many"],
  ["any host", set(PATTERN, "*://*/*"), PATTERN, "far too many"],
  ["no patterns", set("sites[0].patterns", []), "sites[0].patterns", "at least 1"],
  [
    "unknown caution",
    (d) => d.categories[0].cautions.push("nope"),
    `categories[0].cautions[${CHAT_CAUTIONS}]`,
    "Unknown caution 'nope'",
  ],
  ["unknown group", set("categories[3].groups", ["x"]), "categories[3].groups[0]", "Unknown group"],
  [
    "unknown jurisdiction",
    set("cautions[1].jurisdictions", ["mars"]),
    "cautions[1].jurisdictions[0]",
    "Unknown jurisdiction",
  ],
  [
    "unknown category on a site",
    set("sites[0].categories", ["fax"]),
    "sites[0].categories[0]",
    "Unknown category",
  ],
  ["duplicate site id", set("sites[2].id", SHARED.sites[0].id), "sites[2].id", "Duplicate id"],
  [
    "id listed twice",
    (d) => d.categories[0].cautions.push(d.categories[0].cautions[0]),
    "categories[0].cautions",
    "more than once",
  ],
  [
    "unused reference",
    (d) => d.references.push({ ...d.references[0], id: "spare" }),
    `references[${SHARED.references.length}].id`,
    "not used",
  ],
  [
    "required category missing",
    (d) => d.categories.splice(0, 1),
    "categories",
    "'telephone' is required",
  ],
  [
    "required group missing",
    set("groups[1].id", "other"),
    "groups",
    "'digital-communication' is required",
  ],
];

describe("invalid documents are reported at their paths", () => {
  for (const [description, change, where, words] of INVALID) {
    test(description, () => {
      const document = shared();
      change(document);
      const result = validateTaxonomy(document);
      assert.equal(result.ok, false);
      const found = result.problems.filter((problem) => problem.path === where);
      assert.ok(found.length > 0, `no problem at ${where}: ${JSON.stringify(result.problems)}`);
      assert.ok(
        found.some((problem) => problem.message.toLowerCase().includes(words.toLowerCase())),
        JSON.stringify(found),
      );
    });
  }
});

test("a document that is not an object", () => {
  assert.deepEqual(validateTaxonomy(["not", "an", "object"]), {
    ok: false,
    problems: [{ path: "", message: "The document must be a JSON object." }],
  });
});

test("every problem is reported at once, in document order", () => {
  const document = shared();
  document.sites[0].patterns = ["https://zoom.us:8080/*"];
  document.references[0].url = "ftp://example.org/";
  document.categories[4].name = "";
  document.meta.title = "";
  // Each breaks two rules (each its own problem, at the same path) but the pattern.
  assert.deepEqual(paths(validateTaxonomy(document)), [
    "meta.title",
    "meta.title",
    "categories[4].name",
    "categories[4].name",
    "references[0].url",
    "references[0].url",
    "sites[0].patterns[0]",
  ]);
});

test("a list comes before its items, as Python sorts", () => {
  const document = shared();
  document.categories[0].cautions.push("nope", SHARED.categories[0].cautions[0]);
  assert.deepEqual(paths(validateTaxonomy(document)), [
    "categories[0].cautions",
    `categories[0].cautions[${CHAT_CAUTIONS}]`,
  ]);
});

test("the same problem is reported once", () => {
  const document = shared();
  document.sites[1].id = document.sites[0].id;
  document.sites[2].id = document.sites[0].id;
  assert.deepEqual(paths(validateTaxonomy(document)), ["sites[1].id", "sites[2].id"]);
});

describe("size", () => {
  const CASES = [
    [0, undefined, true],
    [MAX_DOCUMENT_BYTES, undefined, true],
    [MAX_DOCUMENT_BYTES + 1, undefined, false],
    [101, 100, false],
    [Number.NaN, undefined, false],
    [-1, undefined, false],
  ];
  for (const [bytes, max, ok] of CASES) {
    test(`${bytes} bytes with a limit of ${max ?? "the default"}`, () => {
      assert.equal(checkSize(bytes, max).ok, ok);
    });
  }

  test("the message names both sizes", () => {
    assert.deepEqual(checkSize(2097153).problems, [
      { path: "", message: "The document is 2,097,153 bytes; the limit is 2,097,152." },
    ]);
  });

  test("validateTaxonomy refuses a document over maxBytes, before anything else", () => {
    const result = validateTaxonomy(shared(), { maxBytes: 1000 });
    assert.equal(result.ok, false);
    assert.deepEqual(paths(result), [""]);
    assert.match(result.problems[0].message, /limit is 1,000/);
  });
});

describe("ISO dates, as Python date.fromisoformat reads them", () => {
  // [text, days since 1970-01-01 or null]
  const CASES = [
    ["1970-01-01", 0],
    ["2026-01-15", 20468],
    ["20260115", 20468],
    ["2026-W03-4", 20468],
    ["2026W034", 20468],
    ["2026-W03", 20465],
    ["2026-W53", 20815],
    ["2025-W53", null],
    ["2026-W00", null],
    ["2026-W03-8", null],
    ["2026W03-4", null],
    ["2024-02-29", 19782],
    ["2023-02-29", null],
    ["2026-1-5", null],
    ["0000-01-01", null],
    ["0001-01-01", -719162],
    ["2026-01-15\n", null],
    ["2026-01-15T00:00", null],
    [20260115, null],
  ];
  for (const [text, days] of CASES) {
    test(JSON.stringify(text), () => assert.equal(isoDayNumber(text), days));
  }
});

describe("ISO date-times", () => {
  const CASES = [
    ["2026-05-09T07:35:25.123456+00:00", true],
    ["2026-05-09T07:35:25+00:00", true],
    ["2026-05-09T07:35Z", true],
    ["2026-05-09 07:35:25", true],
    ["2026-05-09", true],
    ["2026-05-09T24:00", false],
    ["2026-02-30T00:00", false],
    ["2026-05-09T07:35:25+25:00", false],
    ["yesterday", false],
    [1746776125, false],
  ];
  for (const [text, ok] of CASES) {
    test(JSON.stringify(text), () => assert.equal(isIsoDateTime(text), ok));
  }
});

describe("patterns too broad for a taxonomy", () => {
  const CASES = [
    ["<all_urls>", true],
    ["*://*/*", true],
    ["https://*.com/*", true],
    ["https://*.co.uk/*", false],
    ["https://com/*", false],
    ["https://*.zoom.us/*", false],
    ["https://zoom.us/*", false],
  ];
  for (const [raw, broad] of CASES) {
    test(raw, () => assert.equal(isTooBroad(parsePattern(raw)), broad));
  }
});

describe("envelopes", () => {
  // [description, envelope, paths expected ([] = valid)]
  const CASES = [
    ["valid", envelope(), []],
    ["unknown members are allowed", envelope({ signature: "x", links: {} }), []],
    ["not an object", [], [""]],
    ["version 0", envelope({ version: 0 }), ["version"]],
    ["version as text", envelope({ version: "3" }), ["version"]],
    ["version as a float", envelope({ version: 3.5 }), ["version"]],
    ["sha256 too short", envelope({ sha256: "abc" }), ["sha256"]],
    ["sha256 in capitals", envelope({ sha256: "A".repeat(64) }), ["sha256"]],
    ["published_at not a date", envelope({ published_at: "now" }), ["published_at"]],
    ["author missing", envelope({ author: undefined }), ["author"]],
    ["change note null", envelope({ change_note: null }), ["change_note"]],
    ["taxonomy missing", envelope({ taxonomy: undefined }), ["taxonomy"]],
    ["taxonomy not an object", envelope({ taxonomy: "x" }), ["taxonomy"]],
    [
      "a problem inside the taxonomy",
      envelope({ taxonomy: { ...shared(), schema_version: 1 } }),
      ["taxonomy.schema_version"],
    ],
  ];
  for (const [description, body, expected] of CASES) {
    test(description, () => {
      // JSON drops undefined members, as a real response would not have them.
      const result = validateEnvelope(JSON.parse(JSON.stringify(body)));
      assert.equal(result.ok, expected.length === 0);
      assert.deepEqual(paths(result), expected);
    });
  }

  test("a taxonomy over maxBytes is refused inside the envelope", () => {
    assert.deepEqual(paths(validateEnvelope(envelope(), { maxBytes: 10 })), ["taxonomy"]);
  });
});
