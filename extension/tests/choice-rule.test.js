// The choice rule (lib/guidance.js, chooseCautions and buildCardModel): which three
// cautions a card shows first, as a table of cases over one small made-up document.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  answeredUse,
  buildCardModel,
  cautionHash,
  chooseCautions,
  readerOf,
} from "../lib/guidance.js";

function caution(id, extra = {}) {
  return {
    id,
    title: id,
    headline: `${id} headline`,
    action: `${id} action.`,
    detail: `${id} detail.`,
    severity: "medium",
    stage: ["before"],
    force: "should",
    basis: "guidance",
    reviewed: "2026-01-15",
    ...extra,
  };
}

function category(id, cautions, extra = {}) {
  return {
    id,
    name: id,
    groups: ["working-online"],
    mode: "synchronous",
    mode_note: "Live: you are both there at once.",
    summary: "s",
    benefits: ["b"],
    cautions,
    questions: ["q?"],
    references: ["r"],
    ...extra,
  };
}

/** A document whose cautions list order is the tie-break: a, b, c, d... */
function documentWith(cautions, categories, sites) {
  return {
    schema_version: 2,
    meta: { title: "T", publisher: "P", reviewed: "2026-01-15", language: "en" },
    jurisdictions: [
      { id: "uk", name: "UK" },
      { id: "us", name: "US" },
      { id: "us-il", name: "Illinois", parent: "us" },
    ],
    profiles: [{ id: "hipaa", question: "HIPAA?" }],
    groups: [
      { id: "working-online", name: "Working online", description: "d" },
      { id: "digital-communication", name: "Using digital communication", description: "d" },
    ],
    categories,
    cautions,
    references: [
      { id: "r", title: "R", publisher: "P", kind: "other", year: 2024, url: "https://r.example/" },
    ],
    sites,
  };
}

const SITE = { id: "tool", name: "Tool", patterns: ["https://tool.example/*"] };
const URL_ = "https://tool.example/room";

function top(document, { prefs = {}, firstVisit = false, stage, use = null } = {}) {
  const model = buildCardModel({ taxonomy: document, url: URL_, prefs, firstVisit, stage, use });
  return model.topCautions.map((item) => item.id);
}

const CASES = [
  {
    name: "force first: a must beats a high should",
    cautions: [
      caution("a", { severity: "high" }),
      caution("b", { force: "must", basis: "law", severity: "low" }),
    ],
    expected: ["b", "a"],
  },
  {
    name: "then severity",
    cautions: [caution("a", { severity: "low" }), caution("b", { severity: "high" })],
    expected: ["b", "a"],
  },
  {
    name: "then the document's order, not the category's list order",
    cautions: [caution("a"), caution("b"), caution("c")],
    categoryOrder: ["c", "b", "a"],
    expected: ["a", "b", "c"],
  },
  {
    name: "at most three",
    cautions: [caution("a"), caution("b"), caution("c"), caution("d")],
    expected: ["a", "b", "c"],
  },
  {
    name: "a site's own caution competes: a low one loses to the category's",
    cautions: [caution("own", { severity: "low" }), caution("b"), caution("c"), caution("d")],
    categoryOrder: ["b", "c", "d"],
    siteCautions: ["own"],
    expected: ["b", "c", "d"],
  },
  {
    name: "a site's own caution wins when the rule says so",
    cautions: [caution("b"), caution("own", { severity: "high" })],
    categoryOrder: ["b"],
    siteCautions: ["own"],
    expected: ["own", "b"],
  },
  {
    name: "on arrival: before and anytime, not during or after",
    cautions: [
      caution("a", { stage: ["during"] }),
      caution("b", { stage: ["after"] }),
      caution("c", { stage: ["anytime"] }),
      caution("d", { stage: ["before"] }),
    ],
    expected: ["c", "d"],
  },
  {
    name: "choosing waits when the site was met before",
    cautions: [caution("a", { stage: ["choosing"], severity: "high" }), caution("b")],
    expected: ["b"],
  },
  {
    name: "choosing competes the first time the site is met",
    cautions: [caution("a", { stage: ["choosing"], severity: "high" }), caution("b")],
    firstVisit: true,
    expected: ["a", "b"],
  },
  {
    name: "another stage asked for: that stage and anytime",
    cautions: [
      caution("a", { stage: ["during"] }),
      caution("b", { stage: ["anytime"] }),
      caution("c"),
    ],
    stage: "during",
    expected: ["a", "b"],
  },
  {
    name: "applicable first: a caution of another country is left out",
    cautions: [caution("a", { jurisdictions: ["us"], severity: "high" }), caution("b")],
    prefs: { jurisdictions: ["uk"] },
    expected: ["b"],
  },
  {
    name: "a country's caution applies in its region",
    cautions: [caution("a", { jurisdictions: ["us"], severity: "high" }), caution("b")],
    prefs: { jurisdictions: ["us-il"] },
    expected: ["a", "b"],
  },
  {
    name: "profiles: a caution whose profile does not hold is left out",
    cautions: [caution("a", { applies_if: ["hipaa"], severity: "high" }), caution("b")],
    prefs: { profiles: [] },
    expected: ["b"],
  },
  {
    name: "profiles: and kept when it holds",
    cautions: [caution("a", { applies_if: ["hipaa"], severity: "high" }), caution("b")],
    prefs: { profiles: ["hipaa"] },
    expected: ["a", "b"],
  },
];

