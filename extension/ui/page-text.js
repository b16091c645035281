// Text for the extension's own pages (popup, options): every string comes from
// _locales through chrome.i18n, set with textContent, and dates read the same everywhere.
// The DOM and i18n helpers are ui/dom.js's (the card's too), loaded by the page before
// its module, and handed on here as imports.

const dom = globalThis.DpgDom;
if (!dom) throw new Error("ui/dom.js must be loaded before the page's module");
export const { clear, el, formatDate, joinList, t } = dom;

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

/** Fill every element that names a message key (data-i18n and friends). */
export function localizePage(root = document) {
  for (const [attribute, apply] of Object.entries(LOCALIZED_ATTRIBUTES)) {
    for (const node of root.querySelectorAll(`[${attribute}]`))
      apply(node, t(node.getAttribute(attribute)));
  }
}

function locale() {
  return dom.localeOf();
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
