// The card model: merged categories, site cautions first, jurisdictions, hashes and the
// user's own sites, on the real shared/taxonomy.json and on small made-up documents.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import { FORCE_ORDER } from "../lib/applicability.js";
import {
  appliesTo,
  buildCardModel,
  buildGuidanceIndex,
  canonicalJson,
  catalogue,
  categoryDetail,
  categoryHash,
  customSiteId,
  fnv1a32,
  jurisdictionTree,
  sitesWithCustom,
} from "../lib/guidance.js";

const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);
const TEAMS = "https://teams.microsoft.com/v2/";
const ZOOM = "https://us02web.zoom.us/j/123?pwd=x";

function card(url, prefs = {}, taxonomy = TAXONOMY, source = null) {
  return buildCardModel({ taxonomy, url, prefs, source });
}

function ids(items) {
  return items.map((item) => item.id);
}

function cautionIds(model) {
  return model.categories.flatMap((category) => ids(category.cautions));
}

describe("pages that match nothing get no card", () => {
  const URLS = [
    "https://example.org/",
    "chrome://extensions/",
    "not a url",
    "https://zoom.us.example.org/",
  ];
  for (const url of URLS) {
    test(url, () => assert.equal(card(url), null));
  }
});

describe("Teams: live chat and video merged into one card", () => {
  const model = card(TEAMS);

  test("the site and both categories", () => {
    assert.deepEqual(model.site, {
      id: "microsoft-teams",
      name: "Microsoft Teams",
      pattern: "https://teams.microsoft.com/*",
    });
    assert.deepEqual(ids(model.sites), ["microsoft-teams"]);
    assert.deepEqual(ids(model.categories), ["live-chat", "video"]);
    assert.deepEqual(Object.keys(model.categoryHashes), ["live-chat", "video"]);
  });

  test("the site caution is in each category, marked, and competes on the rule's terms", () => {
    for (const category of model.categories) {
      const own = category.cautions.filter((caution) => caution.siteSpecific);
      assert.deepEqual(ids(own), ["meeting-ai-notes"]);
    }
  });

  test("top cautions: three, without repeats, by force then severity", () => {
    assert.equal(model.topCautions.length, 3);
    assert.equal(new Set(ids(model.topCautions)).size, 3);
    const forces = model.topCautions.map((caution) => FORCE_ORDER.indexOf(caution.force));
    assert.deepEqual(
      forces,
      [...forces].sort((a, b) => a - b),
    );
  });

  test("groups are resolved and references are https", () => {
    const video = model.categories.find((category) => category.id === "video");
    assert.deepEqual(video.groups, [{ id: "working-online", name: "Working online" }]);
    assert.ok(video.references.length > 0);
    for (const reference of video.references) {
      assert.deepEqual(Object.keys(reference), [
        "title",
        "publisher",
        "year",
        "accessed",
        "kind",
        "url",
        "section",
      ]);
      assert.ok(reference.url.startsWith("https://"));
    }
  });

  test("the shape of a category", () => {
    const [chat] = model.categories;
    assert.deepEqual(Object.keys(chat), [
      "id",
      "name",
      "groups",
      "mode",
      "modeNote",
      "summary",
      "benefits",
      "cautions",
      "questions",
      "checklist",
      "references",
    ]);
  });
});

describe("classification matches the shared vectors", () => {
  const { cases } = JSON.parse(
    fs.readFileSync(new URL("../../shared/classification-cases.json", import.meta.url), "utf8"),
  );
  for (const { url, expected, note } of cases) {
    test(`${url}: ${note}`, () => {
      const model = card(url);
      assert.deepEqual(model === null ? [] : ids(model.categories).sort(), [...expected].sort());
    });
  }
});

