// "I'm about to…": the situations the browser cannot see (a phone call, a text from a
// mobile, a session in a desktop app, a client in the room with devices about), each
// the guidance of one category; and the checklist's ticks, kept for the day. Pure.

import { categoryDetail, chooseCautions, readerOf } from "./guidance.js";

// Each situation and the category whose guidance it opens, in the order offered.
// A situation whose category the guidance lacks is not offered.
export const SITUATIONS = Object.freeze([
  Object.freeze({ id: "phone", categoryId: "telephone" }),
  Object.freeze({ id: "text", categoryId: "texting" }),
  Object.freeze({ id: "desktop-session", categoryId: "video" }),
  Object.freeze({ id: "in-room", categoryId: "in-room-technology" }),
]);
// The key cautions shown for a situation, as the card's first view has.
export const KEY_CAUTIONS = 3;

/** The situations this guidance can speak to: `[{id, categoryId}]`. */
export function availableSituations(taxonomy) {
  const known = new Set((taxonomy.categories ?? []).map((category) => category.id));
  return SITUATIONS.filter((situation) => known.has(situation.categoryId)).map((situation) => ({
    ...situation,
  }));
}

/**
 * A situation's guidance for the reader the prefs describe: `{situation, category,
 * keyCautions, checklistTicks}`. `category` is the category in full (guidance.js
 * `categoryDetail`); `keyCautions` the first KEY_CAUTIONS of its cautions that apply as
 * the call or session begins (stage `before`, or `anytime`), in the guidance's order.
 * Null for a situation unknown or not offered by this guidance.
 */
export function situationGuidance(taxonomy, situationId, prefs, ticks = {}) {
  const situation = availableSituations(taxonomy).find((item) => item.id === situationId);
  if (!situation) return null;
  const category = categoryDetail(taxonomy, situation.categoryId, prefs);
  const source = taxonomy.categories.find((item) => item.id === situation.categoryId);
  // The card's own choice rule, for the moment just before the call or message.
  const { top } = chooseCautions(taxonomy, source.cautions, readerOf(prefs), {
    limit: KEY_CAUTIONS,
  });
  const keyIds = top.map((caution) => caution.id);
  const byId = new Map(category.cautions.map((caution) => [caution.id, caution]));
  return {
    situation,
    category,
    keyCautions: keyIds.map((id) => byId.get(id)).filter(Boolean),
    checklistTicks: { [category.id]: [...(ticks[category.id] ?? [])] },
  };
}

/**
 * Today's ticks from the stored checklist `{day, ticks: {[categoryId]: [index...]}}`:
 * the stored ones when they are today's, none when the day has changed (a checklist
 * is for the day's sessions; yesterday's ticks say nothing about today's).
 */
export function ticksForDay(checklist, day) {
  return checklist?.day === day ? { ...(checklist.ticks ?? {}) } : {};
}

/** The checklist after an item is ticked or unticked on `day` (a new day starts afresh). */
export function withTick(checklist, day, categoryId, index, checked) {
  const ticks = ticksForDay(checklist, day);
  const current = new Set(ticks[categoryId] ?? []);
  if (checked) current.add(index);
  else current.delete(index);
  ticks[categoryId] = [...current].sort((a, b) => a - b);
  return { day, ticks };
}
