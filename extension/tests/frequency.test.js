// When a card shows: local days, snoozes, pauses and every frequency against every state.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  FREQUENCIES,
  MAX_SEEN_SITES,
  SEEN_TTL_MS,
  decideCard,
  disableSite,
  enableSite,
  guidanceChanged,
  localDay,
  nextLocalMidnight,
  pause,
  pruneSeen,
  recordSeen,
  recordShown,
  snooze,
  snoozeUntil,
} from "../lib/frequency.js";

const HOUR = 60 * 60 * 1000;
const utc = (...parts) => Date.UTC(...parts);

describe("localDay", () => {
  // [ms, minutes east of UTC, local day]
  const CASES = [
    [utc(2026, 0, 15, 23, 59, 59, 999), 0, "2026-01-15"],
    [utc(2026, 0, 16, 0, 0, 0, 0), 0, "2026-01-16"],
    [utc(2026, 0, 16, 4, 59, 59, 999), -300, "2026-01-15"],
    [utc(2026, 0, 16, 5, 0, 0, 0), -300, "2026-01-16"],
    [utc(2026, 0, 15, 22, 59, 59, 999), 60, "2026-01-15"],
    [utc(2026, 0, 15, 23, 0, 0, 0), 60, "2026-01-16"],
    [utc(2026, 11, 31, 23, 30), 60, "2027-01-01"],
    [utc(2027, 0, 1, 3, 0), -300, "2026-12-31"],
    [utc(2026, 1, 28, 18, 30), 330, "2026-03-01"],
    [utc(2028, 1, 28, 23, 0), 60, "2028-02-29"],
  ];
  for (const [ms, offset, day] of CASES) {
    test(`${new Date(ms).toISOString()} at ${offset} min is ${day}`, () => {
      assert.equal(localDay(ms, offset), day);
    });
  }
});

describe("snoozeUntil", () => {
  const NOON = utc(2026, 0, 15, 12, 0);
  // [kind, now, minutes east of UTC, until]
  const CASES = [
    ["hour", NOON, 0, NOON + HOUR],
    ["hour", NOON, -300, NOON + HOUR],
    ["tomorrow", NOON, 0, utc(2026, 0, 16)],
    ["tomorrow", NOON, -300, utc(2026, 0, 16, 5, 0)],
    ["tomorrow", utc(2026, 0, 16, 3, 0), -300, utc(2026, 0, 16, 5, 0)],
    ["tomorrow", utc(2026, 0, 15, 23, 30), 60, utc(2026, 0, 16, 23, 0)],
    ["tomorrow", utc(2026, 0, 16, 5, 0), -300, utc(2026, 0, 17, 5, 0)],
    ["tomorrow", utc(2026, 0, 16, 4, 59, 59, 999), -300, utc(2026, 0, 16, 5, 0)],
    ["tomorrow", utc(2026, 11, 31, 22, 0), 60, utc(2026, 11, 31, 23, 0)],
  ];
  for (const [kind, now, offset, until] of CASES) {
    test(`${kind} from ${new Date(now).toISOString()} at ${offset} min`, () => {
      assert.equal(snoozeUntil(kind, now, offset), until);
    });
  }

  test("tomorrow starts the next local day", () => {
    const now = utc(2026, 0, 15, 12, 0);
    for (const offset of [-300, 0, 60, 330]) {
      const until = nextLocalMidnight(now, offset);
      assert.notEqual(localDay(until, offset), localDay(now, offset));
      assert.equal(localDay(until - 1, offset), localDay(now, offset));
    }
  });

  test("an unknown kind is a programming error", () => {
    assert.throws(() => snoozeUntil("week", 0, 0), /unknown snooze kind 'week'/);
  });
});

describe("guidanceChanged", () => {
  const CASES = [
    [{ video: "a" }, { video: "a" }, false],
    [{ video: "a" }, { video: "b" }, true],
    [{ video: "a" }, { video: "a", "live-chat": "c" }, true],
    [{ video: "a", email: "e" }, { video: "a" }, false],
    [undefined, { video: "a" }, true],
    [{ video: "a" }, {}, false],
  ];
  for (const [seen, page, changed] of CASES) {
    test(`${JSON.stringify(seen)} then ${JSON.stringify(page)}`, () => {
      assert.equal(guidanceChanged(seen, page), changed);
    });
  }
});

