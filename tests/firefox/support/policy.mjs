// An enterprise policy for the test's Firefox. Firefox reads one system-wide file at
// start-up; its "3rdparty" part is what an extension sees in storage.managed. Any file
// already there is put back afterwards.

import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

import { GECKO_ID } from "./firefox.mjs";

export const POLICY_FILE = "/etc/firefox/policies/policies.json";
const KEPT = `${POLICY_FILE}.dpg-e2e-kept`;

/** Why this user cannot write the policy file (not root, as a rule), or null. */
export function policyUnwritable() {
  let folder = path.dirname(POLICY_FILE);
  while (!existsSync(folder)) folder = path.dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return null;
  } catch {
    return `${folder} is not writable: run as root to test enterprise policy.`;
  }
}

/** Write a policy giving the extension `values`; return the function that undoes it. */
export function installPolicy(values) {
  return installPolicyFile({ policies: { "3rdparty": { Extensions: { [GECKO_ID]: values } } } });
}

/** Write `policy` (a whole policies.json) as Firefox's; return the function that undoes it. */
export function installPolicyFile(policy) {
  const made = [];
  for (let folder = path.dirname(POLICY_FILE); !existsSync(folder);) {
    made.unshift(folder);
    folder = path.dirname(folder);
  }
  for (const folder of made) mkdirSync(folder);
  const hadOne = existsSync(POLICY_FILE);
  if (hadOne) renameSync(POLICY_FILE, KEPT);
  writeFileSync(POLICY_FILE, JSON.stringify(policy, null, 2));
  let removed = false;
  function removePolicy() {
    if (removed) return;
    removed = true;
    rmSync(POLICY_FILE, { force: true });
    if (hadOne) renameSync(KEPT, POLICY_FILE);
    for (const folder of made.reverse()) rmdirSync(folder);
  }
  // Also when the run ends early (a failed hook, an exception): every Firefox started
  // on this machine would read it.
  process.once("exit", removePolicy);
  return removePolicy;
}
