// Sync decisions: check intervals with jitter, back-off, and which downloads to keep.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";

import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  MIN_RETRY_MS,
  backoffDelay,
  checkIntervalMs,
  decideDownload,
  describeFailure,
  describeRejection,
  effectiveCheckHours,
  nextCheckAt,
  nextSyncStatus,
  parseSuggestedHours,
} from "../lib/sync-policy.js";

const HOUR = 60 * 60 * 1000;
const NOW = Date.UTC(2026, 4, 9, 8, 0);
const TAXONOMY = JSON.parse(
  fs.readFileSync(new URL("../../shared/taxonomy.json", import.meta.url), "utf8"),
);
const SERVER = "https://guide.example.org";
const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);
const fixed = (value) => () => value;

function envelope(version, sha256 = SHA_A) {
  return {
    version,
    sha256,
    published_at: "2026-05-09T07:35:25.123456+00:00",
    author: "editor",
    change_note: "A note.",
    taxonomy: TAXONOMY,
  };
}

function stored(version, sha256 = SHA_A, extra = {}) {
  return { source: "server", serverUrl: SERVER, version, sha256, etag: '"e3"', ...extra };
}

describe("checkIntervalMs", () => {
  const CASES = [
    [24, 24 * HOUR],
    [1, HOUR],
    [0.25, HOUR],
    [0, HOUR],
    [-3, HOUR],
    [720, 720 * HOUR],
    [1000, 720 * HOUR],
    [Number.NaN, 3 * HOUR],
    [undefined, 3 * HOUR],
    ["12", 3 * HOUR],
  ];
  for (const [hours, ms] of CASES) {
    test(`${hours} hours`, () => assert.equal(checkIntervalMs(hours), ms));
  }
});

describe("nextCheckAt jitters by ±10%", () => {
  // [checkHours, random(), delay from now]
  const CASES = [
    [24, 0, 0.9 * 24 * HOUR],
    [24, 0.5, 24 * HOUR],
    [24, 0.75, 1.05 * 24 * HOUR],
    [1, 0, 0.9 * HOUR],
    [0, 0.5, HOUR],
  ];
  for (const [hours, random, delay] of CASES) {
    test(`${hours} h with random ${random}`, () => {
      assert.equal(nextCheckAt(NOW, hours, fixed(random)), NOW + Math.round(delay));
    });
  }

  test("stays within bounds for any random value", () => {
    for (let i = 0; i < 1000; i += 1) {
      const at = nextCheckAt(NOW, 24, fixed(i / 1000));
      assert.ok(at >= NOW + 0.9 * 24 * HOUR && at < NOW + 1.1 * 24 * HOUR, String(at));
    }
    assert.ok(nextCheckAt(NOW, 24, fixed(1 - Number.EPSILON)) <= NOW + 1.1 * 24 * HOUR);
  });
});

describe("backoffDelay", () => {
  // [failures, random(), delay]
  const CASES = [
    [0, 0.5, 0],
    [-1, 0.5, 0],
    [Number.NaN, 0.5, 0],
    [1, 0.999, Math.floor(0.999 * BACKOFF_BASE_MS)],
    [1, 0.5, MIN_RETRY_MS],
    [1, 0, MIN_RETRY_MS],
    [2, 0.5, BACKOFF_BASE_MS],
    [3, 0.5, 2 * BACKOFF_BASE_MS],
    [4, 0.5, 4 * BACKOFF_BASE_MS],
    [9, 0.5, 128 * BACKOFF_BASE_MS],
    [10, 0.5, BACKOFF_CAP_MS / 2],
    [10, 0.999999, Math.floor(0.999999 * BACKOFF_CAP_MS)],
    [5000, 0.5, BACKOFF_CAP_MS / 2],
  ];
  for (const [failures, random, delay] of CASES) {
    test(`${failures} failures with random ${random}`, () => {
      assert.equal(backoffDelay(failures, fixed(random)), delay);
    });
  }

  test("full jitter stays between the floor and the exponential ceiling", () => {
    for (let failures = 1; failures <= 40; failures += 1) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      for (const random of [0, 0.1, 0.5, 0.9, 1 - Number.EPSILON]) {
        const delay = backoffDelay(failures, fixed(random));
        assert.ok(delay >= MIN_RETRY_MS && delay <= ceiling, `${failures} ${random} ${delay}`);
      }
    }
  });

  test("never more than six hours", () => {
    assert.ok(backoffDelay(64, fixed(1 - Number.EPSILON)) < 6 * HOUR);
  });
});