// --- decideCard -------------------------------------------------------------------------

const NOW = utc(2026, 0, 15, 12, 0);
const TODAY = "2026-01-15";
const YESTERDAY = "2026-01-14";
const SITE = "microsoft-teams";
const HASHES = { "live-chat": "2f3ae494", video: "3e47c806" };

const seenAs = (day, hashes, session) => ({
  seen: { [SITE]: { day, at: NOW - HOUR, hashes } },
  ...(session ? { sessionSeen: { [SITE]: true } } : {}),
});

const STATES = {
  "never seen": {},
  "seen today": seenAs(TODAY, HASHES, true),
  "seen yesterday, new session": seenAs(YESTERDAY, HASHES, false),
  "seen today, guidance changed": seenAs(TODAY, { ...HASHES, video: "ffffffff" }, true),
  "seen today, a category added": seenAs(TODAY, { video: HASHES.video }, true),
  "another site seen": {
    seen: { zoom: { day: TODAY, at: NOW - HOUR, hashes: { video: "x" } } },
    sessionSeen: { zoom: true },
  },
};

// A reason in SHOWN means the card shows.
const SHOWN = new Set(["first-visit", "guidance-changed", "new-day", "every-visit"]);
const DAILY = {
  "never seen": "first-visit",
  "seen today": "seen-today",
  "seen yesterday, new session": "new-day",
  "seen today, guidance changed": "guidance-changed",
  "seen today, a category added": "guidance-changed",
  "another site seen": "first-visit",
};
// frequency -> state -> reason
const MATRIX = {
  "every-visit": Object.fromEntries(Object.keys(STATES).map((state) => [state, "every-visit"])),
  session: {
    "never seen": "first-visit",
    "seen today": "seen-this-session",
    "seen yesterday, new session": "first-visit",
    "seen today, guidance changed": "seen-this-session",
    "seen today, a category added": "seen-this-session",
    "another site seen": "first-visit",
  },
  daily: DAILY,
  "on-change": {
    "never seen": "first-visit",
    "seen today": "unchanged",
    "seen yesterday, new session": "unchanged",
    "seen today, guidance changed": "guidance-changed",
    "seen today, a category added": "guidance-changed",
    "another site seen": "first-visit",
  },
  never: Object.fromEntries(Object.keys(STATES).map((state) => [state, "never"])),
  "not-a-frequency": DAILY,
};

function decide({ prefs = {}, state = {}, now = NOW, day = TODAY } = {}) {
  return decideCard({ siteId: SITE, categoryHashes: HASHES, now, day, prefs, state });
}

describe("every frequency against every state", () => {
  test("the matrix covers every frequency and state", () => {
    assert.deepEqual(
      FREQUENCIES.filter((f) => !(f in MATRIX)),
      [],
    );
    for (const reasons of Object.values(MATRIX)) {
      assert.deepEqual(Object.keys(reasons), Object.keys(STATES));
    }
  });
  for (const [frequency, reasons] of Object.entries(MATRIX)) {
    for (const [label, reason] of Object.entries(reasons)) {
      test(`${frequency}, ${label}: ${reason}`, () => {
        assert.deepEqual(decide({ prefs: { frequency }, state: STATES[label] }), {
          show: SHOWN.has(reason),
          badge: true,
          reason,
        });
      });
    }
  }

  test("frequency defaults to daily", () => {
    assert.equal(decide({ state: STATES["seen today"] }).reason, "seen-today");
    assert.equal(decide({ state: STATES["seen yesterday, new session"] }).reason, "new-day");
  });
});

