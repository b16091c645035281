// The injected reminder card: owns the host element and listens for the worker's
// show-card, hide-card, fold-card and after-call messages; content/card-view.js (injected
// just before, with ui/dom.js, content/card-styles.js and content/card-parts.js) draws,
// and content/after-call.js (injected with them once a call ended) the after-session pill.
// The worker injects both files whenever it finds no card listening, so a later
// injection into the same page finds the flag and leaves the first instance in charge.
(() => {
  if (globalThis.dpgCardInstalled) return;
  globalThis.dpgCardInstalled = true;

  const HOST_TAG = "digital-practice-guide";
  const LOG_PREFIX = "Digital Practice Guide:";
  let root = null;

  /** Drop the card for good: this copy of the extension was reloaded or removed. */
  function retire() {
    root?.host.remove();
    root = null;
  }

  function send(message) {
    try {
      chrome.runtime.sendMessage(message).catch((error) => console.warn(LOG_PREFIX, error.message));
    } catch (error) {
      // "Extension context invalidated": the card outlived its extension.
      console.warn(LOG_PREFIX, error.message);
      retire();
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
    document.documentElement.append(host);
    return root;
  }

  function show(model) {
    if (!model || typeof model !== "object") return;
    if (root) globalThis.DpgAfterCall?.hide(root);
    globalThis.DpgCardView.render(ensureRoot(), model, globalThis.DpgDom.t, send);
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
    "show-card": (message) => show(message.model),
    "hide-card": () => hide(),
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

  if (!globalThis.DpgCardView) {
    console.error(LOG_PREFIX, "content/card-view.js must be injected before content/card.js");
    globalThis.dpgCardInstalled = false;
    return;
  }
  chrome.runtime.onMessage.addListener(onMessage);
})();
