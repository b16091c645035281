// Prefs: the managed > sync > defaults merge, server addresses, custom sites, permissions.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import {
  DEFAULT_PREFS,
  effectivePrefs,
  permissionOrigins,
  validateCustomSite,
  validateServerUrl,
} from "../lib/prefs.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

test("the defaults", () => {
  assert.deepEqual(DEFAULT_PREFS, {
    serverUrl: "",
    checkHours: null,
    jurisdictions: [],
    profiles: null,
    profilesNotSure: [],
    frequency: "daily",
    display: "card",
    disabledSites: [],
    customSites: [],
  });
  assert.ok(Object.isFrozen(DEFAULT_PREFS));
});

describe("effectivePrefs: managed wins key by key, invalid values fall through", () => {
  const SITE = {
    id: "custom-x",
    name: "X",
    patterns: ["https://x.example/*"],
    categories: ["email"],
  };
  const CHOICES = { frequency: "on-change", display: "badge" };
  const HOURS = ["checkHours"];
  // [description, sync, managed, expected changes from the defaults, managed keys]
  const CASES = [
    ["nothing stored", undefined, undefined, {}, []],
    ["empty objects", {}, {}, {}, []],
    ["user choices", CHOICES, {}, CHOICES, []],
    [
      "a policy overrides the user",
      { frequency: "every-visit", jurisdictions: ["uk"] },
      { frequency: "never" },
      { frequency: "never", jurisdictions: ["uk"] },
      ["frequency"],
    ],
    [
      "a policy server address is normalised",
      { serverUrl: "https://mine.example" },
      { serverUrl: "https://Guide.Example.org/base/" },
      { serverUrl: "https://guide.example.org/base" },
      ["serverUrl"],
    ],
    [
      "an invalid policy value is ignored",
      { frequency: "session" },
      { frequency: "hourly", checkHours: "soon" },
      { frequency: "session" },
      [],
    ],
    ["invalid synced values fall back", { frequency: "hourly", display: "toast" }, {}, {}, []],
    ["an insecure synced server is ignored", { serverUrl: "http://guide.example.org" }, {}, {}, []],
    ["hours are clamped", { checkHours: 0.1 }, { checkHours: 1e4 }, { checkHours: 720 }, HOURS],
    ["check hours from the user", { checkHours: 6 }, {}, { checkHours: 6 }, []],
    ["non-positive hours are ignored", { checkHours: 0 }, {}, {}, []],
    [
      "jurisdictions are cleaned",
      { jurisdictions: ["uk", "UK", "uk", "us"] },
      {},
      { jurisdictions: ["uk", "us"] },
      [],
    ],
    ["jurisdictions of the wrong type", { jurisdictions: "uk" }, {}, {}, []],
    ["profiles not asked stay null", { profiles: null }, {}, {}, []],
    [
      "profiles are cleaned",
      { profiles: ["minors", "Minors", "minors"], profilesNotSure: ["minors", 3] },
      {},
      { profiles: ["minors"] },
      [],
    ],
    ["profiles answered none", { profiles: [] }, {}, { profiles: [] }, []],
    [
      "a policy fixes the profiles",
      { profiles: ["minors"], profilesNotSure: ["minors"] },
      { profiles: ["hipaa"] },
      { profiles: ["hipaa"], profilesNotSure: ["minors"] },
      ["profiles"],
    ],
    [
      "a policy may fix an empty list",
      { jurisdictions: ["uk"] },
      { jurisdictions: [] },
      {},
      ["jurisdictions"],
    ],
    [
      "malformed custom sites are dropped",
      { customSites: [SITE, { id: "y" }, null], disabledSites: ["zoom", "zoom", 7] },
      {},
      { customSites: [SITE] },
      [],
    ],
    ["disabled sites", { disabledSites: ["zoom", "zoom"] }, {}, { disabledSites: ["zoom"] }, []],
  ];
  for (const [description, sync, managed, changes, managedKeys] of CASES) {
    test(description, () => {
      assert.deepEqual(effectivePrefs(sync, managed), {
        prefs: { ...DEFAULT_PREFS, ...changes },
        managedKeys,
      });
    });
  }

  test("the result does not share lists with the defaults", () => {
    const { prefs } = effectivePrefs({}, {});
    prefs.disabledSites.push("zoom");
    assert.deepEqual(DEFAULT_PREFS.disabledSites, []);
  });
});

