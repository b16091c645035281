// The card's first view: its words counted from the card model with the text the card
// draws (lib/first-view.js), at most 100 for a made-up site and for every shipped site.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import {
  FIRST_VIEW_MAX_WORDS,
  countWords,
  firstViewTexts,
  firstViewWords,
} from "../lib/first-view.js";
import { buildCardModel, buildGuidanceIndex, shortModeNote } from "../lib/guidance.js";
import { LOCALE, translate } from "./messages.js";

const SHIPPED = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);

/** An address a site's first pattern matches ("*." gets "www.", a trailing "*" goes). */
function addressOf(pattern) {
  return pattern.replace("://*.", "://www.").replace(/\*$/u, "");
}

/** The first view of every shipped site, before any first-run answer. */
// Every shipped site's first view before any first-run answer, on the first visit and on
// later ones (other cautions come up once "choosing" ones step back), and with each of
// its uses chosen.
function shippedFirstViews(taxonomy = SHIPPED) {
  const index = buildGuidanceIndex(taxonomy);
  return taxonomy.sites.flatMap((site) =>
    [null, ...(site.uses ?? []).map((item) => item.id)].flatMap((use) =>
      [true, false].map((firstVisit) => {
        const url = addressOf(site.patterns[0]);
        const model = buildCardModel({ taxonomy, index, url, use, firstVisit });
        const words = model ? firstViewWords(model, translate, LOCALE) : 0;
        return { site: site.id, use, firstVisit, words };
      }),
    ),
  );
}

describe("countWords", () => {
  const CASES = [
    ["", 0],
    ["Got it", 2],
    ["Synchronous — A typed conversation", 4],
    ["Don't show on this site", 5],
    ["  spaced\tout\nwords ", 3],
    ["UK: register with the ICO.", 5],
    ["\u2212", 0],
  ];
  for (const [text, expected] of CASES) {
    test(JSON.stringify(text), () => assert.equal(countWords(text), expected));
  }
});

describe("shortModeNote: one clause, at most eight words", () => {
  const CASES = [
    ["Live contact by camera and microphone.", "Live contact by camera and microphone"],
    [
      "Live, voice-only contact: you are both there at the same moment.",
      "Live, voice-only contact",
    ],
    ["Messages wait; each of you answers later.", "Messages wait"],
    [
      "One two three four five six seven eight nine ten",
      "One two three four five six seven eight\u2026",
    ],
    ["Live — you are both there", "Live"],
    ["", ""],
  ];
  for (const [note, expected] of CASES) {
    test(note || "(empty)", () => assert.equal(shortModeNote(note), expected));
  }
});

describe("a made-up site's first view", () => {
  const document = structuredClone(SHIPPED);
  const site = document.sites.find((item) => item.id === "zoom");
  const model = buildCardModel({
    taxonomy: document,
    url: addressOf(site.patterns[0]),
    firstVisit: true,
  });
  const texts = firstViewTexts(model, translate, LOCALE);

  test("has the title, a mode line per category and the controls", () => {
    assert.ok(texts.includes("Video sessions"));
    assert.ok(texts.some((text) => text.startsWith("Synchronous")));
    for (const key of ["moreLabel", "whyLabel", "gotItLabel", "snoozeLabel", "disableSiteLabel"])
      assert.ok(texts.includes(translate(key)), key);
  });

  test("holds at most three cautions, as headline and action", () => {
    assert.ok(model.topCautions.length <= 3);
    for (const caution of model.topCautions) {
      assert.ok(texts.includes(caution.headline));
      assert.ok(texts.includes(caution.action));
      assert.ok(!texts.includes(caution.detail));
    }
  });

  test("short cautions keep it within the limit", () => {
    for (const caution of document.cautions) {
      caution.headline = "Check who can hear you";
      caution.action = "Use headphones and a closed room; ask the client to do the same.";
    }
    const short = buildCardModel({ taxonomy: document, url: addressOf(site.patterns[0]) });
    const words = firstViewWords(short, translate, LOCALE);
    assert.ok(words <= FIRST_VIEW_MAX_WORDS, `${words} words`);
  });
});

test(`every shipped site's first view is at most ${FIRST_VIEW_MAX_WORDS} words`, () => {
  const over = shippedFirstViews().filter((view) => view.words > FIRST_VIEW_MAX_WORDS);
  assert.deepEqual(over, []);
});

test("the use question and its buttons count", () => {
  const document = structuredClone(SHIPPED);
  const site = document.sites.find((item) => item.id === "whatsapp-web");
  site.uses = [
    { id: "sessions", label: "Sessions with clients", categories: ["live-chat"] },
    { id: "personal", label: "Personal", categories: [] },
  ];
  const url = addressOf(site.patterns[0]);
  const asking = buildCardModel({ taxonomy: document, url });
  const texts = firstViewTexts(asking, translate, LOCALE);
  assert.ok(texts.includes(translate("useQuestion")));
  assert.ok(texts.includes("Sessions with clients") && texts.includes("Personal"));
  const answered = buildCardModel({ taxonomy: document, url, use: "sessions" });
  assert.ok(!firstViewTexts(answered, translate, LOCALE).includes(translate("useQuestion")));
});