describe("the choice rule, case by case", () => {
  for (const item of CASES) {
    test(item.name, () => {
      const ids = item.categoryOrder ?? item.cautions.map((c) => c.id).filter((id) => id !== "own");
      const site = { ...SITE, categories: ["video"], cautions: item.siteCautions };
      if (!item.siteCautions) delete site.cautions;
      const document = documentWith(item.cautions, [category("video", ids)], [site]);
      const options = { prefs: item.prefs, firstVisit: item.firstVisit, stage: item.stage };
      assert.deepEqual(top(document, options), item.expected);
    });
  }
});

describe("merged categories and uses", () => {
  const cautions = [
    caution("shared", { severity: "high" }),
    caution("chat"),
    caution("video"),
    caution("therapy-only", { severity: "high" }),
    caution("not-for-therapy", { severity: "high" }),
  ];
  const categories = [
    category("live-chat", ["shared", "chat", "therapy-only"]),
    category("video", ["shared", "video"]),
    category("texting", ["not-for-therapy", "chat"], { mode: "asynchronous" }),
  ];
  const site = {
    ...SITE,
    categories: ["live-chat", "video"],
    uses: [
      { id: "sessions", label: "Sessions with clients", categories: ["live-chat", "video"] },
      { id: "arrangements", label: "Arrangements with clients", categories: ["texting"] },
      { id: "personal", label: "Personal", categories: [] },
    ],
  };
  const document = documentWith(cautions, categories, [site]);

  test("a caution two categories share is chosen once", () => {
    // No use said yet: the default categories, and two key cautions beside the question.
    assert.deepEqual(top(document), ["shared", "therapy-only"]);
    assert.deepEqual(top(document, { use: "sessions" }), ["shared", "therapy-only", "chat"]);
  });

  test("the use decides the categories: no sessions caution for arrangements", () => {
    assert.deepEqual(top(document, { use: "arrangements" }), ["not-for-therapy", "chat"]);
  });

  test("a use with no categories: nothing to choose", () => {
    assert.deepEqual(top(document, { use: "personal" }), []);
  });
});

describe("Setting up this tool", () => {
  const document = documentWith(
    [caution("setup", { stage: ["choosing"] }), caution("b"), caution("c"), caution("d")],
    [category("video", ["setup", "b", "c", "d"])],
    [{ ...SITE, categories: ["video"] }],
  );

  test("choosing cautions left out of the top wait under the setup section", () => {
    const { top: first, setup } = chooseCautions(document, ["setup", "b", "c", "d"], readerOf({}));
    assert.deepEqual(
      first.map((item) => item.id),
      ["b", "c", "d"],
    );
    assert.deepEqual(
      setup.map((item) => item.id),
      ["setup"],
    );
  });

  test("the card model carries them, and says whether the visit is the first", () => {
    const model = buildCardModel({ taxonomy: document, url: URL_ });
    assert.deepEqual(
      model.setupCautions.map((item) => item.id),
      ["setup"],
    );
    assert.equal(model.firstVisit, false);
    const first = buildCardModel({ taxonomy: document, url: URL_, firstVisit: true });
    assert.ok(first.topCautions.some((item) => item.id === "setup"));
    assert.deepEqual(first.setupCautions, []);
  });
});

