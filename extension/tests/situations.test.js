// "I'm about to…": which situations the guidance offers, their guidance, and the
// checklist's daily reset.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import { countWords, FIRST_VIEW_MAX_WORDS } from "../lib/first-view.js";
import {
  availableSituations,
  KEY_CAUTIONS,
  SITUATIONS,
  situationGuidance,
  ticksForDay,
  withTick,
} from "../lib/situations.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

// The shipped guidance without one of its categories.
function without(taxonomy, categoryId) {
  return {
    ...taxonomy,
    categories: taxonomy.categories.filter((category) => category.id !== categoryId),
  };
}

describe("availableSituations", () => {
  test("the shipped guidance offers every situation, the in-room one last", () => {
    assert.deepEqual(
      availableSituations(TAXONOMY).map((situation) => [situation.id, situation.categoryId]),
      [
        ["phone", "telephone"],
        ["text", "texting"],
        ["desktop-session", "video"],
        ["in-room", "in-room-technology"],
      ],
    );
  });
  // A situation whose category the guidance lacks (an older copy, an admin's import).
  for (const [situationId, categoryId] of [
    ["in-room", "in-room-technology"],
    ["text", "texting"],
  ]) {
    test(`a guidance without ${categoryId} does not offer ${situationId}`, () => {
      const offered = availableSituations(without(TAXONOMY, categoryId));
      assert.ok(!offered.some((situation) => situation.id === situationId));
      assert.equal(offered.length, SITUATIONS.length - 1);
    });
  }
});

describe("situationGuidance", () => {
  for (const [situationId, categoryId] of [
    ["phone", "telephone"],
    ["text", "texting"],
    ["desktop-session", "video"],
    ["in-room", "in-room-technology"],
  ]) {
    test(`${situationId}: the ${categoryId} category, key cautions and checklist`, () => {
      const found = situationGuidance(TAXONOMY, situationId, {}, { [categoryId]: [1] });
      assert.equal(found.category.id, categoryId);
      assert.ok(found.keyCautions.length > 0 && found.keyCautions.length <= KEY_CAUTIONS);
      for (const caution of found.keyCautions) {
        assert.ok(caution.headline && caution.action, caution.id);
        assert.ok(found.category.cautions.some((item) => item.id === caution.id));
      }
      const source = TAXONOMY.categories.find((category) => category.id === categoryId);
      assert.deepEqual(found.category.checklist, source.checklist ?? []);
      assert.deepEqual(found.checklistTicks, { [categoryId]: [1] });
    });
  }
  test("the key cautions follow the reader's jurisdiction", () => {
    const tagged = (caution) => (caution.jurisdictions ?? []).length > 0;
    const byId = new Map(TAXONOMY.cautions.map((caution) => [caution.id, caution]));
    // None chosen yet: only cautions that apply everywhere, as on the card.
    const none = situationGuidance(TAXONOMY, "phone", {}).category.cautions;
    assert.ok(!none.some((caution) => tagged(byId.get(caution.id))));
    const uk = situationGuidance(TAXONOMY, "phone", { jurisdictions: ["uk"] }).category.cautions;
    assert.ok(uk.length >= none.length);
    assert.ok(!uk.some((caution) => caution.id === "us-voip-security-rule"));
  });
  test("unknown or not offered: null", () => {
    assert.equal(situationGuidance(without(TAXONOMY, "in-room-technology"), "in-room", {}), null);
    assert.equal(situationGuidance(TAXONOMY, "juggling", {}), null);
  });
});

describe("the shipped in-room guidance", () => {
  const source = TAXONOMY.categories.find((category) => category.id === "in-room-technology");
  // [description, prefs]: before any first-run answer, and with a country or a region chosen.
  const READERS = [
    ["no place chosen", {}],
    ["the UK", { jurisdictions: ["uk"] }],
    ["Illinois", { jurisdictions: ["us-il"] }],
  ];
  for (const [description, prefs] of READERS) {
    test(`${description}: key cautions and the category fit the first view's words`, () => {
      const found = situationGuidance(TAXONOMY, "in-room", prefs);
      assert.equal(found.keyCautions.length, KEY_CAUTIONS);
      const texts = [
        found.category.name,
        ...found.category.groups.map((group) => group.name),
        found.category.modeNote,
        ...found.keyCautions.flatMap((caution) => [caution.headline, caution.action]),
      ];
      const words = texts.reduce((sum, text) => sum + countWords(text), 0);
      assert.ok(words <= FIRST_VIEW_MAX_WORDS, `${words} words`);
    });
  }
  test("has a checklist to tick and no site of its own (it is reached from the popup)", () => {
    assert.ok(source.checklist.length >= 3);
    const sites = TAXONOMY.sites.filter((site) =>
      [site.categories, ...(site.uses ?? []).map((use) => use.categories)].some((ids) =>
        ids.includes("in-room-technology"),
      ),
    );
    assert.deepEqual(sites, []);
  });
});

describe("the checklist's ticks are for the day", () => {
  const STORED = { day: "2026-12-03", ticks: { video: [0, 2], telephone: [1] } };
  // [description, stored, day, expected ticks]
  const CASES = [
    ["today: kept", STORED, "2026-12-03", STORED.ticks],
    ["a new day: none", STORED, "2026-12-04", {}],
    ["the day before (clock set back): none", STORED, "2026-12-02", {}],
    ["nothing stored", undefined, "2026-12-03", {}],
    ["never ticked", { day: "", ticks: {} }, "2026-12-03", {}],
  ];
  for (const [description, stored, day, expected] of CASES) {
    test(`ticksForDay: ${description}`, () => assert.deepEqual(ticksForDay(stored, day), expected));
  }
  // [description, stored, day, categoryId, index, checked, expected]
  const TICKS = [
    ["tick today", STORED, "2026-12-03", "video", 1, true, { ...STORED.ticks, video: [0, 1, 2] }],
    ["untick today", STORED, "2026-12-03", "video", 0, false, { ...STORED.ticks, video: [2] }],
    ["tick twice", STORED, "2026-12-03", "telephone", 1, true, STORED.ticks],
    ["a new day starts afresh", STORED, "2026-12-04", "video", 3, true, { video: [3] }],
  ];
  for (const [description, stored, day, categoryId, index, checked, expected] of TICKS) {
    test(`withTick: ${description}`, () => {
      assert.deepEqual(withTick(stored, day, categoryId, index, checked), { day, ticks: expected });
    });
  }
  test("withTick leaves the stored checklist as it was", () => {
    const stored = structuredClone(STORED);
    withTick(stored, "2026-12-03", "video", 5, true);
    assert.deepEqual(stored, STORED);
  });
});
