// Which tabs.onUpdated events mean that a tab now shows a (new) page to recognise.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { newPageUrl } from "../lib/tabs.js";

const GMAIL = "https://mail.google.com/mail/u/0/#inbox";

describe("newPageUrl", () => {
  // [what happened, changeInfo, tab, expected URL]
  const CASES = [
    ["a page load", { status: "loading", url: GMAIL }, { url: GMAIL }, GMAIL],
    ["a single-page-app navigation", { url: `${GMAIL}/x` }, { url: `${GMAIL}/x` }, `${GMAIL}/x`],
    ["a reload (no url in changeInfo)", { status: "loading" }, { url: GMAIL }, GMAIL],
    ["a load finishing", { status: "complete" }, { url: GMAIL }, null],
    ["a new title", { title: "Inbox (3)" }, { url: GMAIL }, null],
    ["a reload of a host we may not see", { status: "loading" }, {}, null],
    ["a reload without a tab", { status: "loading" }, undefined, null],
  ];
  for (const [what, changeInfo, tab, expected] of CASES) {
    test(what, () => assert.equal(newPageUrl(changeInfo, tab), expected));
  }
});
