// The catalogue as the popup and options list it: each category once.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

import { eachCategoryOnce } from "../lib/catalogue-view.js";
import { catalogue } from "../lib/guidance.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

const names = (groups) => groups.map((group) => [group.id, group.categories.map((c) => c.id)]);
const group = (id, ...categories) => ({
  id,
  name: id,
  categories: categories.map((c) => ({ id: c })),
});

// [description, groups, expected [groupId, categoryIds]]
const CASES = [
  ["nothing", [], []],
  [
    "no repeat: unchanged",
    [group("a", "x"), group("b", "y")],
    [
      ["a", ["x"]],
      ["b", ["y"]],
    ],
  ],
  [
    "a category in two groups stays under the first",
    [group("a", "x", "y"), group("b", "y", "z")],
    [
      ["a", ["x", "y"]],
      ["b", ["z"]],
    ],
  ],
  ["a group left empty is dropped", [group("a", "x"), group("b", "x")], [["a", ["x"]]]],
  ["a group without categories is dropped", [group("a"), group("b", "x")], [["b", ["x"]]]],
];

for (const [description, groups, expected] of CASES) {
  test(`eachCategoryOnce: ${description}`, () => {
    assert.deepEqual(names(eachCategoryOnce(groups)), expected);
  });
}

test("eachCategoryOnce: the shipped guidance lists every category exactly once", () => {
  const listed = eachCategoryOnce(catalogue(TAXONOMY)).flatMap((g) =>
    g.categories.map((c) => c.id),
  );
  assert.deepEqual([...listed].sort(), TAXONOMY.categories.map((category) => category.id).sort());
});

test("eachCategoryOnce: keeps what each entry carries", () => {
  const [first] = eachCategoryOnce(catalogue(TAXONOMY));
  assert.equal(first.name, TAXONOMY.groups[0].name);
  assert.ok(first.categories[0].sites, "the sites of a category stay");
});
