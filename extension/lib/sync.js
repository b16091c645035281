// Fetching guidance from the configured server: conditional GET, validated whole before
// it replaces anything, never an older version, the last good copy kept on any failure.
// These GETs are the only requests the extension makes.

import { SYNC_TIMEOUT_MS } from "../config.js";
import {
  decideDownload,
  describeFailure,
  describeRejection,
  effectiveCheckHours,
  nextCheckAt,
  nextSyncStatus,
  parseSuggestedHours,
} from "./sync-policy.js";
import { askForUpdateIfSitesMissing } from "./self-update.js";
import { getLocal, getPrefs, setLocal } from "./storage.js";
import { MAX_DOCUMENT_BYTES, SCHEMA_VERSION, validateEnvelope } from "./validate.js";

export const SYNC_ALARM = "sync-guidance";
// Format 2 (docs/taxonomy-format.md); /api/v1 serves format 1 to older installs.
const API_PATH = `/api/v${SCHEMA_VERSION}/taxonomy`;
// The service's advice on how often to check (server/api/public.py).
const CHECK_HOURS_HEADER = "X-Taxonomy-Check-Hours";

/** Check the server now; always resolves with the new sync status. */
export async function syncNow(now = Date.now()) {
  const { prefs } = await getPrefs();
  const { guidance, syncStatus } = await getLocal(["guidance", "syncStatus"]);
  const previous = syncStatus ?? { failures: 0 };
  if (!prefs.serverUrl) {
    const status = { ...previous, lastOutcome: "no-server", lastError: null, failures: 0 };
    await setLocal({ syncStatus: status });
    return status;
  }
  // A copy in another format (format 1, from before an update) is no base to compare
  // with: the bundled copy is used until this format's download replaces it.
  const current =
    guidance &&
    guidance.serverUrl === prefs.serverUrl &&
    guidance.taxonomy?.schema_version === SCHEMA_VERSION
      ? guidance
      : null;
  // One deadline for the whole check, headers and body alike.
  const deadline = AbortSignal.timeout(SYNC_TIMEOUT_MS);
  let outcome;
  try {
    outcome = await download(prefs.serverUrl, current, now, deadline);
  } catch (error) {
    outcome = { result: "error", error: describeFailure(error, deadline) };
  }
  const taxonomy = outcome.taxonomy ?? current?.taxonomy;
  if (outcome.result !== "error" && taxonomy) {
    // Asked at every good check, not only when guidance changes: the build with the new
    // sites may be made after the guidance that needs it was published.
    await askForUpdateIfSitesMissing(taxonomy).catch((error) =>
      console.warn("Digital Practice Guide: no update check:", error),
    );
  }
  return finish(outcome, previous, prefs, now);
}

async function download(serverUrl, current, now, deadline) {
  const response = await fetch(serverUrl + API_PATH, {
    method: "GET",
    headers: current?.etag ? { "If-None-Match": current.etag } : {},
    credentials: "omit",
    cache: "no-cache",
    referrerPolicy: "no-referrer",
    signal: deadline,
  });
  // How often the service says to come back, on its 200s and 304s alike.
  const suggestedHours = parseSuggestedHours(response.headers.get(CHECK_HOURS_HEADER));
  if (response.status === 304) {
    return { result: "not-modified", suggestedHours };
  }
  if (response.status === 404 && (await errorCode(response)) === "not_in_this_format") {
    return { result: "error", error: `the server has no guidance in format ${SCHEMA_VERSION} yet` };
  }
  if (response.status !== 200) {
    return { result: "error", error: `the server answered ${response.status}` };
  }
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) {
    return { result: "error", error: "the server did not send JSON" };
  }
  const envelope = JSON.parse(await readCapped(response, MAX_DOCUMENT_BYTES + 4096));
  const validation = validateEnvelope(envelope);
  const decision = decideDownload({
    status: 200,
    etag: response.headers.get("ETag"),
    envelope,
    validation,
    current,
  });
  if (decision.action === "keep") return { result: "not-modified", suggestedHours };
  if (decision.action !== "store") return { result: "error", error: describeRejection(decision) };
  // The copy it replaces is kept, so the popup can show a changed caution's old wording.
  await setLocal({
    previousGuidance: current ? { version: current.version, taxonomy: current.taxonomy } : null,
    guidance: {
      serverUrl,
      version: envelope.version,
      sha256: envelope.sha256,
      publishedAt: envelope.published_at,
      etag: response.headers.get("ETag"),
      fetchedAt: now,
      taxonomy: envelope.taxonomy,
    },
  });
  return {
    result: "updated",
    version: envelope.version,
    taxonomy: envelope.taxonomy,
    suggestedHours,
  };
}

/** The `code` of an error answer in the service's JSON shape, or null. */
async function errorCode(response) {
  try {
    return (await response.json())?.code ?? null;
  } catch (error) {
    if (error instanceof SyntaxError) return null; // not the service's JSON: no code
    throw error;
  }
}

/** Read a body without ever holding more than `limit` bytes of it. */
async function readCapped(response, limit) {
  const declared = Number(response.headers.get("Content-Length"));
  if (declared > limit) throw new Error(`the guidance is larger than ${limit} bytes`);
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the guidance is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concat(chunks, size));
}

function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function finish(outcome, previous, prefs, now) {
  const status = nextSyncStatus(previous, {
    now,
    outcome: outcome.result,
    error: outcome.error,
    checkHours: prefs.checkHours,
    suggestedHours: outcome.suggestedHours,
  });
  await setLocal({ syncStatus: status });
  await chrome.alarms.create(SYNC_ALARM, { when: status.nextCheckAt });
  return status;
}

/** Make sure a check is scheduled (alarms survive worker restarts but not every update). */
export async function ensureScheduled(now = Date.now()) {
  const existing = await chrome.alarms.get(SYNC_ALARM);
  if (!existing) {
    const { prefs } = await getPrefs();
    const { syncStatus } = await getLocal(["syncStatus"]);
    const hours = effectiveCheckHours(prefs.checkHours, syncStatus?.suggestedHours);
    await chrome.alarms.create(SYNC_ALARM, { when: nextCheckAt(now, hours, Math.random) });
  }
}
