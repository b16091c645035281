// Dragging the card by its "Move" button with a mouse, pen or finger: the card follows
// the pointer and, let go, lands in the corner whose quarter of the window holds its
// centre (content/card-placement.js's cornerAt). A press without a drag stays a click
// (Move's next corner), and the keyboard keeps Move. A classic script injected before
// content/card.js (loaded by the admin preview too) that defines one global, DpgCardDrag.
(() => {
  if (globalThis.DpgCardDrag) return;

  // How far the pointer must travel before a press on Move is a drag, not a click.
  const THRESHOLD_PX = 6;
  const HANDLE = "#dpg-move";

  /**
   * Let the reader drag the card in `root` (a shadow root) by its Move button; `onDrop`
   * gets the corner it was let go in. Listens on the root, so each new card drawn there
   * is draggable without being wired again.
   */
  function attach(root, onDrop) {
    let drag = null;
    let swallowClick = false;

    function card() {
      return root.getElementById("dpg-card");
    }

    function end(dropped) {
      const { moved } = drag;
      drag = null;
      const current = card();
      if (!current) return;
      // Where the card was let go: measured before it goes back to its corner.
      const box = current.getBoundingClientRect();
      current.style.translate = "";
      if (!moved || !dropped) return;
      // The click that follows the release is the drag's end, not a press of Move.
      swallowClick = true;
      const centre = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      const viewport = {
        width: document.documentElement.clientWidth || window.innerWidth,
        height: document.documentElement.clientHeight || window.innerHeight,
      };
      onDrop(globalThis.DpgPlacement.cornerAt(centre, viewport));
    }

    root.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest?.(HANDLE);
      if (!handle || event.button !== 0 || !event.isPrimary) return;
      drag = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
      swallowClick = false;
      handle.setPointerCapture?.(event.pointerId);
    });
    root.addEventListener("pointermove", (event) => {
      if (!drag || event.pointerId !== drag.id) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < THRESHOLD_PX) return;
      drag.moved = true;
      const current = card();
      if (current) current.style.translate = `${dx}px ${dy}px`;
    });
    root.addEventListener("pointerup", (event) => {
      if (drag && event.pointerId === drag.id) end(true);
    });
    root.addEventListener("pointercancel", (event) => {
      if (drag && event.pointerId === drag.id) end(false);
    });
    root.addEventListener(
      "click",
      (event) => {
        if (!swallowClick || !event.target.closest?.(HANDLE)) return;
        swallowClick = false;
        event.stopPropagation();
        event.preventDefault();
      },
      true,
    );
  }

  globalThis.DpgCardDrag = Object.freeze({ attach });
})();
