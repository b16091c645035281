// The reminder card's styles, for its shadow root: calm and neutral, light and dark,
// severity a text label first and a muted accent second. A classic script (injected into
// pages before content/card-view.js, and loaded by the admin preview) that defines one
// global, DpgCardStyles.
(() => {
  if (globalThis.DpgCardStyles) return;

  const CSS = `
:host { all: initial; }
@media print { :host { display: none; } }
[hidden] { display: none !important; }
.dpg-card {
  all: initial;
  --dpg-bg: #fbfaf8; --dpg-fg: #1f2328; --dpg-muted: #545d66; --dpg-border: #d3d7dc;
  --dpg-soft: #f1f0ec; --dpg-accent: #245e6e; --dpg-accent-fg: #ffffff;
  --dpg-high: #8a4b00; --dpg-medium: #2f5b88; --dpg-low: #545d66;
  --dpg-shadow: 0 6px 24px rgba(20, 24, 28, 0.16), 0 1px 3px rgba(20, 24, 28, 0.10);
  /* all: initial above stops what the page sets on the host from leaking in. */
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483647;
  display: flex; flex-direction: column; align-items: flex-end;
  max-width: calc(100vw - 32px); max-height: 70vh;
  color: var(--dpg-fg); text-align: start; letter-spacing: normal; text-transform: none;
  font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
/* The corner content/card.js chose (content/card-placement.js), or the reader's. */
.dpg-card[data-corner="bottom-left"] { right: auto; left: 16px; align-items: flex-start; }
.dpg-card[data-corner="top-right"] { bottom: auto; top: 16px; }
.dpg-card[data-corner="top-left"] { bottom: auto; top: 16px; right: auto; left: 16px; align-items: flex-start; }
@media (prefers-color-scheme: dark) {
  .dpg-card {
    --dpg-bg: #1f2328; --dpg-fg: #e8e6e3; --dpg-muted: #aab2bb; --dpg-border: #3d444d;
    --dpg-soft: #2a3037; --dpg-accent: #8cc7d6; --dpg-accent-fg: #10242a;
    --dpg-high: #e5b567; --dpg-medium: #9dbde0; --dpg-low: #aab2bb;
    --dpg-shadow: 0 6px 24px rgba(0, 0, 0, 0.5);
  }
}
.dpg-card * { box-sizing: border-box; }
.dpg-panel, .dpg-pill {
  background: var(--dpg-bg); color: var(--dpg-fg);
  border: 1px solid var(--dpg-border); box-shadow: var(--dpg-shadow);
}
.dpg-panel {
  display: flex; flex-direction: column; min-height: 0; flex: 0 1 auto;
  width: min(380px, calc(100vw - 32px)); max-height: 70vh; border-radius: 10px; overflow: hidden;
}
.dpg-header { display: flex; align-items: flex-start; gap: 8px; padding: 12px 12px 6px 16px; }
.dpg-heading { flex: 1 1 auto; min-width: 0; }
.dpg-groups { margin: 0 0 2px; font-size: 12.5px; color: var(--dpg-muted); }
.dpg-title { margin: 0; font-size: 17px; line-height: 1.3; font-weight: 600; }
.dpg-body { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 0 16px 12px; overscroll-behavior: contain; }
.dpg-mode { margin: 4px 0 10px; font-size: 14px; color: var(--dpg-muted); }
.dpg-mode p { margin: 0 0 4px; }
.dpg-mode strong { color: var(--dpg-fg); font-weight: 600; }
.dpg-body h3 { margin: 14px 0 6px; font-size: 14px; font-weight: 600; }
.dpg-body h4 { margin: 12px 0 4px; font-size: 14px; font-weight: 600; }
.dpg-body h5 { margin: 10px 0 4px; font-size: 13.5px; font-weight: 600; color: var(--dpg-muted); }
.dpg-body p { margin: 0 0 8px; }
.dpg-body ul { margin: 0 0 8px; padding-inline-start: 20px; }
.dpg-body li { margin: 0 0 4px; }
ul.dpg-cautions, ul.dpg-checks { list-style: none; padding: 0; }
.dpg-caution {
  margin: 0 0 8px; padding: 6px 0 6px 10px; border-inline-start: 3px solid var(--dpg-low);
}
.dpg-caution[data-severity="high"] { border-inline-start-color: var(--dpg-high); }
.dpg-caution[data-severity="medium"] { border-inline-start-color: var(--dpg-medium); }
.dpg-severity { display: block; font-size: 12px; font-weight: 600; color: var(--dpg-low); }
.dpg-caution[data-severity="high"] .dpg-severity { color: var(--dpg-high); }
.dpg-caution[data-severity="medium"] .dpg-severity { color: var(--dpg-medium); }
.dpg-caution-title { margin: 0 0 2px; font-weight: 600; }
.dpg-caution-action,
.dpg-caution-detail { margin: 0; font-size: 14px; }
.dpg-caution-action + .dpg-caution-detail { margin-top: 4px; }
.dpg-caution-sources { margin: 4px 0 0; font-size: 13px; color: var(--dpg-muted); }
.dpg-notice, .dpg-note { font-size: 13px; color: var(--dpg-muted); }
.dpg-checks li { display: flex; gap: 8px; align-items: flex-start; margin: 0 0 6px; }
.dpg-checks input { margin: 3px 0 0; width: 16px; height: 16px; flex: none; accent-color: var(--dpg-accent); }
.dpg-checks label { font-size: 14px; }
.dpg-why-details { margin: 8px 0 0; padding: 8px 10px; background: var(--dpg-soft); border-radius: 6px; font-size: 13.5px; }
.dpg-why-details dt { font-weight: 600; }
.dpg-why-details dd { margin: 0 0 6px; overflow-wrap: anywhere; }
.dpg-why-details code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: var(--dpg-accent); text-decoration: underline; text-underline-offset: 2px; }
button {
  font: inherit; font-size: 14px; line-height: 1.3; color: var(--dpg-fg);
  background: transparent; border: 1px solid var(--dpg-border); border-radius: 6px;
  padding: 6px 12px; min-height: 32px; cursor: pointer; margin: 0;
}
button:hover { background: var(--dpg-soft); }
button:focus-visible, a:focus-visible, input:focus-visible {
  outline: 2px solid var(--dpg-accent); outline-offset: 2px;
}
.dpg-primary { background: var(--dpg-accent); color: var(--dpg-accent-fg); border-color: var(--dpg-accent); font-weight: 600; }
.dpg-primary:hover { background: var(--dpg-accent); filter: brightness(1.08); }
.dpg-link-button { border: none; padding: 4px 0; min-height: 28px; color: var(--dpg-accent); text-decoration: underline; text-underline-offset: 2px; }
.dpg-link-button:hover { background: transparent; }
.dpg-link-button[aria-expanded]::after { content: " \\25B8"; text-decoration: none; display: inline-block; margin-inline-start: 4px; }
.dpg-link-button[aria-expanded="true"]::after { content: " \\25BE"; }
.dpg-icon-button { flex: none; width: 32px; padding: 0; font-size: 18px; line-height: 1; border-color: transparent; color: var(--dpg-muted); }
.dpg-updated { display: inline-block; margin-inline-start: 6px; padding: 0 6px; border-radius: 4px; background: var(--dpg-accent); color: var(--dpg-accent-fg); font-weight: 600; }
.dpg-previous { margin: 4px 0 0; font-size: 13px; }
.dpg-previous summary { cursor: pointer; color: var(--dpg-accent); }
.dpg-use { margin: 0 0 10px; padding: 8px 10px; background: var(--dpg-soft); border-radius: 6px; }
.dpg-use h3 { margin: 0 0 6px; }
.dpg-use-buttons { display: flex; flex-direction: column; gap: 6px; }
.dpg-use-buttons button { min-height: 44px; font-weight: 600; text-align: start; background: var(--dpg-bg, transparent); }
.dpg-footer { border-top: 1px solid var(--dpg-border); padding: 10px 16px 12px; }
.dpg-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.dpg-actions button, .dpg-snooze-menu button { padding: 6px 10px; }
#dpg-snooze::after { content: "\\25BE"; display: inline-block; margin-inline-start: 6px; font-size: 12px; }
#dpg-snooze[aria-expanded="true"] { background: var(--dpg-soft); }
#dpg-snooze[aria-expanded="true"]::after { transform: rotate(180deg); }
.dpg-snooze-menu { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.dpg-pill {
  border-radius: 999px; padding: 8px 16px; min-height: 36px; max-width: 100%;
  font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.dpg-pill:hover { background: var(--dpg-soft); }
.dpg-visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (prefers-reduced-motion: no-preference) {
  .dpg-appear { animation: dpg-enter 180ms ease-out; }
  @keyframes dpg-enter { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
}
@media (forced-colors: active) {
  .dpg-caution { border-inline-start-color: CanvasText; }
}
`;

  /**
   * A constructed stylesheet is not subject to the page's style-src policy, so it is
   * tried first; where a browser refuses it in a content script (older Firefox), a
   * <style> element with the same text is the fallback.
   */
  function apply(root) {
    const Sheet = document.defaultView?.CSSStyleSheet;
    try {
      const sheet = new Sheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch (error) {
      console.debug("Digital Practice Guide: using a style element:", error.message);
    }
    const style = document.createElement("style");
    style.textContent = CSS;
    root.append(style);
  }

  globalThis.DpgCardStyles = Object.freeze({ CSS, apply });
})();