describe("cautions are filtered by the user jurisdictions", () => {
  const TAGGED = ["ca-ontario-electronic-practice", "us-hipaa-baa", "uk-eu-data-protection"];
  // [jurisdictions, tagged cautions shown on a Zoom (video) page]
  const CASES = [
    // Until the reader chooses, only the cautions that apply everywhere.
    [[], []],
    [undefined, []],
    [["uk"], ["uk-eu-data-protection"]],
    [["eu"], ["uk-eu-data-protection"]],
    [["us"], ["us-hipaa-baa"]],
    [
      ["uk", "us"],
      ["us-hipaa-baa", "uk-eu-data-protection"],
    ],
    // A caution tagged with a region applies only to readers who chose that region.
    [["ca"], []],
    [["ca-on"], ["ca-ontario-electronic-practice"]],
    [["au"], []],
  ];
  for (const [jurisdictions, shown] of CASES) {
    test(JSON.stringify(jurisdictions), () => {
      const model = card(ZOOM, { jurisdictions });
      const all = cautionIds(model);
      assert.deepEqual(all.filter((id) => TAGGED.includes(id)).sort(), [...shown].sort());
      assert.ok(all.includes("zoom-ai-companion"), "untagged cautions apply everywhere");
    });
  }

  test("the hashes do not depend on the jurisdictions chosen", () => {
    const filtered = card(ZOOM, { jurisdictions: ["au"] });
    assert.deepEqual(filtered.categoryHashes, card(ZOOM).categoryHashes);
  });

  // A region reaches up to its country; none chosen: only untagged cautions apply.
  const PLACES = { jurisdictions: [{ id: "us" }, { id: "us-il", parent: "us" }, { id: "uk" }] };
  const APPLIES = [
    [{}, [], true],
    [{ jurisdictions: [] }, ["uk"], true],
    [{ jurisdictions: ["us"] }, ["uk"], false],
    [{ jurisdictions: ["uk", "eu"] }, ["eu"], true],
    [{ jurisdictions: ["us"] }, [], false],
    [{ jurisdictions: ["us"] }, ["us-il"], true],
    [{ jurisdictions: ["us-il"] }, ["us"], false],
    [{ jurisdictions: ["us-il"] }, ["us-il"], true],
  ];
  for (const [tags, jurisdictions, applies] of APPLIES) {
    test(`appliesTo ${JSON.stringify(tags)} for ${JSON.stringify(jurisdictions)}`, () => {
      const caution = { id: "c", stage: ["before"], force: "should", severity: "low", ...tags };
      assert.equal(appliesTo(PLACES, caution, jurisdictions), applies);
    });
  }
});

// --- A small document to pin orders exactly ------------------------------------------------

function small() {
  const caution = (id, severity, extra = {}) => ({
    id,
    title: id,
    headline: `${id} headline`,
    action: `${id} action.`,
    detail: `${id}.`,
    severity,
    stage: ["before"],
    force: "should",
    basis: "guidance",
    reviewed: "2026-01-15",
    ...extra,
  });
  return {
    schema_version: 2,
    meta: { title: "T", publisher: "P", reviewed: "2026-01-15", language: "en" },
    jurisdictions: [
      { id: "uk", name: "UK" },
      { id: "uk-sct", name: "Scotland", parent: "uk" },
    ],
    profiles: [],
    groups: [
      { id: "working-online", name: "Working online", description: "d" },
      { id: "digital-communication", name: "Digital communication", description: "d" },
    ],
    categories: [
      {
        id: "live-chat",
        name: "Live chat",
        groups: ["working-online"],
        mode: "synchronous",
        mode_note: "n",
        summary: "s",
        benefits: ["b"],
        cautions: ["chat-low", "chat-medium", "shared-high"],
        questions: ["q?"],
        references: ["https-ref", "http-ref"],
      },
      {
        id: "video",
        name: "Video",
        groups: ["working-online", "digital-communication"],
        mode: "synchronous",
        mode_note: "n",
        summary: "s",
        benefits: ["b"],
        cautions: ["shared-high", "video-high", "video-medium"],
        questions: ["q?"],
        checklist: ["c"],
        references: ["https-ref"],
      },
    ],
    cautions: [
      caution("chat-low", "low"),
      caution("chat-medium", "medium"),
      caution("shared-high", "high", { jurisdictions: ["uk"] }),
      caution("video-high", "high", { references: [{ ref: "https-ref", section: "2.1" }] }),
      caution("video-medium", "medium", { stage: ["during"] }),
      caution("site-low", "low", { stage: ["anytime"] }),
    ],
    references: [
      {
        id: "https-ref",
        title: "R",
        publisher: "P",
        kind: "other",
        year: 2024,
        url: "https://example.org/r",
      },
      {
        id: "http-ref",
        title: "H",
        publisher: "P",
        kind: "other",
        accessed: "2026-01-02",
        url: "http://example.org/h",
      },
    ],
    sites: [
      {
        id: "meet",
        name: "Meet",
        patterns: ["https://meet.example.org/*"],
        categories: ["live-chat", "video"],
        cautions: ["site-low"],
      },
      {
        id: "meet-chat",
        name: "Meet chat",
        patterns: ["https://meet.example.org/chat/*"],
        categories: ["live-chat"],
      },
    ],
  };
}

