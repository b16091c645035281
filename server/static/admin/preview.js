// The admin card preview: draws the reminder card with the extension's own code, so an
// admin sees exactly what users will see. content/card-view.js draws (loaded by the
// template as a classic script after the card's other scripts, as the extension injects
// them), lib/guidance.js builds the model and _locales/en/messages.json gives the text,
// all served by server/admin/card_preview.py
// under the asset base the template names. The card's buttons only say what they would
// do in the extension. Data is read from JSON and drawn with DOM APIs only.

const DATA_ID = "dpg-preview-data";
const HOST_TAG = "digital-practice-guide";
const MESSAGES_PATH = "_locales/en/messages.json";
const GUIDANCE_PATH = "lib/guidance.js";
const MAX_SUBSTITUTIONS = 9;
// The characters Chrome allows in a placeholder name ($NAME$).
const PLACEHOLDER_NAME = /^[A-Za-z0-9_@]+$/;

const ACTION_NOTES = Object.freeze({
  "got-it":
    "In the extension, “Got it” would close the card until the reminder rules show it again.",
  "snooze-hour": "In the extension, this would snooze the card on this site for an hour.",
  "snooze-tomorrow": "In the extension, this would snooze the card on this site until tomorrow.",
  "disable-site":
    "In the extension, this would stop the card on this site (the user can undo it in the popup).",
});
const TICK_NOTE =
  "In the extension, ticks are kept on the user's device for the day. Nothing is saved here.";
const OTHER_NOTE = "In the extension, this would send a message to the extension's background.";
const USE_NOTE =
  "In the extension, this would remember the answer for this site (on the user's device) and show the card for that use. Choose the use in the controls above to preview it.";
const DEFAULT_CORNER = "bottom-right";
const MOVE_NOTE =
  "In the extension, this would move the card to the next corner of the window and remember it for this site; on its own the card takes the corner that covers the least of the page's fixed controls. Here it stays in the stage.";
const PLACE_NOTE =
  "In the extension, this would open the options page at “Where you practise”. Choose a jurisdiction in the controls above to preview it.";

// The stage stands in for a web page. `contain: layout` makes it the containing block of
// the card's `position: fixed`, so the card sits in the stage's bottom-right corner as it
// sits in a page's, and card-view.js stays unchanged. Tall enough for the card's 70vh.
const STAGE_CSS = `
.dpg-preview-stage {
  position: relative; contain: layout paint; overflow: hidden;
  height: calc(70vh + 32px); min-height: 24rem; margin: 0.5rem 0;
  border: 1px solid #c9ccd1; border-radius: 8px; background: #ffffff; color: #1f2328;
}
.dpg-preview-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; min-height: 2.5rem; }
.dpg-preview-status { margin: 0; }
@media (prefers-color-scheme: dark) {
  .dpg-preview-stage { border-color: #3d444d; background: #0d1117; color: #e8e6e3; }
}
`;

// --- chrome.i18n.getMessage for a messages.json ---------------------------------------

/**
 * A message with its named placeholders ($NAME$, any letter case) replaced by their
 * content, as Chrome does when it loads messages.json; an undefined one is an error.
 */
function withPlaceholders(name, entry) {
  const contents = new Map(
    Object.entries(entry.placeholders ?? {}).map(([key, value]) => [
      key.toLowerCase(),
      String(value.content),
    ]),
  );
  let text = String(entry.message);
  let at = 0;
  for (;;) {
    const begin = text.indexOf("$", at);
    if (begin < 0 || begin + 1 >= text.length) return text;
    at = begin + 1;
    const end = text.indexOf("$", at);
    if (end < 0) return text;
    const variable = text.slice(at, end);
    if (!PLACEHOLDER_NAME.test(variable)) continue;
    const content = contents.get(variable.toLowerCase());
    if (content === undefined)
      throw new Error(`messages.json: ${name} uses $${variable}$ but does not define it`);
    text = text.slice(0, begin) + content + text.slice(end + 1);
    at = begin + content.length;
  }
}

/** $1 to $9 become the substitutions (nothing when missing), "$$" a "$"; any other "$x" goes. */
function substitute(text, substitutions) {
  let result = "";
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== "$") {
      result += text[i];
    } else if (i + 1 < text.length) {
      i += 1;
      if (text[i] === "$") {
        for (; i < text.length && text[i] === "$"; i += 1) result += "$";
        i -= 1;
      } else if (text[i] >= "1" && text[i] <= "9") {
        result += substitutions[Number(text[i]) - 1] ?? "";
      }
    }
  }
  return result;
}

/** A string or an array of at most nine (as strings); null when there are too many. */
function substitutionList(substitutions) {
  if (Array.isArray(substitutions)) {
    return substitutions.length > MAX_SUBSTITUTIONS ? null : substitutions.map(String);
  }
  return typeof substitutions === "string" ? [substitutions] : [];
}

/**
 * chrome.i18n.getMessage over one messages.json object: names are matched in any letter
 * case; an unknown name gives "", more than nine substitutions undefined. Predefined
 * messages (@@ui_locale...) are not provided.
 */