describe("decideDownload", () => {
  // A format 1 document where format 2 belongs.
  const INVALID = { ...envelope(4), taxonomy: { ...TAXONOMY, schema_version: 1 } };
  const got = (body, current, extra = {}) => ({ status: 200, envelope: body, current, ...extra });
  // [description, input, expected action, expected reason]
  const CASES = [
    ["304 keeps what is stored", { status: 304, current: stored(3) }, "keep", "not-modified"],
    ["304 with the bundled copy", { status: 304, current: null }, "keep", "not-modified"],
    ["a server error", { status: 503, envelope: null, current: stored(3) }, "reject", "http-error"],
    ["an invalid body", got(INVALID, stored(3)), "reject", "invalid"],
    ["a body that is not an envelope", got("x", null), "reject", "invalid"],
    ["the first download", got(envelope(1), null), "store", "first-download"],
    ["a newer version", got(envelope(4), stored(3)), "store", "newer-version"],
    ["an older version", got(envelope(2), stored(3)), "reject", "older-version"],
    ["the same version", got(envelope(3), stored(3)), "keep", "same-version"],
    [
      "the same version and ETag",
      { status: 200, etag: '"e3"', envelope: envelope(3), current: stored(3) },
      "keep",
      "not-modified",
    ],
    [
      "the same version with other content",
      { status: 200, envelope: envelope(3, SHA_B), current: stored(3) },
      "reject",
      "conflicting-version",
    ],
    [
      "the same version, nothing stored to compare",
      { status: 200, envelope: envelope(3, SHA_B), current: stored(3, null) },
      "keep",
      "same-version",
    ],
    [
      "an older version from a newly configured server",
      {
        status: 200,
        envelope: envelope(1),
        current: stored(9),
        serverUrl: "https://other.example.org",
      },
      "store",
      "first-download",
    ],
    [
      "an older version from the same server",
      { status: 200, envelope: envelope(1), current: stored(9), serverUrl: SERVER },
      "reject",
      "older-version",
    ],
    [
      "a validation done by the caller is used",
      {
        status: 200,
        envelope: envelope(4),
        validation: { ok: false, problems: [{ path: "x", message: "y" }] },
        current: null,
      },
      "reject",
      "invalid",
    ],
  ];
  for (const [description, input, action, reason] of CASES) {
    test(description, () => {
      const decision = decideDownload(input);
      assert.equal(decision.action, action);
      assert.equal(decision.reason, reason);
    });
  }

  test("an invalid body is explained by its first problems", () => {
    const decision = decideDownload({ status: 200, envelope: INVALID, current: null });
    assert.equal(decision.detail, "taxonomy.schema_version: Must be one of: 2.");
    assert.deepEqual(decision.problems, [
      { path: "taxonomy.schema_version", message: "Must be one of: 2." },
    ]);
  });

  test("a long list of problems is cut short", () => {
    const problems = Array.from({ length: 12 }, (_, i) => ({ path: `p${i}`, message: "bad" }));
    const decision = decideDownload({
      status: 200,
      envelope: envelope(4),
      validation: { ok: false, problems },
    });
    assert.equal(decision.problems.length, 5);
    assert.equal(decision.detail, "p0: bad; p1: bad; p2: bad; p3: bad; p4: bad (and 7 more)");
  });
});

describe("nextSyncStatus", () => {
  const BEFORE = { failures: 2, lastOutcome: "error" };
  // [outcome, status before, failures after, next check]
  const CASES = [
    ["store", BEFORE, 0, NOW + 24 * HOUR],
    ["keep", BEFORE, 0, NOW + 24 * HOUR],
    ["keep", undefined, 0, NOW + 24 * HOUR],
    ["error", BEFORE, 3, NOW + 2 * BACKOFF_BASE_MS],
    ["error", undefined, 1, NOW + MIN_RETRY_MS],
    ["reject", { failures: 0 }, 1, NOW + MIN_RETRY_MS],
  ];
  for (const [outcome, before, failures, next] of CASES) {
    test(`${outcome} after ${before?.failures ?? "no"} failures`, () => {
      const status = nextSyncStatus(before, {
        now: NOW,
        outcome,
        error: "offline",
        checkHours: 24,
        random: fixed(0.5),
      });
      assert.deepEqual(status, {
        lastCheckAt: NOW,
        lastOutcome: outcome,
        lastError: failures ? "offline" : null,
        failures,
        nextCheckAt: next,
        suggestedHours: null,
      });
    });
  }
});

