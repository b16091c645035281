// The card's registered scripts: which patterns they are registered for, and that the
// registration follows the guidance and the custom sites (a fake browser records calls).
import assert from "node:assert/strict";
import fs from "node:fs";
import { beforeEach, describe, test } from "node:test";

import {
  CARD_SCRIPT_ID,
  cardScriptMatches,
  cardScriptRegistration,
  isCurrent,
  syncCardScripts,
} from "../lib/card-scripts.js";
import { patternMatches } from "../lib/matcher.js";
import { CARD_FILES } from "../lib/tabs.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);
const CASES = JSON.parse(
  fs.readFileSync(new URL("../../shared/classification-cases.json", import.meta.url), "utf8"),
);
const CUSTOM = { id: "clinic", name: "Clinic", patterns: ["https://rooms.clinic.example/*"] };

describe("cardScriptMatches", () => {
  const matches = cardScriptMatches(TAXONOMY);

  test("every pattern of every shipped site, once each, sorted", () => {
    const all = new Set(TAXONOMY.sites.flatMap((site) => site.patterns));
    assert.equal(matches.length, all.size);
    assert.deepEqual(matches, [...all].sort());
  });

  test("a page the guidance recognises is one the browser loads the card's scripts on", () => {
    const recognised = CASES.cases.filter((item) => item.expected.length > 0);
    assert.ok(recognised.length > 100);
    for (const { url } of recognised) {
      assert.ok(
        matches.some((pattern) => patternMatches(pattern, url)),
        `${url}: no registered pattern`,
      );
    }
  });

  test("sites' excludes stay out of the registration: the worker decides per site", () => {
    const excludes = TAXONOMY.sites.flatMap((site) => site.exclude ?? []);
    assert.ok(excludes.length > 0);
    for (const exclude of excludes) assert.ok(!matches.includes(exclude), exclude);
    const excluded = CASES.cases.filter((item) => item.expected.length === 0);
    assert.ok(excluded.some(({ url }) => matches.some((pattern) => patternMatches(pattern, url))));
  });

  test("custom sites with a known category are covered; unusable ones are not", () => {
    const withCustom = cardScriptMatches(TAXONOMY, [
      { ...CUSTOM, categories: ["video"] },
      { id: "bad", name: "Bad", patterns: ["<all_urls>"], categories: ["video"] },
      { id: "none", name: "None", patterns: ["https://x.example/*"], categories: ["nope"] },
    ]);
    assert.ok(withCustom.includes("https://rooms.clinic.example/*"));
    assert.ok(!withCustom.includes("<all_urls>"));
    assert.ok(!withCustom.includes("https://x.example/*"));
  });
});

describe("isCurrent", () => {
  const wanted = cardScriptRegistration(["https://a.example/*", "https://b.example/*"]);
  const CASES_CURRENT = [
    ["nothing registered", null, false],
    ["the same registration", { ...wanted }, true],
    [
      "the same patterns in another order",
      { ...wanted, matches: [...wanted.matches].reverse() },
      true,
    ],
    ["a pattern fewer", { ...wanted, matches: ["https://a.example/*"] }, false],
    ["other files (an older version)", { ...wanted, js: ["content/card.js"] }, false],
    ["another timing", { ...wanted, runAt: "document_idle" }, false],
  ];
  for (const [what, registered, expected] of CASES_CURRENT) {
    test(what, () => assert.equal(isCurrent(registered, wanted), expected));
  }

  test("the registration loads the card's files in the worker's order, top frame only", () => {
    assert.deepEqual(wanted.js, [...CARD_FILES]);
    assert.equal(wanted.allFrames, false);
    assert.equal(wanted.runAt, "document_end");
  });
});

/** A browser with storage and a scripting registry; `calls` lists what changed it. */
function fakeBrowser({ prefs = {}, registered = [] } = {}) {
  const calls = [];
  let scripts = registered.map((script) => ({ ...script }));
  const area = (values) => ({
    async get(keys) {
      if (keys === null) return { ...values };
      const wanted = typeof keys === "string" ? { [keys]: undefined } : keys;
      return Object.fromEntries(
        Object.entries(wanted).map(([key, fallback]) => [key, values[key] ?? fallback]),
      );
    },
    async set(items) {
      Object.assign(values, items);
    },
  });
  globalThis.chrome = {
    runtime: { getURL: (path) => `chrome-extension://test/${path}` },
    storage: {
      sync: area({ prefs }),
      local: area({}),
      managed: area({}),
      session: area({}),
    },
    scripting: {
      async getRegisteredContentScripts({ ids }) {
        return scripts.filter((script) => ids.includes(script.id));
      },
      async registerContentScripts(list) {
        calls.push(["register", list]);
        scripts.push(...list);
      },
      async updateContentScripts(list) {
        calls.push(["update", list]);
        scripts = scripts.map((script) => list.find((item) => item.id === script.id) ?? script);
      },
      async unregisterContentScripts({ ids }) {
        calls.push(["unregister", ids]);
        scripts = scripts.filter((script) => !ids.includes(script.id));
      },
    },
  };
  // The bundled guidance, as the extension's own copy.
  globalThis.fetch = async () => ({ json: async () => TAXONOMY });
  return { calls, scripts: () => scripts };
}

describe("syncCardScripts", () => {
  beforeEach(() => {
    delete globalThis.chrome;
  });

  test("registers the card's scripts for the guidance's patterns when none are", async () => {
    const browser = fakeBrowser();
    await syncCardScripts();
    assert.equal(browser.calls.length, 1);
    const [[verb, [script]]] = browser.calls;
    assert.equal(verb, "register");
    assert.equal(script.id, CARD_SCRIPT_ID);
    assert.deepEqual(script.matches, cardScriptMatches(TAXONOMY));
  });

  test("changes nothing when the registration is current", async () => {
    const browser = fakeBrowser({
      registered: [cardScriptRegistration(cardScriptMatches(TAXONOMY))],
    });
    await syncCardScripts();
    assert.deepEqual(browser.calls, []);
  });

  test("a custom site added by the reader updates the registration", async () => {
    const customSites = [{ ...CUSTOM, categories: ["video"] }];
    const browser = fakeBrowser({
      prefs: { customSites },
      registered: [cardScriptRegistration(cardScriptMatches(TAXONOMY))],
    });
    await syncCardScripts();
    assert.deepEqual(
      browser.calls.map(([verb]) => verb),
      ["update"],
    );
    assert.ok(browser.scripts()[0].matches.includes("https://rooms.clinic.example/*"));
  });
});