describe("quiet cards keep the badge", () => {
  const SEEN = STATES["never seen"];
  const SNOOZED = { [SITE]: NOW + 1 };
  const BADGE = { display: "badge" };
  // [description, prefs, state, now, reason]
  const CASES = [
    ["paused", {}, { pausedUntil: NOW + 1 }, NOW, "paused"],
    ["a pause ends at its exact ms", {}, { pausedUntil: NOW }, NOW, "first-visit"],
    ["pause 0 means not paused", {}, { pausedUntil: 0 }, NOW, "first-visit"],
    ["snoozed", {}, { snoozes: { [SITE]: NOW + 1 } }, NOW, "snoozed"],
    ["a snooze ends at its exact ms", {}, { snoozes: { [SITE]: NOW } }, NOW, "first-visit"],
    ["another site snoozed", {}, { snoozes: { zoom: NOW + HOUR } }, NOW, "first-visit"],
    ["disabled here", { disabledSites: [SITE] }, SEEN, NOW, "disabled-site"],
    ["disabled elsewhere", { disabledSites: ["zoom"] }, SEEN, NOW, "first-visit"],
    ["badge only", BADGE, SEEN, NOW, "badge-only"],
    ["badge only beats every visit", { ...BADGE, frequency: "every-visit" }, {}, NOW, "badge-only"],
    ["paused beats snoozed", {}, { pausedUntil: NOW + 1, snoozes: SNOOZED }, NOW, "paused"],
    ["snoozed beats disabled", { disabledSites: [SITE] }, { snoozes: SNOOZED }, NOW, "snoozed"],
    ["disabled beats badge only", { ...BADGE, disabledSites: [SITE] }, SEEN, NOW, "disabled-site"],
  ];
  for (const [description, prefs, state, now, reason] of CASES) {
    test(description, () => {
      assert.deepEqual(decide({ prefs, state, now }), {
        show: SHOWN.has(reason),
        badge: true,
        reason,
      });
    });
  }
});

describe("a day rolls over", () => {
  // Seen at 23:59 local, then visited again a minute later: a new local day.
  const CASES = [
    [-300, utc(2026, 0, 16, 4, 59), utc(2026, 0, 16, 5, 0)],
    [60, utc(2026, 0, 15, 22, 59), utc(2026, 0, 15, 23, 0)],
    [0, utc(2026, 0, 15, 23, 59), utc(2026, 0, 16, 0, 0)],
  ];
  for (const [offset, seenAt, later] of CASES) {
    test(`at ${offset} min`, () => {
      const state = recordSeen({}, SITE, HASHES, seenAt, localDay(seenAt, offset));
      const sameDay = decide({ state, now: seenAt + 30 * 1000, day: localDay(seenAt, offset) });
      assert.equal(sameDay.reason, "seen-today");
      const nextDay = decide({ state, now: later, day: localDay(later, offset) });
      assert.deepEqual(nextDay, { show: true, badge: true, reason: "new-day" });
    });
  }
});

// --- State updaters ---------------------------------------------------------------------

describe("state updaters return new objects", () => {
  test("recordSeen records the day, time and hashes, and the session", () => {
    const before = Object.freeze({ seen: Object.freeze({}), snoozes: {} });
    const after = recordSeen(before, SITE, HASHES, NOW, TODAY);
    assert.deepEqual(after.seen[SITE], { day: TODAY, at: NOW, hashes: HASHES });
    assert.deepEqual(after.sessionSeen, { [SITE]: true });
    assert.deepEqual(before.seen, {});
    assert.equal(after.snoozes, before.snoozes);
  });

  test("recordSeen merges hashes of the categories seen before", () => {
    const first = recordSeen({}, SITE, { email: "e1" }, NOW, TODAY);
    const second = recordSeen(first, SITE, { video: "v1" }, NOW + 1, TODAY);
    assert.deepEqual(second.seen[SITE].hashes, { email: "e1", video: "v1" });
    assert.deepEqual(first.seen[SITE].hashes, { email: "e1" });
  });

  test("snooze", () => {
    const before = { snoozes: { zoom: 5 } };
    assert.deepEqual(snooze(before, SITE, 10), { snoozes: { zoom: 5, [SITE]: 10 } });
    assert.deepEqual(before, { snoozes: { zoom: 5 } });
  });

  const PAUSES = [
    [NOW + HOUR, NOW + HOUR],
    [0, 0],
    [-5, 0],
    [Number.NaN, 0],
    [undefined, 0],
  ];
  for (const [until, stored] of PAUSES) {
    test(`pause until ${until}`, () => {
      assert.deepEqual(pause({ seen: {} }, until), { seen: {}, pausedUntil: stored });
    });
  }

  const SITE_PREFS = [
    ["disable", disableSite, [], [SITE]],
    ["disable twice", disableSite, [SITE], [SITE]],
    ["disable another", disableSite, ["zoom"], ["zoom", SITE]],
    ["enable", enableSite, [SITE, "zoom"], ["zoom"]],
    ["enable one not disabled", enableSite, ["zoom"], ["zoom"]],
  ];
  for (const [description, update, before, after] of SITE_PREFS) {
    test(description, () => {
      const prefs = Object.freeze({ frequency: "daily", disabledSites: Object.freeze(before) });
      assert.deepEqual(update(prefs, SITE), { frequency: "daily", disabledSites: after });
    });
  }

  test("disableSite works on prefs without the list", () => {
    assert.deepEqual(disableSite({}, SITE), { disabledSites: [SITE] });
  });
});

