// Where the card sits: the corner of the viewport where it covers the least of the page's
// own fixed and sticky elements (a compose window, a meeting's toolbar), and the order
// the "Move" button goes through. Pure: sizes and rectangles in, a corner out. A classic
// script (injected before content/card.js, loaded by the admin preview, imported by the
// node tests) that defines one global, DpgPlacement.
(() => {
  if (globalThis.DpgPlacement) return;

  // The default first: ties go to the earlier corner.
  const CORNERS = Object.freeze(["bottom-right", "bottom-left", "top-right", "top-left"]);
  // The "Move" button goes round clockwise, from the bottom right.
  const CLOCKWISE = Object.freeze(["bottom-right", "bottom-left", "top-left", "top-right"]);
  const MARGIN = 16;

  /** The card's rectangle in `corner`, `margin` away from the viewport's edges. */
  function cornerRect(corner, viewport, card, margin = MARGIN) {
    const left = corner.endsWith("left") ? margin : viewport.width - margin - card.width;
    const top = corner.startsWith("top") ? margin : viewport.height - margin - card.height;
    return { left, top, width: card.width, height: card.height };
  }

  function overlap(a, b) {
    const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
    const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
    return width > 0 && height > 0 ? width * height : 0;
  }

  /** The area of `rect` the obstacles cover, each counted on its own. */
  function overlapArea(rect, obstacles) {
    let area = 0;
    for (const obstacle of obstacles) area += overlap(rect, obstacle);
    return area;
  }

  /**
   * The corner where the card covers the least of `obstacles` (rectangles
   * `{left, top, width, height}` in viewport pixels); ties go to the default order,
   * bottom right first.
   */
  function chooseCorner({ viewport, card, obstacles = [], margin = MARGIN }) {
    let best = CORNERS[0];
    let bestArea = Infinity;
    for (const corner of CORNERS) {
      const area = overlapArea(cornerRect(corner, viewport, card, margin), obstacles);
      if (area < bestArea) {
        best = corner;
        bestArea = area;
      }
    }
    return best;
  }

  /**
   * What "Move" does next: from the automatic place (`chosen` null) to the next corner
   * clockwise, on round the others, and back to automatic instead of the corner the
   * automatic choice holds. Answers a corner or null (automatic).
   */
  function nextPlacement(chosen, automatic) {
    const from = CLOCKWISE.includes(chosen) ? chosen : automatic;
    const next = CLOCKWISE[(CLOCKWISE.indexOf(from) + 1) % CLOCKWISE.length];
    return next === automatic ? null : next;
  }

  /** The corner whose quarter of the viewport holds `point` (where a dragged card lands). */
  function cornerAt(point, viewport) {
    const vertical = point.y < viewport.height / 2 ? "top" : "bottom";
    const horizontal = point.x < viewport.width / 2 ? "left" : "right";
    return `${vertical}-${horizontal}`;
  }

  function isCorner(value) {
    return CORNERS.includes(value);
  }

  globalThis.DpgPlacement = Object.freeze({
    CORNERS,
    MARGIN,
    chooseCorner,
    cornerAt,
    cornerRect,
    isCorner,
    nextPlacement,
    overlapArea,
  });
})();
