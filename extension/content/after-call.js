// After the session: the small pill that offers the after-session cautions once a call in
// the tab ended (lib/calls.js). It opens to their headline and action, can be dismissed,
// is keyboard operable, announces itself politely and never takes focus. It shares the
// card's shadow root and styles (content/card-styles.js), beside the card, which hides
// while it shows. A classic script, injected before content/card.js; it defines one
// global, DpgAfterCall.
(() => {
  if (globalThis.DpgAfterCall) return;

  const { asArray, button, el } = globalThis.DpgDom;
  const { buildCautions } = globalThis.DpgCardParts;
  const ANNOUNCE_DELAY_MS = 150;
  // How long the tab must stay silent before the pill shows: Chromium calls a tab silent
  // a second or two after its sound stops, and a pause in a session is not its end.
  // Sound again before then (fold-card) takes the waiting pill away unseen.
  const GRACE_MS = 10_000;
  const AFTER_ID = "dpg-after";

  // Per root: the after-session element and its pending announcement.
  const states = new WeakMap();

  function activeIn(root) {
    const active = root.activeElement ?? null;
    return active && root.contains(active) ? active : null;
  }

  function pillText(count, t) {
    return t(count === 1 ? "afterPillOne" : "afterPillMany", [String(count)]);
  }

  function setOpen(root, open) {
    const pill = root.getElementById("dpg-after-pill");
    pill.setAttribute("aria-expanded", String(open));
    root.getElementById("dpg-after-panel").hidden = !open;
  }

  function onKeyDown(event, root) {
    // Keys typed here are the pill's: page shortcuts must not fire from it.
    event.stopPropagation();
    if (event.key !== "Escape") return;
    event.preventDefault();
    const pill = root.getElementById("dpg-after-pill");
    if (pill.getAttribute("aria-expanded") === "true") {
      setOpen(root, false);
      pill.focus({ preventScroll: true });
    } else {
      hide(root);
    }
  }

  function build(root, model, t) {
    const cautions = asArray(model.topCautions);
    const panel = el("div", { id: "dpg-after-panel", className: "dpg-panel" }, [
      el("div", { className: "dpg-header" }, [
        el("h2", { id: "dpg-after-title", className: "dpg-title", text: t("afterHeading") }),
      ]),
      el("div", { className: "dpg-body" }, [
        buildCautions(cautions, t, {
          id: "dpg-after-cautions",
          withDetail: false,
          withSources: false,
          attrs: { "aria-labelledby": "dpg-after-title" },
        }),
      ]),
    ]);
    panel.hidden = true;
    const pill = button(
      {
        id: "dpg-after-pill",
        className: "dpg-pill",
        text: pillText(cautions.length, t),
        attrs: { "aria-expanded": "false", "aria-controls": "dpg-after-panel" },
      },
      () => setOpen(root, pill.getAttribute("aria-expanded") !== "true"),
    );
    const dismiss = button(
      {
        id: "dpg-after-dismiss",
        className: "dpg-pill",
        text: t("afterDismissLabel"),
        attrs: { "aria-label": t("afterDismissName") },
      },
      () => hide(root),
    );
    const live = el("div", {
      id: "dpg-after-live",
      className: "dpg-visually-hidden",
      attrs: { role: "status", "aria-live": "polite", "aria-atomic": "true" },
    });
    const after = el(
      "aside",
      { id: AFTER_ID, className: "dpg-card", attrs: { "aria-label": t("afterHeading") } },
      [panel, el("div", { className: "dpg-actions" }, [pill, dismiss]), live],
    );
    after.addEventListener("keydown", (event) => onKeyDown(event, root));
    // Where focus came from on the page, to give it back when the pill goes.
    after.addEventListener("focusin", (event) => {
      const from = event.relatedTarget;
      const state = states.get(root);
      if (state && from && !root.contains(from)) state.returnTo = from;
    });
    for (const type of ["keyup", "keypress"])
      after.addEventListener(type, (event) => event.stopPropagation());
    return { after, live, text: pillText(cautions.length, t) };
  }

  /**
   * Show the pill for `model` (its topCautions are the stage `after`'s), closed, once the
   * tab has been silent for GRACE_MS; `onShow` runs as it appears. Until then it waits,
   * hidden, in the shadow root.
   */
  function show(root, model, t, onShow = () => {}) {
    hide(root);
    // The card's styles, if the card was never drawn in this page (the same sheet again
    // when it was).
    if (!root.adoptedStyleSheets?.length) globalThis.DpgCardStyles.apply(root);
    const { after, live, text } = build(root, model, t);
    after.hidden = true;
    root.append(after);
    const view = root.host.ownerDocument.defaultView;
    const state = { after, timer: 0, returnTo: null };
    state.timer = view.setTimeout(() => {
      onShow();
      after.hidden = false;
      // The live region is shown before its text changes, or it would not be read out.
      state.timer = view.setTimeout(() => {
        live.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }, GRACE_MS);
    states.set(root, state);
  }

  /** Take the pill away; focus inside it goes back where it came from on the page. */
  function hide(root) {
    const state = states.get(root);
    if (!state) return;
    states.delete(root);
    root.host.ownerDocument.defaultView.clearTimeout(state.timer);
    const active = activeIn(root);
    if (active && state.after.contains(active)) {
      if (state.returnTo?.isConnected) state.returnTo.focus({ preventScroll: true });
      else active.blur();
    }
    state.after.remove();
  }

  globalThis.DpgAfterCall = Object.freeze({ show, hide });
})();