describe("validateServerUrl", () => {
  // [input, expected]
  const CASES = [
    ["", { ok: true, url: "" }],
    ["   ", { ok: true, url: "" }],
    ["https://guide.example.org", { ok: true, url: "https://guide.example.org" }],
    ["https://guide.example.org/", { ok: true, url: "https://guide.example.org" }],
    [" https://Guide.Example.ORG/guide/ ", { ok: true, url: "https://guide.example.org/guide" }],
    ["https://guide.example.org:8443/a//", { ok: true, url: "https://guide.example.org:8443/a" }],
    ["https://guide.example.org:443/", { ok: true, url: "https://guide.example.org" }],
    ["https://10.0.0.5/", { ok: true, url: "https://10.0.0.5" }],
    ["http://localhost:5080/", { ok: true, url: "http://localhost:5080" }],
    ["http://127.0.0.1:5080", { ok: true, url: "http://127.0.0.1:5080" }],
    ["http://[::1]:5080/", { ok: true, url: "http://[::1]:5080" }],
    ["http://guide.example.org/", { ok: false, error: "errorServerUrlInsecure" }],
    ["http://localhost.example.org/", { ok: false, error: "errorServerUrlInsecure" }],
    ["http://127.0.0.2/", { ok: false, error: "errorServerUrlInsecure" }],
    ["ftp://guide.example.org/", { ok: false, error: "errorServerUrlScheme" }],
    ["javascript:alert(1)", { ok: false, error: "errorServerUrlScheme" }],
    ["https://user:pw@guide.example.org/", { ok: false, error: "errorServerUrlCredentials" }],
    ["https://user@guide.example.org/", { ok: false, error: "errorServerUrlCredentials" }],
    ["https://guide.example.org/?x=1", { ok: false, error: "errorServerUrlQuery" }],
    ["https://guide.example.org/?", { ok: false, error: "errorServerUrlQuery" }],
    ["https://guide.example.org/#top", { ok: false, error: "errorServerUrlQuery" }],
    ["guide.example.org", { ok: false, error: "errorServerUrlInvalid" }],
    ["https://", { ok: false, error: "errorServerUrlInvalid" }],
    [undefined, { ok: false, error: "errorServerUrlInvalid" }],
    [42, { ok: false, error: "errorServerUrlInvalid" }],
  ];
  for (const [input, expected] of CASES) {
    test(JSON.stringify(input) ?? "undefined", () => {
      assert.deepEqual(validateServerUrl(input), expected);
    });
  }
});