describe("ordering on a small document", () => {
  test("a site caution is not first because it is the site's: force, severity, order", () => {
    const model = card("https://meet.example.org/room", {}, small());
    assert.deepEqual(ids(model.topCautions), ["video-high", "chat-medium", "chat-low"]);
    const [chat, video] = model.categories.map((category) => ids(category.cautions));
    assert.deepEqual(chat, ["chat-medium", "chat-low", "site-low"]);
    assert.deepEqual(video, ["video-high", "video-medium", "site-low"]);
    const uk = card("https://meet.example.org/room", { jurisdictions: ["uk"] }, small());
    assert.deepEqual(ids(uk.topCautions), ["shared-high", "video-high", "chat-medium"]);
  });

  test("a must comes before a should, whatever its severity", () => {
    const document = small();
    Object.assign(document.cautions[0], { force: "must", basis: "law" });
    const model = card("https://meet.example.org/room", {}, document);
    assert.deepEqual(ids(model.topCautions), ["chat-low", "video-high", "chat-medium"]);
  });

  test("top cautions are for arriving (before); More keeps the other stages", () => {
    const document = small();
    document.cautions.find((c) => c.id === "video-high").stage = ["after"];
    const model = card("https://meet.example.org/room", {}, document);
    assert.equal(model.stage, "before");
    assert.deepEqual(ids(model.topCautions), ["chat-medium", "chat-low", "site-low"]);
    assert.ok(ids(model.categories[1].cautions).includes("video-high"));
    assert.ok(ids(model.categories[1].cautions).includes("video-medium"));
  });

  test("another stage can be asked for", () => {
    const model = buildCardModel({
      taxonomy: small(),
      url: "https://meet.example.org/room",
      stage: "during",
    });
    assert.deepEqual(ids(model.topCautions), ["video-medium", "site-low"]);
  });

  test("a jurisdiction filter changes the top cautions", () => {
    const model = card("https://meet.example.org/room", { jurisdictions: ["us"] }, small());
    assert.deepEqual(ids(model.topCautions), ["video-high", "chat-medium", "chat-low"]);
  });

  test("a caution for a country applies in its regions", () => {
    const model = card("https://meet.example.org/room", { jurisdictions: ["uk-sct"] }, small());
    assert.ok(ids(model.topCautions).includes("shared-high"));
  });

  test("profiles filter only once they are asked", () => {
    const document = small();
    document.profiles = [{ id: "nhs", question: "NHS?" }];
    document.cautions[2].applies_if = ["nhs"];
    const url = "https://meet.example.org/room";
    const uk = { jurisdictions: ["uk"] };
    assert.ok(ids(card(url, uk, document).topCautions).includes("shared-high"));
    const none = { ...uk, profiles: [] };
    assert.ok(!ids(card(url, none, document).topCautions).includes("shared-high"));
    const nhs = { ...uk, profiles: ["nhs"] };
    assert.ok(ids(card(url, nhs, document).topCautions).includes("shared-high"));
  });

  test("only https references are linked, from categories and cautions", () => {
    const model = card("https://meet.example.org/room", {}, small());
    assert.deepEqual(
      model.categories[0].references.map((r) => r.url),
      ["https://example.org/r"],
    );
    const videoHigh = model.categories[1].cautions.find((c) => c.id === "video-high");
    assert.deepEqual(videoHigh.references, [
      {
        title: "R",
        publisher: "P",
        year: 2024,
        accessed: null,
        kind: "other",
        url: "https://example.org/r",
        section: "2.1",
      },
    ]);
  });

  test("a more specific site wins alone", () => {
    const model = card("https://meet.example.org/chat/1", {}, small());
    assert.deepEqual(ids(model.sites), ["meet-chat"]);
    assert.deepEqual(ids(model.categories), ["live-chat"]);
    assert.equal(
      model.categories[0].cautions.some((c) => c.siteSpecific),
      false,
    );
  });

  test("checklist defaults to an empty list", () => {
    const model = card("https://meet.example.org/room", {}, small());
    assert.deepEqual(
      model.categories.map((c) => c.checklist),
      [[], ["c"]],
    );
  });
});

