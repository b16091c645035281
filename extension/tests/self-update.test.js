// When a force-installed build asks the browser for its own update.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

import { shouldAskForUpdate, sitePatterns } from "../lib/self-update.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

test("site patterns: every pattern of the guidance, once, in order", () => {
  const patterns = sitePatterns(TAXONOMY);
  const all = TAXONOMY.sites.flatMap((site) => site.patterns);
  assert.deepEqual(patterns, [...new Set(all)]);
  assert.deepEqual(sitePatterns({ sites: [] }), []);
  assert.deepEqual(sitePatterns(undefined), []);
});

const CASES = [
  // [installType, granted, canAsk, expected]
  ["admin", false, true, true],
  ["admin", true, true, false],
  ["admin", false, false, false],
  ["development", false, true, false],
  ["normal", false, true, false],
  ["other", false, true, false],
];

for (const [installType, granted, canAsk, expected] of CASES) {
  test(`ask for an update: ${installType}, granted ${granted}, can ask ${canAsk}`, () => {
    assert.equal(shouldAskForUpdate({ installType, granted, canAsk }), expected);
  });
}
