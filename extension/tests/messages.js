// chrome.i18n.getMessage over the extension's messages.json, for Node tests: named
// placeholders ($NAME$ → its content), then $1..$9; the key itself when missing (as
// ui/dom.js's t).
import fs from "node:fs";

const MESSAGES = JSON.parse(
  fs.readFileSync(new URL("../_locales/en/messages.json", import.meta.url), "utf8"),
);

export function translate(key, substitutions = []) {
  const entry = MESSAGES[key];
  if (!entry) return key;
  const list = Array.isArray(substitutions) ? substitutions : [substitutions];
  let text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    return content === undefined ? whole : content;
  });
  text = text.replace(/\$([1-9])/g, (_, digit) => String(list[Number(digit) - 1] ?? ""));
  return text;
}

export const LOCALE =
  translate("formatLocale") === "formatLocale" ? "en" : translate("formatLocale");
