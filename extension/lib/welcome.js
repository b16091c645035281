// On install: open the welcome page, once (lib/first-run.js says when).

import { opensWelcome, WELCOME_PAGE } from "./first-run.js";
import { getLocal, setLocal } from "./storage.js";

/** runtime.onInstalled: open the welcome page in a new tab on a fresh install. */
export async function welcomeOnInstall(reason) {
  const { welcomed } = await getLocal(["welcomed"]);
  if (!opensWelcome(reason, welcomed)) return;
  await setLocal({ welcomed: true });
  await chrome.tabs.create({ url: chrome.runtime.getURL(WELCOME_PAGE) });
}
