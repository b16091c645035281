// Firefox with the extension, driven by puppeteer-core over WebDriver BiDi. The add-on is
// installed as a temporary add-on (BiDi webExtension.install), as about:debugging would.

import { execFileSync, spawnSync } from "node:child_process";

import puppeteer from "puppeteer-core";

import { REPO } from "./waiting.mjs";

export const GECKO_ID = "{6b0f5a2e-3c1d-4f6a-9e57-2d8c1b4a7f30}";
// The moz-extension:// host is random per profile unless a pref chooses it.
export const EXTENSION_UUID = "5d1c7a3e-8b2f-4c6d-9e0a-1f2b3c4d5e6f";
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

// Prefs every test browser gets. Firefox's own background traffic (updates, safe
// browsing, telemetry, remote settings) is switched off so the run stays offline; the
// privacy checks read the service's side anyway, where only the extension can reach.
const PREFS = {
  "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
  // Every context's console messages and script errors on Firefox's stdout.
  "devtools.console.stdout.content": true,
  // permissions.request grants without a door-hanger (headless has none to click).
  "extensions.webextOptionalPermissionPrompts": false,
  "app.update.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.update.enabled": false,
  "toolkit.telemetry.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.update.enabled": false,
};

/** The Firefox to drive: $FIREFOX, else firefox-esr or firefox on PATH. */
export function firefoxPath() {
  if (process.env.FIREFOX) return process.env.FIREFOX;
  for (const name of ["firefox-esr", "firefox"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0) return found.stdout.trim();
  }
  throw new Error("No Firefox: run through `make test-firefox-e2e`, or set FIREFOX.");
}

/** Build the extension into `out` pointed at `serverUrl`; return the Firefox build. */
export function buildExtension(out, serverUrl) {
  execFileSync(
    `${REPO}/.venv/bin/python`,
    [`${REPO}/scripts/build_extension.py`, "--out", out, "--server-url", serverUrl],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  return `${out}/firefox`;
}

/**
 * Launch Firefox with `prefs` on top of PREFS and install the extension from
 * `extensionDir` as a temporary add-on (null: none). Returns `{browser, consoleLines}`: every line Firefox wrote.
 */
export async function launchFirefox(extensionDir, prefs = {}) {
  // extensionDir null: nothing installed by the test (a policy installs the add-on).
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxPath(),
    headless: true,
    // Lets BiDi open moz-extension:// pages.
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: { ...PREFS, ...prefs },
    protocolTimeout: 60_000,
  });
  const consoleLines = [];
  const child = browser.process();
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop();
      consoleLines.push(...lines);
    });
  }
  if (extensionDir) await browser.installExtension(extensionDir);
  return { browser, consoleLines };
}

/**
 * The lines that are an error from this extension: a script error in one of its files
 * (its pages, background or content scripts all load from EXTENSION_ORIGIN), or
 * console.error / console.warn from its code (whose messages carry its name).
 */
export function extensionErrors(lines) {
  return lines.filter(
    (line) =>
      (line.includes(EXTENSION_ORIGIN) && /error|warn/i.test(line)) ||
      (/^console\.(error|warn)/.test(line) && line.includes("Digital Practice Guide")),
  );
}