describe("the reader's place", () => {
  const cautions = [
    caution("everywhere"),
    caution("us-rule", { jurisdictions: ["us"], severity: "high" }),
    caution("il-rule", { jurisdictions: ["us-il"], severity: "high" }),
    caution("client-location-emergency-plan", { stage: ["before"] }),
  ];
  const document = documentWith(
    cautions,
    [
      category(
        "video",
        cautions.map((item) => item.id),
      ),
    ],
    [{ ...SITE, categories: ["video"] }],
  );
  document.jurisdictions[1].emergency = [
    { name: "Emergency services", number: "911", when: "Immediate danger to life" },
  ];
  document.jurisdictions[2].emergency = [{ name: "Crisis line", number: "988" }];
  const model = (jurisdictions) =>
    buildCardModel({ taxonomy: document, url: URL_, prefs: { jurisdictions } });
  const all = (item) => item.categories[0].cautions.map((c) => c.id);

  const CASES = [
    // [jurisdictions, cautions on the card, chosen, regional note]
    [undefined, ["everywhere", "client-location-emergency-plan"], false, false],
    [[], ["everywhere", "client-location-emergency-plan"], false, false],
    [["uk"], ["everywhere", "client-location-emergency-plan"], true, false],
    [["us"], ["us-rule", "everywhere", "client-location-emergency-plan"], true, true],
    [
      ["us-il"],
      ["us-rule", "il-rule", "everywhere", "client-location-emergency-plan"],
      true,
      false,
    ],
  ];
  for (const [jurisdictions, expected, chosen, note] of CASES) {
    test(`chose ${JSON.stringify(jurisdictions)}`, () => {
      const card = model(jurisdictions);
      assert.deepEqual(all(card), expected);
      assert.equal(card.jurisdiction.chosen, chosen);
      assert.equal(card.jurisdiction.regionalNote, note);
    });
  }

  test("emergency contacts go with the location caution, nearest first", () => {
    const card = model(["us-il"]);
    const location = card.categories[0].cautions.find((c) => c.id.includes("location"));
    assert.deepEqual(
      location.emergency.map((place) => [place.id, place.contacts[0].number]),
      [
        ["us-il", "988"],
        ["us", "911"],
      ],
    );
    const other = card.categories[0].cautions.find((c) => c.id === "everywhere");
    assert.deepEqual(other.emergency, []);
  });

  test("no jurisdiction chosen: no contacts", () => {
    const location = model([]).categories[0].cautions.find((c) => c.id.includes("location"));
    assert.deepEqual(location.emergency, []);
  });
});

describe("uses of a site: the card asks, the answer decides", () => {
  const cautions = [caution("chat"), caution("texting")];
  const categories = [category("live-chat", ["chat"]), category("texting", ["texting"])];
  const uses = [
    { id: "sessions", label: "Sessions with clients", categories: ["live-chat"] },
    { id: "arrangements", label: "Arrangements with clients", categories: ["texting"] },
    { id: "personal", label: "Personal", categories: [] },
  ];
  const document = documentWith(cautions, categories, [
    { ...SITE, categories: ["texting"], uses },
    { id: "one", name: "One", patterns: ["https://one.example/*"], categories: ["texting"] },
  ]);
  const build = (use = null, url = URL_) => buildCardModel({ taxonomy: document, url, use });

  test("no answer yet: the default categories and the question", () => {
    const model = build();
    assert.deepEqual(
      model.categories.map((item) => item.id),
      ["texting"],
    );
    assert.equal(model.askUse, true);
    assert.equal(model.usesSite, "tool");
    assert.deepEqual(
      model.uses.map((item) => item.label),
      uses.map((item) => item.label),
    );
    assert.equal(model.badgeOnly, false);
  });

  test("an answer: that use's categories, no question", () => {
    const model = build("sessions");
    assert.deepEqual(
      model.categories.map((item) => item.id),
      ["live-chat"],
    );
    assert.equal(model.askUse, false);
    assert.equal(model.use.id, "sessions");
  });

  test("personal: no category, badge only", () => {
    const model = build("personal");
    assert.deepEqual(model.categories, []);
    assert.equal(model.badgeOnly, true);
  });

  test("a site without uses never asks", () => {
    const model = build(null, "https://one.example/");
    assert.equal(model.askUse, false);
    assert.equal(model.usesSite, null);
  });

  const ANSWERS = [
    [{ tool: "sessions" }, "sessions"],
    [{ tool: "gone" }, null],
    [{ other: "sessions" }, null],
    [{}, null],
    [null, null],
    [{ tool: 3 }, null],
  ];
  for (const [answers, expected] of ANSWERS) {
    test(`answeredUse ${JSON.stringify(answers)}`, () => {
      assert.equal(answeredUse(document, "tool", answers), expected);
    });
  }
});

