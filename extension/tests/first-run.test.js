// The welcome page's answers as prefs and back.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  jurisdictionsOf,
  opensWelcome,
  placeOf,
  profileAnswers,
  profilesOf,
} from "../lib/first-run.js";

describe("opensWelcome: only on a fresh install", () => {
  for (const [reason, welcomed, expected] of [
    ["install", false, true],
    ["install", true, false],
    ["update", false, false],
    ["chrome_update", false, false],
    ["shared_module_update", false, false],
    [undefined, false, false],
  ]) {
    test(`${reason}, welcomed before: ${welcomed}`, () =>
      assert.equal(opensWelcome(reason, welcomed), expected));
  }
});

const TREE = [
  { id: "uk", name: "United Kingdom", regions: [] },
  { id: "us", name: "United States", regions: [{ id: "us-il", name: "Illinois", regions: [] }] },
];

describe("placeOf and jurisdictionsOf", () => {
  // [description, jurisdictions, place]
  const CASES = [
    ["nothing chosen", [], { country: "", region: "", several: false }],
    ["not asked", undefined, { country: "", region: "", several: false }],
    ["a country", ["uk"], { country: "uk", region: "", several: false }],
    ["a region", ["us-il"], { country: "us", region: "us-il", several: false }],
    ["unknown here", ["fr"], { country: "", region: "", several: false }],
    ["several", ["uk", "us"], { country: "", region: "", several: true }],
  ];
  for (const [description, jurisdictions, place] of CASES) {
    test(description, () => assert.deepEqual(placeOf(jurisdictions, TREE), place));
  }
  for (const [place, expected] of [
    [{ country: "", region: "" }, []],
    [{ country: "uk", region: "" }, ["uk"]],
    [{ country: "us", region: "us-il" }, ["us-il"]],
  ]) {
    test(`jurisdictionsOf ${JSON.stringify(place)}`, () =>
      assert.deepEqual(jurisdictionsOf(place), expected));
  }
});

describe("profile answers round-trip", () => {
  const QUESTIONS = [{ id: "hipaa" }, { id: "minors" }, { id: "couples" }];
  // [description, answers, prefs]
  const CASES = [
    ["nothing answered", {}, { profiles: null, profilesNotSure: [] }],
    [
      "all not sure: not asked in effect",
      { hipaa: "not-sure", minors: "not-sure", couples: "not-sure" },
      { profiles: null, profilesNotSure: [] },
    ],
    [
      "yes, no and not sure",
      { hipaa: "yes", minors: "no", couples: "not-sure" },
      { profiles: ["hipaa", "couples"], profilesNotSure: ["couples"] },
    ],
    ["all no", { hipaa: "no", minors: "no", couples: "no" }, { profiles: [], profilesNotSure: [] }],
  ];
  for (const [description, answers, prefs] of CASES) {
    test(description, () => {
      assert.deepEqual(profilesOf(answers), prefs);
      const shown = profileAnswers(prefs.profiles, prefs.profilesNotSure, QUESTIONS);
      const expected = Object.fromEntries(
        QUESTIONS.map(({ id }) => [id, prefs.profiles === null ? "not-sure" : answers[id]]),
      );
      assert.deepEqual(shown, expected);
    });
  }
  test("an unknown answer is left out", () => {
    assert.deepEqual(profilesOf({ hipaa: "maybe", minors: "yes" }), {
      profiles: ["minors"],
      profilesNotSure: [],
    });
  });
  test("a profile set by policy reads as yes, the others as no", () => {
    assert.deepEqual(profileAnswers(["minors"], [], QUESTIONS), {
      hipaa: "no",
      minors: "yes",
      couples: "no",
    });
  });
});
