// Where the card sits: the corner covering the least of the page's fixed elements, and
// the order "Move" goes through. content/card-placement.js is a classic script: importing
// it defines its global.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import "../content/card-placement.js";

const { CORNERS, chooseCorner, cornerAt, cornerRect, isCorner, nextPlacement, overlapArea } =
  globalThis.DpgPlacement;

const VIEWPORT = { width: 1280, height: 800 };
const CARD = { width: 380, height: 300 };
const rect = (left, top, width, height) => ({ left, top, width, height });

describe("cornerRect", () => {
  const CASES = [
    ["bottom-right", rect(884, 484, 380, 300)],
    ["bottom-left", rect(16, 484, 380, 300)],
    ["top-right", rect(884, 16, 380, 300)],
    ["top-left", rect(16, 16, 380, 300)],
  ];
  for (const [corner, expected] of CASES) {
    test(corner, () => assert.deepEqual(cornerRect(corner, VIEWPORT, CARD), expected));
  }
});

describe("overlapArea", () => {
  const CARD_RECT = rect(100, 100, 100, 100);
  const CASES = [
    ["none", [], 0],
    ["apart", [rect(300, 300, 50, 50)], 0],
    ["touching edges", [rect(200, 100, 50, 100)], 0],
    ["a corner", [rect(150, 150, 100, 100)], 2500],
    ["covering it", [rect(0, 0, 1000, 1000)], 10000],
    ["two, each counted", [rect(100, 100, 10, 10), rect(100, 100, 10, 10)], 200],
  ];
  for (const [name, obstacles, expected] of CASES) {
    test(name, () => assert.equal(overlapArea(CARD_RECT, obstacles), expected));
  }
});

describe("chooseCorner", () => {
  const CASES = [
    ["nothing fixed: the default", [], "bottom-right"],
    ["a Gmail compose window bottom right", [rect(880, 380, 400, 420)], "bottom-left"],
    ["a video toolbar across the bottom", [rect(0, 720, 1280, 80)], "top-right"],
    ["a top bar across the width", [rect(0, 0, 1280, 64)], "bottom-right"],
    [
      "a toolbar at the bottom and a chat panel on the right",
      [rect(0, 720, 1280, 80), rect(960, 0, 320, 720)],
      "top-left",
    ],
    [
      "compose bottom right, a toolbar bottom left",
      [rect(880, 380, 400, 420), rect(0, 700, 500, 100)],
      "top-right",
    ],
    ["every corner equally covered: the default order", [rect(0, 0, 1280, 800)], "bottom-right"],
    [
      "bottom corners covered alike, top right next in order",
      [rect(0, 700, 1280, 100), rect(0, 0, 1280, 100)],
      "bottom-right",
    ],
    ["a small badge in the bottom right", [rect(1200, 740, 60, 40)], "bottom-left"],
    ["something off screen", [rect(-500, -500, 100, 100)], "bottom-right"],
  ];
  for (const [name, obstacles, expected] of CASES) {
    test(name, () =>
      assert.equal(chooseCorner({ viewport: VIEWPORT, card: CARD, obstacles }), expected),
    );
  }

  test("a card as wide as the viewport: the least covered still wins", () => {
    const card = { width: 1248, height: 300 };
    assert.equal(
      chooseCorner({ viewport: VIEWPORT, card, obstacles: [rect(0, 700, 1280, 100)] }),
      "top-right",
    );
  });
});

describe("nextPlacement", () => {
  // [chosen (null: automatic), the automatic corner, what Move gives]
  const CASES = [
    [null, "bottom-right", "bottom-left"],
    ["bottom-left", "bottom-right", "top-left"],
    ["top-left", "bottom-right", "top-right"],
    ["top-right", "bottom-right", null],
    [null, "top-right", "bottom-right"],
    ["bottom-right", "top-right", "bottom-left"],
    ["top-left", "top-right", null],
    ["somewhere", "bottom-left", "top-left"],
  ];
  for (const [chosen, automatic, expected] of CASES) {
    test(`${chosen} (automatic ${automatic}) → ${expected}`, () =>
      assert.equal(nextPlacement(chosen, automatic), expected));
  }

  test("round the corners and back to automatic in four moves", () => {
    for (const automatic of CORNERS) {
      const seen = new Set();
      let chosen = null;
      for (let step = 0; step < 4; step += 1) {
        chosen = nextPlacement(chosen, automatic);
        seen.add(chosen ?? automatic);
      }
      assert.equal(chosen, null);
      assert.equal(seen.size, 4);
    }
  });
});

test("isCorner", () => {
  for (const corner of CORNERS) assert.equal(isCorner(corner), true);
  for (const value of [null, undefined, "", "middle", "BOTTOM-RIGHT", 3]) {
    assert.equal(isCorner(value), false);
  }
});

describe("cornerAt", () => {
  // [where the dragged card's centre is let go, the corner it lands in]
  const CASES = [
    [{ x: 10, y: 10 }, "top-left"],
    [{ x: 1270, y: 10 }, "top-right"],
    [{ x: 10, y: 790 }, "bottom-left"],
    [{ x: 1270, y: 790 }, "bottom-right"],
    [{ x: 639, y: 399 }, "top-left"],
    [{ x: 640, y: 400 }, "bottom-right"],
    [{ x: -50, y: 2000 }, "bottom-left"],
  ];
  for (const [point, expected] of CASES) {
    test(`${point.x},${point.y} -> ${expected}`, () =>
      assert.equal(cornerAt(point, VIEWPORT), expected));
  }
});
