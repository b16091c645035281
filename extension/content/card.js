// The injected reminder card: owns the host element, listens for the worker's
// show-card, hide-card, fold-card and after-call messages, and places the card clear of
// the page's fixed elements (content/card-placement.js decides); content/card-view.js
// (injected just before, with ui/dom.js, content/card-styles.js and
// content/card-parts.js) draws, and content/after-call.js (injected with them once a
// call ended) the after-session pill.
// The worker injects both files whenever it finds no card listening, so a later
// injection into the same page finds the flag and leaves the first instance in charge.
(() => {
  if (globalThis.dpgCardInstalled) return;
  globalThis.dpgCardInstalled = true;

  const HOST_TAG = "digital-practice-guide";
  const LOG_PREFIX = "Digital Practice Guide:";
  // The page's fixed elements are looked for among this many elements at most, so a
  // huge page costs no more than a small one when the card opens.
  const MAX_SCANNED = 3000;
  const RESIZE_THROTTLE_MS = 300;
  // Where, across and down each corner the card could take, the page is looked under.
  const SAMPLE_AT = Object.freeze([0.1, 0.5, 0.9]);
  const CORNER_KEYS = Object.freeze({
    "bottom-right": "cornerBottomRight",
    "bottom-left": "cornerBottomLeft",
    "top-right": "cornerTopRight",
    "top-left": "cornerTopLeft",
  });
  let root = null;
  // The site's card, the corner the reader chose there (null: the card places itself)
  // and the corner it would place itself in now.
  const placement = { siteId: null, chosen: null, automatic: "bottom-right" };
  let resizeTimer = 0;
  // Watches the card's size (see watchSize).
  let sizeWatch = null;
  // The id of the card message last drawn (see showMessage).
  let shownId = null;

  /** Drop the card for good: this copy of the extension was reloaded or removed. */
  function retire() {
    sizeWatch?.disconnect();
    root?.host.remove();
    root = null;
  }

  /** Tell the worker; resolves with its answer, or null when it could not be reached. */
  function send(message) {
    try {
      return chrome.runtime.sendMessage(message).catch((error) => {
        console.warn(LOG_PREFIX, error.message);
        return null;
      });
    } catch (error) {
      // "Extension context invalidated": the card outlived its extension.
      console.warn(LOG_PREFIX, error.message);
      retire();
      return Promise.resolve(null);
    }
  }

  /**
   * The shadow root, created on first use. Open, so automated tests can reach inside;
   * a card left behind by an earlier copy of the extension (after an update) is removed.
   */
  function ensureRoot() {
    if (root?.host.isConnected) return root;
    for (const stale of document.querySelectorAll(HOST_TAG)) stale.remove();
    const host = document.createElement(HOST_TAG);
    root = host.attachShadow({ mode: "open" });
    // Dragged by its Move button, the card lands in the corner it was let go in.
    globalThis.DpgCardDrag?.attach(root, choose);
    document.documentElement.append(host);
    return root;
  }

  function isFixed(node) {
    const { position } = getComputedStyle(node);
    return position === "fixed" || position === "sticky";
  }

  /** The fixed or sticky element `node` is in (itself or an ancestor), or null. */
  function fixedAncestor(node) {
    for (let at = node; at && at !== document.body; at = at.parentElement) {
      if (at === document.documentElement || at.localName === HOST_TAG) return null;
      if (isFixed(at)) return at;
    }
    return null;
  }

  /**
   * The page's visible fixed and sticky elements (a compose window, a meeting toolbar),
   * never the card: a bounded walk of the body, and what lies under a few points of each
   * corner the card could take (a large page's compose window can come after the walk's
   * bound).
   */
  function fixedElements(viewport, size) {
    const found = new Set();
    if (!document.body) return found;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    let scanned = 0;
    for (let node = walker.nextNode(); node && scanned < MAX_SCANNED; node = walker.nextNode()) {
      scanned += 1;
      if (node.localName !== HOST_TAG && isFixed(node)) found.add(node);
    }
    const { CORNERS, cornerRect } = globalThis.DpgPlacement;
    for (const corner of CORNERS) {
      const rect = cornerRect(corner, viewport, size);
      for (const x of SAMPLE_AT) {
        for (const y of SAMPLE_AT) {
          const at = [rect.left + rect.width * x, rect.top + rect.height * y];
          // The topmost element there that is the page's, not the card's host.
          const top = document.elementsFromPoint(...at).find((n) => n.localName !== HOST_TAG);
          const fixed = top && fixedAncestor(top);
          if (fixed) found.add(fixed);
        }
      }
    }
    return found;
  }

  /** Their rectangles, the hidden and empty ones left out. */
  function fixedRects(viewport, size) {
    const rects = [];
    for (const node of fixedElements(viewport, size)) {
      if (getComputedStyle(node).visibility === "hidden") continue;
      const { left, top, width, height } = node.getBoundingClientRect();
      if (width > 0 && height > 0) rects.push({ left, top, width, height });
    }
    return rects;
  }

  /** Put the card where the reader chose, or where it covers the least of the page. */
  function placeCard() {
    const card = root?.getElementById("dpg-card");
    if (!card || card.hidden) return;
    const { width, height } = card.getBoundingClientRect();
    const viewport = {
      width: document.documentElement.clientWidth || window.innerWidth,
      height: document.documentElement.clientHeight || window.innerHeight,
    };
    const size = { width, height };
    placement.automatic = globalThis.DpgPlacement.chooseCorner({
      viewport,
      card: size,
      obstacles: fixedRects(viewport, size),
    });
    globalThis.DpgCardView.place(root, placement.chosen ?? placement.automatic);
  }

  function onResize() {
    if (resizeTimer) return;
    resizeTimer = setTimeout(() => {
      resizeTimer = 0;
      placeCard();
    }, RESIZE_THROTTLE_MS);
  }

  /** "Move": the next corner, or back to placing itself; remembered for the site. */
  function move() {
    choose(globalThis.DpgPlacement.nextPlacement(placement.chosen, placement.automatic));
  }

  /** The reader put the card in `corner` (null: back to placing itself); kept for the site. */
  function choose(corner) {
    const { t } = globalThis.DpgDom;
    placement.chosen = corner;
    placeCard();
    const where = t(CORNER_KEYS[placement.chosen ?? placement.automatic]);
    globalThis.DpgCardView.say(
      root,
      placement.chosen ? t("cardMovedTo", [where]) : t("cardPlacedAutomatically", [where]),
    );
    send({ type: "card-corner", siteId: placement.siteId, corner: placement.chosen });
  }

  /**
   * A show-card message. The same card can arrive twice (from the worker, and as the
   * answer to this script's start): the second is ignored, so it is drawn once.
   */
  function showMessage(message) {
    if (message.showId && message.showId === shownId && root?.getElementById("dpg-card")) return;
    shownId = message.showId ?? null;
    show(message.model, message.corner);
  }

  function show(model, corner) {
    if (!model || typeof model !== "object") return;
    if (root) globalThis.DpgAfterCall?.hide(root);
    placement.siteId = model.site?.id ?? null;
    placement.chosen = globalThis.DpgPlacement.isCorner(corner) ? corner : null;
    globalThis.DpgCardView.render(ensureRoot(), model, globalThis.DpgDom.t, send, {
      onMove: move,
    });
    placeCard();
    watchSize();
  }

  /**
   * A card that grows (its details opened) or shrinks (folded to its pill) is placed
   * again, as on a resize of the window: a taller card can reach a compose window that a
   * short one cleared. Each render draws a new card element, so the watch moves to it.
   */
  function watchSize() {
    const card = root?.getElementById("dpg-card");
    if (!card || typeof ResizeObserver !== "function") return;
    sizeWatch ??= new ResizeObserver(onResize);
    sizeWatch.disconnect();
    sizeWatch.observe(card);
  }

  function hide() {
    if (!root) return;
    globalThis.DpgCardView.hide(root);
    globalThis.DpgAfterCall?.hide(root);
  }

  // --- In a call, and after (lib/calls.js) ---

  /** A call started: the card folds to its pill, an earlier after-session pill goes. */
  function foldForCall() {
    if (!root) return;
    globalThis.DpgCardView.fold(root);
    globalThis.DpgAfterCall?.hide(root);
  }

  /** The call ended: the after-session pill takes the card's place (after a grace). */
  function offerAfter(model) {
    if (!model || typeof model !== "object" || !globalThis.DpgAfterCall) return;
    const shadow = ensureRoot();
    globalThis.DpgAfterCall.show(shadow, model, globalThis.DpgDom.t, () =>
      globalThis.DpgCardView.hide(shadow),
    );
  }

  const HANDLERS = Object.freeze({
    "show-card": (message) => showMessage(message),
    "hide-card": () => {
      shownId = null;
      hide();
    },
    "fold-card": () => foldForCall(),
    "after-call": (message) => offerAfter(message.model),
  });

  function onMessage(message, sender, sendResponse) {
    if (sender.id !== chrome.runtime.id) return false;
    const handler = Object.hasOwn(HANDLERS, message?.type) ? HANDLERS[message.type] : null;
    if (!handler) return false;
    // Answer at once: the worker takes an answer as proof that a card is listening.
    try {
      handler(message);
      sendResponse({ ok: true });
    } catch (error) {
      console.error(LOG_PREFIX, error);
      sendResponse({ ok: false, error: String(error?.message ?? error) });
    }
    return false;
  }

  if (!globalThis.DpgCardView || !globalThis.DpgPlacement) {
    console.error(LOG_PREFIX, "content/card-view.js must be injected before content/card.js");
    globalThis.dpgCardInstalled = false;
    return;
  }
  chrome.runtime.onMessage.addListener(onMessage);
  window.addEventListener("resize", onResize, { passive: true });
  // Started by the browser as the page's DOM is ready (lib/card-scripts.js): take the
  // card the worker has decided on for this page, if it has one.
  send({ type: "card-started" }).then((answer) => {
    if (answer?.card) showMessage(answer.card);
  });
})();