describe("guidance information", () => {
  // [source, expected source, expected version]
  const CASES = [
    [null, "bundled", null],
    ["bundled", "bundled", null],
    [{ source: "server", version: 12, serverUrl: "https://x.example" }, "server", 12],
    [{ source: "server" }, "server", null],
  ];
  for (const [source, kind, version] of CASES) {
    test(JSON.stringify(source), () => {
      const { guidance } = card(TEAMS, {}, TAXONOMY, source);
      assert.deepEqual(guidance, {
        version,
        reviewed: TAXONOMY.meta.reviewed,
        nextReview: TAXONOMY.meta.next_review,
        title: TAXONOMY.meta.title,
        publisher: TAXONOMY.meta.publisher,
        notice: TAXONOMY.meta.notice,
        source: kind,
      });
    });
  }
});

function reversedKeys(object) {
  return Object.fromEntries(Object.entries(object).reverse());
}

describe("category hashes", () => {
  const URL = "https://meet.example.org/room";
  const base = card(URL, {}, small()).categoryHashes;

  test("are 8 hex digits and stable", () => {
    assert.match(base["live-chat"], /^[0-9a-f]{8}$/);
    assert.deepEqual(card(URL, {}, small()).categoryHashes, base);
  });

  // [description, change, categories whose hash changes]
  const CASES = [
    ["summary of live chat", (d) => (d.categories[0].summary = "new"), ["live-chat"]],
    ["a question of video", (d) => (d.categories[1].questions = ["new?"]), ["video"]],
    ["a shared caution", (d) => (d.cautions[2].detail = "new"), ["live-chat", "video"]],
    ["a site caution", (d) => (d.cautions[5].severity = "high"), ["live-chat", "video"]],
    ["a caution reference", (d) => (d.references[0].year = 2025), ["live-chat", "video"]],
    ["a caution only video uses", (d) => (d.cautions[4].title = "x"), ["video"]],
    ["key order only", (d) => (d.categories[0] = reversedKeys(d.categories[0])), []],
    ["the site name", (d) => (d.sites[0].name = "Renamed"), []],
  ];
  for (const [description, change, changed] of CASES) {
    test(description, () => {
      const document = small();
      change(document);
      const after = card(URL, {}, document).categoryHashes;
      const differ = Object.keys(base).filter((id) => base[id] !== after[id]);
      assert.deepEqual(differ, changed);
    });
  }

  test("categoryHash without site cautions differs from the page hash", () => {
    const plain = categoryHash(small(), "video");
    assert.match(plain, /^[0-9a-f]{8}$/);
    assert.notEqual(plain, base.video);
    assert.equal(categoryHash(small(), "video", ["site-low"]), base.video);
    assert.equal(categoryHash(small(), "fax"), null);
  });

  const FNV = [
    ["", "811c9dc5"],
    ["a", "e40c292c"],
    ["foobar", "bf9cf968"],
  ];
  for (const [text, hash] of FNV) {
    test(`fnv1a32(${JSON.stringify(text)})`, () => assert.equal(fnv1a32(text), hash));
  }

  test("canonical JSON sorts keys at every level", () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: 2 }], a: "é" }), '{"a":"é","b":[{"c":2,"d":1}]}');
  });
});

// --- The user's own sites ----------------------------------------------------------------------

