// Which tabs.onUpdated events mean that a tab now shows a (new) page to recognise, and
// which mean a new page whose address the extension may not see.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { isUnseenPage, newPageUrl } from "../lib/tabs.js";

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

describe("newPageUrl in Firefox (the address comes with every load)", () => {
  const NEXT = "https://us02web.zoom.us/j/1";
  // [what happened, changeInfo, tab, expected URL]
  const CASES = [
    ["a load starting, the tab still at the old page", { status: "loading" }, { url: GMAIL }, null],
    ["the load's address", { status: "loading", url: NEXT }, { url: NEXT }, NEXT],
    ["a reload's address (the same)", { status: "loading", url: GMAIL }, { url: GMAIL }, GMAIL],
    ["a single-page-app navigation", { status: "complete", url: NEXT }, { url: NEXT }, NEXT],
    ["a load finishing", { status: "complete" }, { url: GMAIL }, null],
  ];
  for (const [what, changeInfo, tab, expected] of CASES) {
    test(what, () => assert.equal(newPageUrl(changeInfo, tab, { urlOnEveryLoad: true }), expected));
  }
});

describe("isUnseenPage", () => {
  // [what happened, changeInfo, tab, expected]
  const CASES = [
    ["a load of a host we may not see", { status: "loading" }, {}, true],
    ["the same without a tab", { status: "loading" }, undefined, true],
    ["a load we may see", { status: "loading", url: GMAIL }, { url: GMAIL }, false],
    ["a reload we may see", { status: "loading" }, { url: GMAIL }, false],
    ["a load finishing", { status: "complete" }, {}, false],
    ["nothing said", {}, {}, false],
  ];
  for (const [what, changeInfo, tab, expected] of CASES) {
    test(what, () => assert.equal(isUnseenPage(changeInfo, tab), expected));
  }
});
