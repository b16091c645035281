// Quiet in session, and after: which tabs are in a call, and the transitions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  CALL_CATEGORIES,
  afterPillAllowed,
  isCallChange,
  isCallPage,
  nextCallState,
  quietForCall,
  soundsLikeCall,
} from "../lib/call-state.js";

describe("isCallPage", () => {
  // [category ids, counts as a call page]
  const CASES = [
    [["video"], true],
    [["telephone"], true],
    [["live-chat"], true],
    [["live-chat", "video"], true],
    [["email", "video"], true],
    [["email"], false],
    [["texting"], false],
    [["online-resources"], false],
    [["custom-video"], false],
    [[], false],
    [undefined, false],
  ];
  for (const [ids, expected] of CASES) {
    test(`${JSON.stringify(ids)} → ${expected}`, () => assert.equal(isCallPage(ids), expected));
  }
  test("the three live-contact categories, by id", () => {
    assert.deepEqual([...CALL_CATEGORIES].sort(), ["live-chat", "telephone", "video"]);
  });
});

describe("soundsLikeCall", () => {
  const CASES = [
    [{ audible: true }, true],
    [{ audible: true, mutedInfo: { muted: true } }, true],
    [{ audible: false }, false],
    [{ audible: false, mutedInfo: { muted: false } }, false],
    [{}, false],
    [null, false],
    [{ audible: false, sharingState: { camera: true, microphone: false } }, true],
    [{ audible: false, sharingState: { camera: false, microphone: true } }, true],
    [
      { audible: false, sharingState: { camera: false, microphone: false, screen: "Screen" } },
      false,
    ],
  ];
  for (const [tab, expected] of CASES) {
    test(`${JSON.stringify(tab)} → ${expected}`, () => assert.equal(soundsLikeCall(tab), expected));
  }
});

describe("isCallChange", () => {
  const CASES = [
    [{ audible: true }, true],
    [{ audible: false }, true],
    [{ mutedInfo: { muted: true } }, true],
    [{ sharingState: { camera: true } }, true],
    [{ status: "loading" }, false],
    [{ url: "https://acme.zoom.us/j/1" }, false],
    [{}, false],
    [undefined, false],
  ];
  for (const [changeInfo, expected] of CASES) {
    test(`${JSON.stringify(changeInfo)} → ${expected}`, () =>
      assert.equal(isCallChange(changeInfo), expected));
  }
});

describe("nextCallState", () => {
  const NOW = 1_000;
  const IN_CALL = { inCall: true, since: 500 };
  // [name, previous, tab, categories, expected state, expected transition]
  const CASES = [
    [
      "sound starts on a video page",
      null,
      { audible: true },
      ["video"],
      { inCall: true, since: NOW },
      "started",
    ],
    [
      "sound starts on a phone page",
      { inCall: false },
      { audible: true },
      ["telephone"],
      { inCall: true, since: NOW },
      "started",
    ],
    [
      "muted but audible still starts",
      null,
      { audible: true, mutedInfo: { muted: true } },
      ["live-chat"],
      { inCall: true, since: NOW },
      "started",
    ],
    [
      "camera on (Firefox) starts",
      null,
      { audible: false, sharingState: { camera: true } },
      ["video"],
      { inCall: true, since: NOW },
      "started",
    ],
    [
      "sound on an email page is no call",
      null,
      { audible: true },
      ["email"],
      { inCall: false },
      null,
    ],
    ["still audible: nothing new", IN_CALL, { audible: true }, ["video"], IN_CALL, null],
    [
      "muting during a call: still in it",
      IN_CALL,
      { audible: true, mutedInfo: { muted: true } },
      ["video"],
      IN_CALL,
      null,
    ],
    [
      "sound stops: the call ended",
      IN_CALL,
      { audible: false },
      ["video"],
      { inCall: false, since: 500, endedAt: NOW },
      "ended",
    ],
    [
      "the page left live contact: ended",
      IN_CALL,
      { audible: true },
      ["email"],
      { inCall: false, since: 500, endedAt: NOW },
      "ended",
    ],
    ["silent and never in a call", null, { audible: false }, ["video"], { inCall: false }, null],
    [
      "after a call, silence stays silent",
      { inCall: false, since: 500, endedAt: 900 },
      { audible: false },
      ["video"],
      { inCall: false, since: 500, endedAt: 900 },
      null,
    ],
  ];
  for (const [name, previous, tab, categories, state, transition] of CASES) {
    test(name, () => {
      assert.deepEqual(nextCallState(previous, tab, categories, NOW), { state, transition });
    });
  }
});

describe("quietForCall", () => {
  const CASES = [
    [{ inCall: true, since: 1 }, true],
    [{ inCall: false, endedAt: 2 }, false],
    [null, false],
  ];
  for (const [state, expected] of CASES) {
    test(`${JSON.stringify(state)} → ${expected}`, () =>
      assert.equal(quietForCall(state), expected));
  }
});

describe("afterPillAllowed", () => {
  const NOW = 10_000;
  const base = { siteId: "zoom", now: NOW, day: "2026-12-03" };
  // [name, prefs, state, allowed]
  const CASES = [
    ["by default", {}, {}, true],
    [
      "even when the card was seen today",
      {},
      { seen: { zoom: { day: "2026-12-03", hashes: {} } } },
      true,
    ],
    [
      "once per session, already seen",
      { frequency: "session" },
      { sessionSeen: { zoom: true } },
      true,
    ],
    ["not while paused", {}, { pausedUntil: NOW + 1 }, false],
    ["not while the site is snoozed", {}, { snoozes: { zoom: NOW + 1 } }, false],
    ["not on a site turned off", { disabledSites: ["zoom"] }, {}, false],
    ["not with the badge only", { display: "badge" }, {}, false],
    ["not with cards never", { frequency: "never" }, {}, false],
    ["after a pause ended", {}, { pausedUntil: NOW }, true],
  ];
  for (const [name, prefs, state, allowed] of CASES) {
    test(name, () => assert.equal(afterPillAllowed({ ...base, prefs, state }), allowed));
  }
});