describe('"Updated": a hash per caution seen', () => {
  const before = documentWith(
    [caution("a"), caution("b")],
    [category("video", ["a", "b"])],
    [{ ...SITE, categories: ["video"] }],
  );
  const after = structuredClone(before);
  after.cautions[0].action = "A new action.";
  const seenHashes = Object.fromEntries(before.cautions.map((c) => [c.id, cautionHash(c)]));
  const build = (taxonomy, seen) => buildCardModel({ taxonomy, url: URL_, seen });
  const byIdOf = (model) => new Map(model.categories[0].cautions.map((c) => [c.id, c]));

  const CASES = [
    // [name, document, seen, a.updated, a.previous action]
    ["never seen: nothing marked", after, {}, false, null],
    ["seen and unchanged", before, { hashes: seenHashes, previous: null }, false, null],
    ["seen, then changed", after, { hashes: seenHashes, previous: before }, true, "a action."],
    ["changed, no earlier copy", after, { hashes: seenHashes, previous: null }, true, null],
    [
      "seen as it is now, earlier copy differs",
      after,
      { hashes: { a: cautionHash(after.cautions[0]) }, previous: before },
      false,
      "a action.",
    ],
  ];
  for (const [name, document, seen, updated, previous] of CASES) {
    test(name, () => {
      const a = byIdOf(build(document, seen)).get("a");
      assert.equal(a.updated, updated);
      assert.equal(a.previous?.action ?? null, previous);
      assert.equal(byIdOf(build(document, seen)).get("b").updated, false);
    });
  }

  test("the hash is of the caution's content, whatever the key order", () => {
    const [first] = before.cautions;
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    assert.equal(cautionHash(reordered), cautionHash(first));
    assert.match(cautionHash(first), /^[0-9a-f]{8}$/u);
  });
});

describe('"Why this?": what chose the cautions', () => {
  const document = documentWith(
    [caution("a")],
    [category("video", ["a"])],
    [{ ...SITE, categories: ["video"] }],
  );
  const CASES = [
    [
      {},
      false,
      { use: null, stage: "before", firstVisit: false, jurisdictions: [], profiles: null },
    ],
    [
      { jurisdictions: ["us-il"], profiles: ["hipaa"] },
      true,
      {
        use: null,
        stage: "before",
        firstVisit: true,
        jurisdictions: ["Illinois"],
        profiles: ["HIPAA?"],
      },
    ],
  ];
  for (const [prefs, firstVisit, expected] of CASES) {
    test(JSON.stringify(prefs), () => {
      const model = buildCardModel({ taxonomy: document, url: URL_, prefs, firstVisit });
      assert.deepEqual(model.choice, expected);
    });
  }
});

test("while the card asks which use, two key cautions; three once answered", () => {
  const cautions = [caution("a"), caution("b"), caution("c")];
  const document = documentWith(
    cautions,
    [category("video", ["a", "b", "c"])],
    [
      {
        ...SITE,
        categories: ["video"],
        uses: [
          { id: "sessions", label: "Sessions", categories: ["video"] },
          { id: "personal", label: "Personal", categories: [] },
        ],
      },
    ],
  );
  assert.deepEqual(top(document), ["a", "b"]);
  assert.deepEqual(top(document, { use: "sessions" }), ["a", "b", "c"]);
});
