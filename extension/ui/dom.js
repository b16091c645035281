// DOM and i18n helpers shared by the card (injected into pages), the toolbar popup and
// the options page: elements built with DOM APIs and textContent only, never markup;
// links only to https: addresses; lists and dates in the extension's locale. A classic
// script, so that the card can use it too: it defines one global, DpgDom (pages load it
// before their modules; ui/page-text.js hands its helpers on as imports).
(() => {
  if (globalThis.DpgDom) return;

  /** A UI string from _locales; the key itself when a message is missing, so the gap shows. */
  function t(key, substitutions) {
    return chrome.i18n.getMessage(key, substitutions) || key;
  }

  /** An element with optional id, class, text and attributes, and children appended. */
  function el(tag, options = {}, children = []) {
    const node = document.createElement(tag);
    if (options.id) node.id = options.id;
    if (options.className) node.className = options.className;
    if (options.text !== undefined && options.text !== null) {
      node.textContent = String(options.text);
    }
    for (const [name, value] of Object.entries(options.attrs ?? {})) {
      node.setAttribute(name, String(value));
    }
    node.append(...children.filter(Boolean));
    return node;
  }

  /** A type=button button that calls `onClick`. */
  function button(options, onClick) {
    const node = el("button", options);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /** Empty a node (no markup involved). */
  function clear(node) {
    node.replaceChildren();
    return node;
  }

  /** A link only to an https: address; anything else is shown as plain text. */
  function safeLink(text, url) {
    if (typeof url !== "string" || !url.startsWith("https:")) return el("span", { text });
    return el("a", {
      text,
      attrs: { href: url, rel: "noopener noreferrer", target: "_blank" },
    });
  }

  function asArray(value) {
    return Array.isArray(value) ? value : [];
  }

  /** The locale the messages are in, for Intl (undefined: the browser's). */
  function localeOf(translate = t) {
    return translate("formatLocale") || undefined;
  }

  /** Items joined as the locale lists them ("A, B, C"); no separator strings to translate. */
  function joinList(items, translate = t) {
    return new Intl.ListFormat(localeOf(translate), { type: "unit", style: "short" }).format(
      items.map(String),
    );
  }

  /** The same list punctuation between DOM nodes (links, say). */
  function joinNodes(nodes, translate = t) {
    const format = new Intl.ListFormat(localeOf(translate), { type: "unit", style: "short" });
    let next = 0;
    return format
      .formatToParts(nodes.map((_, index) => String(index)))
      .map((part) =>
        part.type === "element" ? nodes[next++] : document.createTextNode(part.value),
      );
  }

  /** "2026-11-27" as "27 Nov 2026" in the extension's locale; anything else as given. */
  function formatDate(iso, translate = t) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ""));
    if (!match) return String(iso ?? "");
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    const format = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(localeOf(translate), format).format(date);
  }

  globalThis.DpgDom = Object.freeze({
    asArray,
    button,
    clear,
    el,
    formatDate,
    joinList,
    joinNodes,
    localeOf,
    safeLink,
    t,
  });
})();