describe("pruneSeen", () => {
  test("drops sites seen more than 30 days ago and ended snoozes and pauses", () => {
    const state = {
      seen: {
        fresh: { day: TODAY, at: NOW, hashes: {} },
        edge: { day: "2025-12-16", at: NOW - SEEN_TTL_MS, hashes: {} },
        old: { day: "2025-12-16", at: NOW - SEEN_TTL_MS - 1, hashes: {} },
        broken: { day: TODAY },
      },
      snoozes: { ended: NOW, running: NOW + 1 },
      pausedUntil: NOW,
      sessionSeen: { fresh: true },
    };
    assert.deepEqual(pruneSeen(state, NOW), {
      seen: { fresh: state.seen.fresh, edge: state.seen.edge },
      snoozes: { running: NOW + 1 },
      pausedUntil: 0,
      sessionSeen: { fresh: true },
    });
    assert.equal(Object.keys(state.seen).length, 4);
  });

  test("keeps a running pause", () => {
    assert.equal(pruneSeen({ pausedUntil: NOW + 1 }, NOW).pausedUntil, NOW + 1);
  });

  test("an empty state stays empty", () => {
    assert.deepEqual(pruneSeen({}, NOW), { seen: {}, snoozes: {}, pausedUntil: 0 });
  });

  test(`keeps only the ${MAX_SEEN_SITES} most recently seen sites`, () => {
    const seen = Object.fromEntries(
      Array.from({ length: MAX_SEEN_SITES + 5 }, (_, i) => [
        `site-${i}`,
        { day: TODAY, at: NOW - i },
      ]),
    );
    const kept = Object.keys(pruneSeen({ seen }, NOW).seen);
    assert.equal(kept.length, MAX_SEEN_SITES);
    assert.ok(kept.includes("site-0") && !kept.includes(`site-${MAX_SEEN_SITES}`));
  });
});

describe("recordShown", () => {
  test("records the visit, merged with what is still worth keeping", () => {
    const state = {
      seen: { old: { day: "2025-01-01", at: NOW - SEEN_TTL_MS - 1, hashes: {} } },
      snoozes: { ended: NOW - 1 },
      pausedUntil: 0,
    };
    const after = recordShown(state, SITE, { video: "aa" }, NOW, TODAY);
    assert.deepEqual(after.seen, { [SITE]: { day: TODAY, at: NOW, hashes: { video: "aa" } } });
    assert.deepEqual(after.snoozes, {});
    assert.deepEqual(after.sessionSeen, { [SITE]: true });
  });

  test("stays bounded after a thousand different sites over sixty days", () => {
    const DAY = 24 * HOUR;
    const start = NOW - 60 * DAY;
    let state = {};
    let largest = 0;
    for (let visit = 0; visit < 1000; visit += 1) {
      const at = start + Math.floor((visit * 60 * DAY) / 1000);
      state = recordShown(state, `site-${visit}`, { email: "h" }, at, localDay(at));
      // A snooze now and then, long ended by the end.
      if (visit % 7 === 0) state = snooze(state, `site-${visit}`, at + HOUR);
      largest = Math.max(largest, Object.keys(state.seen).length);
      for (const entry of Object.values(state.seen)) assert.ok(at - entry.at <= SEEN_TTL_MS);
    }
    assert.ok(largest <= MAX_SEEN_SITES, `${largest} sites held at once`);
    const last = start + Math.floor((999 * 60 * DAY) / 1000);
    const oldest = Math.min(...Object.values(state.seen).map((entry) => entry.at));
    assert.ok(last - oldest <= SEEN_TTL_MS, "a site seen more than 30 days before is kept");
    assert.ok(Object.keys(state.snoozes).length <= 1, "ended snoozes are kept");
    // Bounded in bytes too: what chrome.storage.local holds for it.
    assert.ok(JSON.stringify(state.seen).length < 20_000);
  });
});
