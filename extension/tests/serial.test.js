// Work queued under one key runs in order, one task at a time; other keys do not wait.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { serially } from "../lib/serial.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("serially", () => {
  test("tasks under one key run one after another, in order", async () => {
    const log = [];
    const task = (name) => async () => {
      log.push(`${name} starts`);
      await tick();
      log.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([serially("k", task("a")), serially("k", task("b"))]);
    assert.deepEqual(results, ["a", "b"]);
    assert.deepEqual(log, ["a starts", "a ends", "b starts", "b ends"]);
  });

  test("a failed task rejects its caller and does not stop the next", async () => {
    const failed = serially("k", async () => {
      throw new Error("boom");
    });
    const next = serially("k", async () => "still runs");
    await assert.rejects(failed, /boom/);
    assert.equal(await next, "still runs");
  });

  test("another key does not wait", async () => {
    let release;
    const slow = serially("slow", () => new Promise((resolve) => (release = resolve)));
    assert.equal(await serially("fast", async () => "done"), "done");
    release();
    await slow;
  });
});
