// The cases the service runs too: shared/validation-cases.json (tests/test_schemas.py)
// with exactly the problem paths listed, and shared/applicability-cases.json
// (tests/test_applicability.py) with exactly the cautions listed, in order.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import { applicable } from "../lib/applicability.js";
import { unknownKeywords } from "../lib/json-schema.js";
import { TAXONOMY_SCHEMA } from "../lib/taxonomy-schema.js";
import { validateTaxonomy } from "../lib/validate.js";

function shared(name) {
  return JSON.parse(fs.readFileSync(new URL(`../../shared/${name}`, import.meta.url), "utf8"));
}

const VALIDATION = shared("validation-cases.json");
const APPLICABILITY = shared("applicability-cases.json");

/** The document with a case's changes (set, append, delete) applied, as test_schemas.py does. */
function changed(document, changes) {
  for (const change of changes) {
    const path = change.set ?? change.append ?? change.delete;
    const node = path.slice(0, -1).reduce((parent, key) => parent[key], document);
    const last = path.at(-1);
    if (change.set) node[last] = structuredClone(change.value);
    else if (change.append) node[last].push(structuredClone(change.value));
    else if (Array.isArray(node)) node.splice(last, 1);
    else delete node[last];
  }
  return document;
}

describe("shared validation cases", () => {
  test("the base document is valid", () => {
    assert.deepEqual(validateTaxonomy(structuredClone(VALIDATION.base)), { ok: true });
  });
  for (const testCase of VALIDATION.cases) {
    test(testCase.name, () => {
      const result = validateTaxonomy(changed(structuredClone(VALIDATION.base), testCase.changes));
      const paths = [...new Set((result.problems ?? []).map((problem) => problem.path))].sort();
      assert.deepEqual(paths, [...testCase.problems].sort());
      assert.equal(result.ok, testCase.problems.length === 0);
    });
  }
});

describe("shared applicability cases", () => {
  for (const testCase of APPLICABILITY.cases) {
    test(testCase.name, () => {
      const said = testCase.reader;
      const reader = {
        jurisdictions: said.jurisdictions ?? null,
        profiles: said.profiles ?? null,
        stage: said.stage ?? null,
      };
      const chosen = applicable(APPLICABILITY.document, testCase.cautions, reader);
      assert.deepEqual(
        chosen.map((caution) => caution.id),
        testCase.expected,
      );
    });
  }
});

test("the interpreter knows every keyword the shared schema uses", () => {
  assert.deepEqual(unknownKeywords(TAXONOMY_SCHEMA), []);
});