describe("validateCustomSite", () => {
  const PORTAL = "https://portal.example-clinic.org/*";
  const FORM = { name: "Clinic portal", pattern: PORTAL, categoryIds: ["calendar"] };
  const EXISTING = [
    {
      id: "custom-clinic-portal",
      name: "Clinic portal",
      patterns: ["https://old.example/*"],
      categories: ["email"],
    },
  ];
  const valid = (changes) => ({
    ok: true,
    site: { id: "custom-clinic-portal", name: "Clinic portal", patterns: [PORTAL], ...changes },
  });
  const invalid = (errors, patternKind) => ({
    ok: false,
    errors,
    ...(patternKind ? { patternKind } : {}),
  });
  const UNKNOWN_CATEGORY = "errorCategoryUnknown";
  // [description, form changes, existing sites, expected result or expected id]
  const CASES = [
    ["a valid site", {}, [], valid({ categories: ["calendar"] })],
    [
      "text is trimmed, categories deduplicated",
      {
        name: "  Clinic portal ",
        pattern: ` ${PORTAL} `,
        categoryIds: ["calendar", "email", "email"],
      },
      [],
      valid({ categories: ["calendar", "email"] }),
    ],
    ["the id is unique", {}, EXISTING, "custom-clinic-portal-2"],
    ["an accented name", { name: "Clínica Óptima" }, [], "custom-clinica-optima"],
    ["another script: the host", { name: "Клиника" }, [], "custom-portal-example-clinic-org"],
    ["no name", { name: "  " }, [], invalid({ name: "errorSiteNameRequired" })],
    ["a name too long", { name: "x".repeat(81) }, [], invalid({ name: "errorSiteNameTooLong" })],
    ["a control character", { name: "a\u0007b" }, [], invalid({ name: "errorSiteNameInvalid" })],
    ["no pattern", { pattern: "" }, [], invalid({ pattern: "errorPatternRequired" })],
    [
      "a pattern with a port",
      { pattern: "https://portal.example-clinic.org:8443/*" },
      [],
      invalid({ pattern: "errorPatternPort" }, "port"),
    ],
    [
      "a pattern without a path",
      { pattern: "https://portal.example-clinic.org" },
      [],
      invalid({ pattern: "errorPatternMissingPath" }, "missing-path"),
    ],
    ["all URLs", { pattern: "<all_urls>" }, [], invalid({ pattern: "errorPatternTooBroad" })],
    ["any host", { pattern: "https://*/*" }, [], invalid({ pattern: "errorPatternTooBroad" })],
    ["a whole TLD", { pattern: "*://*.org/*" }, [], invalid({ pattern: "errorPatternTooBroad" })],
    [
      "a pattern another custom site has",
      { pattern: "https://old.example/*" },
      EXISTING,
      invalid({ pattern: "errorPatternDuplicate" }),
    ],
    ["no categories", { categoryIds: [] }, [], invalid({ categoryIds: "errorCategoriesRequired" })],
    ["unknown category", { categoryIds: ["fax"] }, [], invalid({ categoryIds: UNKNOWN_CATEGORY })],
    [
      "every field wrong at once",
      { name: "", pattern: "zoom", categoryIds: undefined },
      [],
      invalid(
        {
          name: "errorSiteNameRequired",
          pattern: "errorPatternInvalid",
          categoryIds: "errorCategoriesRequired",
        },
        "missing-separator",
      ),
    ],
  ];
  for (const [description, changes, existing, expected] of CASES) {
    test(description, () => {
      const result = validateCustomSite({ ...FORM, ...changes }, TAXONOMY, existing);
      if (typeof expected === "string") assert.equal(result.site?.id, expected);
      else assert.deepEqual(result, expected);
    });
  }
});

describe("permissionOrigins", () => {
  // [patterns, origins]
  const CASES = [
    [[], []],
    [undefined, []],
    [["https://portal.example.org/app/*"], ["https://portal.example.org/*"]],
    [["https://*.fb.example/messages", "https://*.fb.example/msg/*"], ["https://*.fb.example/*"]],
    [["https://zoom.us/*", "https://*.zoom.us/*"], ["https://*.zoom.us/*"]],
    [["https://*.zoom.us/*", "https://a.zoom.us/*"], ["https://*.zoom.us/*"]],
    [["https://a.example/*", "*://a.example/*"], ["*://a.example/*"]],
    [
      ["http://a.example/*", "https://a.example/*"],
      ["http://a.example/*", "https://a.example/*"],
    ],
    [
      ["https://a.example/*", "https://b.example/*", "https://a.example/x"],
      ["https://a.example/*", "https://b.example/*"],
    ],
    [
      ["https://notzoom.us/*", "https://*.zoom.us/*"],
      ["https://notzoom.us/*", "https://*.zoom.us/*"],
    ],
    [
      ["<all_urls>", "*://*/*", "https://*.com/*", "not a pattern", "https://ok.example/*"],
      ["https://ok.example/*"],
    ],
    [["HTTPS://Portal.Example.ORG/*"], ["https://portal.example.org/*"]],
  ];
  for (const [patterns, origins] of CASES) {
    test(JSON.stringify(patterns) ?? "undefined", () => {
      assert.deepEqual(permissionOrigins(patterns), origins);
    });
  }
});
