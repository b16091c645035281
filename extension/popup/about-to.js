// The popup's "I'm about to…" section: the situations the browser cannot see (phoning or
// texting a client, a session in a desktop app, a client in the room with devices
// present). Each opens its category's key cautions (headline and action) and checklist;
// ticks are kept for the day by the worker. Kept apart from the rest of the popup.

import { ask, clear, el, t } from "../ui/page-text.js";

const cardParts = globalThis.DpgCardParts;
// The label of each situation the worker offers (lib/situations.js SITUATIONS).
const SITUATION_KEYS = Object.freeze({
  phone: "aboutToPhone",
  text: "aboutToText",
  "desktop-session": "aboutToDesktopSession",
  "in-room": "aboutToInRoom",
});

function byId(id) {
  return document.getElementById(id);
}

/** A checklist tick, stored by the worker; a failure is said in the section. */
function sendTick(message) {
  ask(message).then((answer) => {
    if (!answer.ok) byId("about-to-status").textContent = t("errorGeneric", [answer.error]);
  });
}

function situationButton(situation) {
  const button = el(
    "button",
    {
      id: `about-to-${situation.id}`,
      className: "about-to-item",
      attrs: { type: "button" },
    },
    [
      el("span", { text: t(SITUATION_KEYS[situation.id] ?? "aboutToOther") }),
      el("span", { className: "about-to-category", text: situation.name }),
    ],
  );
  button.addEventListener("click", () => openSituation(situation, button));
  return button;
}

/** Offer the situations this guidance speaks to; the section stays hidden without any. */
export async function showAboutTo() {
  const answer = await ask({ type: "situations" });
  const situations = answer.ok ? (answer.situations ?? []) : [];
  const known = situations.filter((situation) => situation.id in SITUATION_KEYS);
  clear(byId("about-to-list")).append(
    ...known.map((situation) => el("li", {}, [situationButton(situation)])),
  );
  byId("about-to").hidden = known.length === 0;
}

function guidancePane(guidance, opener) {
  const { category, keyCautions, checklistTicks } = guidance;
  const title = el("h3", {
    id: "about-to-guidance-title",
    text: t(SITUATION_KEYS[guidance.situation.id] ?? "aboutToOther"),
    attrs: { tabindex: "-1" },
  });
  const back = el("button", {
    className: "back",
    text: t("aboutToBack"),
    attrs: { type: "button" },
  });
  back.addEventListener("click", () => closeSituation(opener));
  const cautions = keyCautions.map((caution) =>
    cardParts.buildCaution(caution, t, { withDetail: false, withSources: false }),
  );
  const checklist = cardParts.buildChecklist(
    { categories: [category], checklistTicks },
    t,
    sendTick,
    {
      level: 4,
      idPrefix: "about-to-check",
    },
  );
  return [
    back,
    title,
    el("p", { className: "muted", text: category.name }),
    cautions.length ? el("h4", { text: t("topCautionsHeading") }) : null,
    cautions.length
      ? el("ul", { id: "about-to-cautions", className: "dpg-cautions" }, cautions)
      : null,
    checklist,
    el("p", { id: "about-to-status", attrs: { role: "status" } }),
  ].filter(Boolean);
}

async function openSituation(situation, opener) {
  const answer = await ask({ type: "situation", id: situation.id });
  const pane = clear(byId("about-to-guidance"));
  if (!answer.ok || !answer.guidance) {
    pane.append(el("p", { text: t("errorGeneric", [answer.error ?? situation.id]) }));
  } else {
    pane.append(...guidancePane(answer.guidance, opener));
  }
  byId("about-to-list").hidden = true;
  pane.hidden = false;
  // The user asked for this view: reading starts at its heading (or its message).
  (byId("about-to-guidance-title") ?? pane.firstElementChild)?.focus();
}

function closeSituation(opener) {
  byId("about-to-guidance").hidden = true;
  byId("about-to-list").hidden = false;
  opener.focus();
}