export function messageGetter(messages) {
  const table = new Map(
    Object.entries(messages).map(([name, entry]) => [
      name.toLowerCase(),
      withPlaceholders(name, entry),
    ]),
  );
  return function getMessage(name, substitutions) {
    if (typeof name !== "string")
      throw new TypeError("getMessage: the message name must be a string");
    const list = substitutionList(substitutions);
    if (list === null) return undefined;
    const message = table.get(name.toLowerCase());
    return message === undefined ? "" : substitute(message, list);
  };
}

/** The card's `t`, as content/card.js defines it: the message, or the key when missing. */
export function translator(messages) {
  const getMessage = messageGetter(messages);
  return (key, substitutions) => getMessage(key, substitutions) || key;
}

// --- The page ----------------------------------------------------------------------------

async function fetchMessages(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  if (!(response.headers.get("Content-Type") ?? "").startsWith("application/json")) {
    throw new Error(`${url.pathname} is not JSON`);
  }
  return response.json();
}

function adoptStageStyles() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STAGE_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Put a note in the polite status line; cleared first so a repeat is announced too. */
function say(status, text) {
  status.textContent = "";
  requestAnimationFrame(() => {
    status.textContent = text;
  });
}

function noteFor(message) {
  if (message?.type === "card-action") return ACTION_NOTES[message.action] ?? OTHER_NOTE;
  if (message?.type === "checklist-tick") return TICK_NOTE;
  if (message?.type === "choose-use") return USE_NOTE;
  if (message?.type === "open-options") return PLACE_NOTE;
  return OTHER_NOTE;
}

/** Why the card is another site's: its patterns outrank this site's on the address. */
function shadowedNote(data, model) {
  const sites = model.sites ?? [];
  if (sites.some((site) => site.id === data.site.id)) return "";
  const names = sites.map((site) => site.name).join(", ");
  return `On ${data.url} the extension shows the card of ${names} instead: a pattern of that site is more specific.`;
}

/**
 * The card for the reader the controls describe, by guidance.js as the extension builds
 * it: the jurisdiction chosen, the profiles that hold (none ticked: not asked), the
 * moment the top cautions are for and what the site is used for.
 */
function modelFor(data, guidance) {
  const prefs = { jurisdictions: data.jurisdiction ? [data.jurisdiction.id] : [] };
  if (data.profiles?.length) prefs.profiles = [...data.profiles];
  const model = guidance.buildCardModel({
    taxonomy: data.taxonomy,
    url: data.url,
    prefs,
    source: data.guidance,
    stage: data.stage ?? undefined,
    use: data.use?.id ?? null,
    firstVisit: data.first_visit === true,
  });
  // A fresh day in the extension: nothing ticked yet.
  if (model) model.checklistTicks = {};
  return model;
}

/** Draw the card in the stage, as content/card.js does in a page: host, open shadow root, render. */
function showCard(parts, model, t) {
  const { stage, status, again, view } = parts;
  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: "open" });
  const send = (message) => {
    say(status, noteFor(message));
    // card-view.js hides the card right after sending an action, as in the extension.
    if (message?.type === "card-action") again.hidden = false;
  };
  // The same card as on a page, "Move" included; it stays in the stage, in the corner a
  // page with no fixed elements gives it.
  const options = { onMove: () => say(status, MOVE_NOTE) };
  stage.replaceChildren(host);
  view.render(root, model, t, send, options);
  view.place(root, DEFAULT_CORNER);
  again.addEventListener("click", () => {
    again.hidden = true;
    view.render(root, model, t, send, options);
    root.getElementById("dpg-collapse")?.focus();
  });
}

async function main() {
  const source = document.getElementById(DATA_ID);
  if (!source) return;
  const parts = {
    stage: document.getElementById("dpg-preview-stage"),
    status: document.getElementById("dpg-preview-status"),
    again: document.getElementById("dpg-preview-again"),
    view: globalThis.DpgCardView,
  };
  adoptStageStyles();
  try {
    if (!parts.view) throw new Error("the extension's content/card-view.js did not load");
    const data = JSON.parse(source.textContent);
    const base = new URL(
      document.getElementById("dpg-preview").dataset.assetBase,
      document.baseURI,
    );
    const [messages, guidance] = await Promise.all([
      fetchMessages(new URL(MESSAGES_PATH, base)),
      import(new URL(GUIDANCE_PATH, base).href),
    ]);
    const model = modelFor(data, guidance);
    if (!model) {
      say(parts.status, `The extension shows no card on ${data.url}.`);
      return;
    }
    showCard(parts, model, translator(messages));
    const note = shadowedNote(data, model);
    if (note) say(parts.status, note);
  } catch (error) {
    // The server-rendered lists stay in the stage; say why the live card is missing.
    console.error("Card preview:", error);
    say(parts.status, `The live preview could not be drawn: ${error.message}`);
  }
}

await main();