describe("effectiveCheckHours", () => {
  // [what, checkHours pref (policy or the reader's), the service's suggestion, hours]
  const CASES = [
    ["nothing said: every 3 hours", null, null, 3],
    ["the service's suggestion", null, 6, 6],
    ["a suggestion above a day is held to a day", null, 100, 24],
    ["a suggestion below an hour is held to an hour", null, 0.1, 1],
    ["a nonsense suggestion is ignored", null, Number.NaN, 3],
    ["the pref wins over the suggestion", 12, 1, 12],
    ["a pref may be longer than a day", 168, 3, 168],
    ["no pref (0 or negative) means the suggestion", 0, 6, 6],
  ];
  for (const [what, pref, suggested, hours] of CASES) {
    test(what, () => assert.equal(effectiveCheckHours(pref, suggested), hours));
  }
});

describe("parseSuggestedHours", () => {
  const CASES = [
    ["3", 3],
    [" 24 ", 24],
    ["0", null],
    ["-1", null],
    ["2.5", null],
    ["3h", null],
    ["99999", null],
    ["", null],
    [null, null],
  ];
  for (const [value, hours] of CASES) {
    test(JSON.stringify(value), () => assert.equal(parseSuggestedHours(value), hours));
  }
});

describe("nextSyncStatus and the service's suggestion", () => {
  const options = { now: NOW, outcome: "keep", checkHours: null, random: fixed(0.5) };

  test("a suggestion sets when to check next, and is kept", () => {
    const status = nextSyncStatus(undefined, { ...options, suggestedHours: 6 });
    assert.equal(status.nextCheckAt, NOW + 6 * HOUR);
    assert.equal(status.suggestedHours, 6);
  });

  test("an answer without one (a failure, an older service) keeps the last", () => {
    const before = { failures: 0, suggestedHours: 6 };
    assert.equal(nextSyncStatus(before, options).nextCheckAt, NOW + 6 * HOUR);
    const failed = nextSyncStatus(before, { ...options, outcome: "error" });
    assert.equal(failed.suggestedHours, 6);
  });

  test("the reader's or the organisation's interval wins", () => {
    const status = nextSyncStatus(undefined, { ...options, checkHours: 24, suggestedHours: 1 });
    assert.equal(status.nextCheckAt, NOW + 24 * HOUR);
  });
});

describe("describeFailure", () => {
  const expired = () => AbortSignal.abort(new DOMException("signal timed out", "TimeoutError"));
  const TIMED_OUT = "the server did not answer in time";
  // [what happened, error thrown, the check's deadline, words]
  const CASES = [
    [
      "no headers in time",
      new DOMException("signal timed out", "TimeoutError"),
      expired(),
      TIMED_OUT,
    ],
    // The body's reader throws its own AbortError when the deadline cuts it off.
    [
      "the body cut off",
      new DOMException("BodyStreamBuffer was aborted", "AbortError"),
      expired(),
      TIMED_OUT,
    ],
    [
      "an abort of another kind",
      new DOMException("The user aborted a request.", "AbortError"),
      new AbortController().signal,
      "The user aborted a request.",
    ],
    [
      "a TimeoutError name alone",
      new DOMException("late", "TimeoutError"),
      new AbortController().signal,
      "late",
    ],
    [
      "not JSON",
      new SyntaxError("Unexpected token <"),
      new AbortController().signal,
      "the server sent something that is not JSON",
    ],
    [
      "no connection",
      new TypeError("Failed to fetch"),
      new AbortController().signal,
      "the server could not be reached",
    ],
    [
      "anything else",
      new Error("the guidance is larger than 10 bytes"),
      undefined,
      "the guidance is larger than 10 bytes",
    ],
    ["a thrown string", "odd", undefined, "odd"],
  ];
  for (const [what, error, deadline, words] of CASES) {
    test(what, () => assert.equal(describeFailure(error, deadline), words));
  }

  test("a real timeout signal reads as no answer in time", async () => {
    const deadline = AbortSignal.timeout(1);
    await new Promise((resolve) => deadline.addEventListener("abort", resolve));
    const error = new DOMException("BodyStreamBuffer was aborted", "AbortError");
    assert.equal(describeFailure(error, deadline), TIMED_OUT);
  });
});

describe("describeRejection", () => {
  const CASES = [
    [{ reason: "invalid", detail: "a: b" }, "the server sent guidance that is not valid (a: b)"],
    [
      { reason: "older-version", detail: "version 1 is older than 2" },
      "the server sent an older version than the one in use (version 1 is older than 2)",
    ],
    [
      { reason: "conflicting-version", detail: "x" },
      "the server sent other content under a version already in use (x)",
    ],
    [{ reason: "http-error", detail: "HTTP 500" }, "HTTP 500"],
    [{ reason: "something-new" }, "something-new"],
  ];
  for (const [decision, words] of CASES) {
    test(decision.reason, () => assert.equal(describeRejection(decision), words));
  }
});