describe("custom sites are classified with the same specificity rules", () => {
  const X = "https://x.example/";
  const custom = (patterns, categories = ["calendar"], id = "mine") => [
    { id, name: "Mine", patterns, categories },
  ];
  // [description, custom sites, url, winning site ids, categories]
  const CASES = [
    [
      "a longer path on the same host beats the taxonomy",
      custom(["https://teams.microsoft.com/l/meetup-join/*"]),
      "https://teams.microsoft.com/l/meetup-join/abc",
      ["custom-mine"],
      ["calendar"],
    ],
    [
      "elsewhere on that host the taxonomy still wins",
      custom(["https://teams.microsoft.com/l/meetup-join/*"]),
      TEAMS,
      ["microsoft-teams"],
      ["live-chat", "video"],
    ],
    [
      "a wildcard host does not beat an exact host",
      custom(["https://*.microsoft.com/*"]),
      TEAMS,
      ["microsoft-teams"],
      ["live-chat", "video"],
    ],
    [
      "an exact host beats a wildcard host",
      custom(["https://us02web.zoom.us/*"]),
      ZOOM,
      ["custom-mine"],
      ["calendar"],
    ],
    [
      "an equally specific rule combines, the taxonomy site first",
      custom(["https://teams.microsoft.com/*"]),
      TEAMS,
      ["microsoft-teams", "custom-mine"],
      ["live-chat", "video", "calendar"],
    ],
    [
      "a site the taxonomy does not know",
      custom(["https://portal.example-clinic.org/*"], ["calendar", "email"], "custom-portal"),
      "https://portal.example-clinic.org/diary",
      ["custom-portal"],
      ["calendar", "email"],
    ],
    ["an unparseable pattern is skipped", custom(["https://x.example:80/*"]), X, [], []],
    ["a too broad pattern is skipped", custom(["*://*/*"]), X, [], []],
    ["unknown categories are skipped", custom(["https://x.example/*"], ["fax"]), X, [], []],
  ];
  for (const [description, sites, url, siteIds, categories] of CASES) {
    test(description, () => {
      const index = buildGuidanceIndex(TAXONOMY, sites);
      const prefs = { customSites: sites };
      const model = buildCardModel({ taxonomy: TAXONOMY, index, url, prefs });
      assert.deepEqual(model === null ? [] : ids(model.sites), siteIds);
      assert.deepEqual(model === null ? [] : ids(model.categories), categories);
    });
  }

  test("the index is built from prefs.customSites when none is given", () => {
    const model = card("https://portal.example-clinic.org/", {
      customSites: custom(["https://portal.example-clinic.org/*"]),
    });
    assert.equal(model.site.id, "custom-mine");
  });

  test("custom site ids always carry the prefix, once", () => {
    assert.equal(customSiteId("mine"), "custom-mine");
    assert.equal(customSiteId("custom-mine"), "custom-mine");
    const sites = sitesWithCustom(TAXONOMY, [null, { id: 5 }, ...custom(["https://x.example/*"])]);
    assert.equal(sites.length, TAXONOMY.sites.length + 1);
    assert.equal(sites.at(-1).id, "custom-mine");
  });
});

describe("browsing", () => {
  test("catalogue groups categories by group, in document order", () => {
    const groups = catalogue(TAXONOMY);
    assert.deepEqual(ids(groups), ["working-online", "digital-communication"]);
    for (const group of groups) {
      const expected = TAXONOMY.categories.filter((c) => c.groups.includes(group.id));
      assert.deepEqual(ids(group.categories), ids(expected));
    }
    const video = groups[0].categories.find((c) => c.id === "video");
    assert.ok(ids(video.sites).includes("zoom"));
    assert.deepEqual(Object.keys(video), ["id", "name", "mode", "modeNote", "summary", "sites"]);
  });

  test("categoryDetail has no site cautions and honours jurisdictions", () => {
    const video = categoryDetail(TAXONOMY, "video", { jurisdictions: ["us"] });
    assert.equal(video.id, "video");
    assert.ok(video.cautions.every((caution) => !caution.siteSpecific));
    assert.ok(!ids(video.cautions).includes("uk-eu-data-protection"));
    assert.equal(categoryDetail(TAXONOMY, "fax"), null);
  });
});

describe("format 2 parts", () => {
  test("a use brings its own categories; none said keeps the site's", () => {
    const document = small();
    document.sites[0].uses = [
      { id: "chat-only", label: "Chat", categories: ["live-chat"] },
      { id: "personal", label: "Personal", categories: [] },
    ];
    const url = "https://meet.example.org/room";
    const model = (use) => buildCardModel({ taxonomy: document, url, use });
    assert.deepEqual(ids(model(null).categories), ["live-chat", "video"]);
    assert.deepEqual(ids(model("chat-only").categories), ["live-chat"]);
    assert.deepEqual(ids(model("personal").categories), []);
  });

  test("jurisdictions to choose from: regions under their country", () => {
    const tree = jurisdictionTree({
      jurisdictions: [
        { id: "us", name: "United States" },
        { id: "uk", name: "United Kingdom" },
        { id: "us-il", name: "Illinois", parent: "us" },
        { id: "ca-on", name: "Ontario", parent: "ca" },
      ],
    });
    assert.deepEqual(tree, [
      {
        id: "us",
        name: "United States",
        regions: [{ id: "us-il", name: "Illinois", regions: [] }],
      },
      { id: "uk", name: "United Kingdom", regions: [] },
      { id: "ca-on", name: "Ontario", regions: [] },
    ]);
  });
});
