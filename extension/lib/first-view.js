// What the card's first view says, as text, and how many words that is: the groups line,
// the title, one mode line per category, the key cautions (severity, headline, action),
// the first-run prompts and the controls. The card (content/card-view.js) draws exactly
// these strings; the end-to-end test compares this count with the words the rendered
// card shows. Pure: `t` is a translator (chrome.i18n.getMessage, or messageGetter over
// messages.json in Node), `locale` the list-formatting locale.

export const FIRST_VIEW_MAX_WORDS = 100;

// Message keys the first view names (tests/test_extension_strings.py reads constants).
const CONTROL_KEYS = Object.freeze([
  "moreLabel",
  "whyLabel",
  "gotItLabel",
  "snoozeLabel",
  "disableSiteLabel",
]);
const MODE_KEYS = Object.freeze({
  synchronous: "modeSynchronous",
  asynchronous: "modeAsynchronous",
  both: "modeBoth",
});

/** Words: runs of non-space characters holding a letter or a digit ("—" is not one). */
export function countWords(text) {
  return String(text)
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** The card's title as content/card-parts.js's titleOf writes it. */
export function titleText(model, t, locale) {
  const names = (model?.categories ?? []).map((category, index) => {
    const name = String(category.name ?? "");
    const isAcronym = name.length > 1 && name[1] === name[1].toUpperCase();
    return index === 0 || isAcronym ? name : name[0].toLowerCase() + name.slice(1);
  });
  if (names.length === 0) return t("cardTitleFallback");
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(names);
}

/** The one mode line (the model's modeSummary) as content/card-view.js draws it. */
export function modeLineText(summary, t) {
  const parts = [t(MODE_KEYS[summary.mode] ?? "modeBoth")];
  if (summary.note) parts.push(t("modeNote", [summary.note]));
  return parts.join(" ");
}

/** Every string the first view shows, in reading order. */
export function firstViewTexts(model, t, locale) {
  const categories = model.categories ?? [];
  const groups = [...new Set(categories.flatMap((c) => (c.groups ?? []).map((g) => g.name)))];
  const texts = [];
  if (groups.length)
    texts.push(new Intl.ListFormat(locale, { type: "unit", style: "short" }).format(groups));
  texts.push(titleText(model, t, locale));
  if (model.askUse) {
    texts.push(t("useQuestion"));
    for (const use of model.uses ?? []) texts.push(use.label);
  }
  if (model.modeSummary) texts.push(modeLineText(model.modeSummary, t));
  const top = model.topCautions ?? [];
  if (top.length) texts.push(t("topCautionsHeading"));
  for (const caution of top) {
    // Only a high severity is named on the first view (content/card-parts.js).
    if (caution.severity === "high") texts.push(t("severityHigh"));
    if (caution.updated) texts.push(t("cautionUpdated"));
    texts.push(caution.headline ?? caution.title);
    if (caution.action) texts.push(caution.action);
  }
  const place = model.jurisdiction;
  if (place && !place.chosen) texts.push(t("choosePlaceLabel"));
  else if (place?.regionalNote) texts.push(t("regionalNoteLabel"));
  for (let index = 0; index < CONTROL_KEYS.length; index += 1) texts.push(t(CONTROL_KEYS[index]));
  return texts;
}

/** The number of words the first view shows. */
export function firstViewWords(model, t, locale) {
  return firstViewTexts(model, t, locale).reduce((sum, text) => sum + countWords(text), 0);
}
