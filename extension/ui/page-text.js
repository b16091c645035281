// Text for the extension's own pages (popup, options): every string comes from
// _locales through chrome.i18n, set with textContent, and dates read the same everywhere.

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Attributes that name a message key, and what each sets on its element.
const LOCALIZED_ATTRIBUTES = Object.freeze({
  "data-i18n": (node, text) => {
    node.textContent = text;
  },
  "data-i18n-aria-label": (node, text) => node.setAttribute("aria-label", text),
  "data-i18n-placeholder": (node, text) => node.setAttribute("placeholder", text),
  "data-i18n-title": (node, text) => node.setAttribute("title", text),
});

/** A UI string; the key itself when a message is missing, so the gap is visible. */
export function t(key, substitutions) {
  return chrome.i18n.getMessage(key, substitutions) || key;
}

/** Fill every element that names a message key (data-i18n and friends). */
export function localizePage(root = document) {
  for (const [attribute, apply] of Object.entries(LOCALIZED_ATTRIBUTES)) {
    for (const node of root.querySelectorAll(`[${attribute}]`))
      apply(node, t(node.getAttribute(attribute)));
  }
}

function locale() {
  return t("formatLocale");
}

/** Items joined as the locale lists them ("A, B, C"). */
export function joinList(items) {
  return new Intl.ListFormat(locale(), { type: "unit", style: "short" }).format(items.map(String));
}

/** A time of day, with the date too when it is not today: "14:30" or "28 Nov, 09:00". */
export function formatMoment(ms, now = Date.now()) {
  const date = new Date(ms);
  const sameDay = date.toDateString() === new Date(now).toDateString();
  const options = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

/** "just now", "5 minutes ago", "in 3 hours", "yesterday". */
export function formatRelative(ms, now = Date.now()) {
  const delta = ms - now;
  if (Math.abs(delta) < MINUTE_MS) return t("justNow");
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  if (Math.abs(delta) < HOUR_MS) return format.format(Math.round(delta / MINUTE_MS), "minute");
  if (Math.abs(delta) < DAY_MS) return format.format(Math.round(delta / HOUR_MS), "hour");
  return format.format(Math.round(delta / DAY_MS), "day");
}

/** Ask the worker; a failed delivery reads like any other refusal: `{ok: false, error}`. */
export async function ask(message) {
  try {
    return (await chrome.runtime.sendMessage(message)) ?? { ok: false, error: t("errorNoAnswer") };
  } catch (error) {
    return { ok: false, error: error.message };
  }
}

/** Empty a node (no markup involved). */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** An element with optional text, attributes and children. */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.id) node.id = options.id;
  if (options.className) node.className = options.className;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs ?? {}))
    node.setAttribute(name, String(value));
  node.append(...children.filter(Boolean));
  return node;
}
