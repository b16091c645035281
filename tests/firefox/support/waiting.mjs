// Waiting on conditions, never on time: the machine is shared and slow at moments.

import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// Generous: two cores, and other browsers may be running next to this one.
export const SLOW_MS = 20_000;
const POLL_MS = 100;

/**
 * Poll `condition` (sync or async) until it returns something truthy; return that. A
 * condition that throws is retried until the deadline, then its last error is reported.
 */
export async function waitFor(condition, { timeout = SLOW_MS, message = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let lastError = null;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : "";
      throw new Error(`${message}: not within ${timeout / 1000}s${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
