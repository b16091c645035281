// The real guidance service for a Firefox test file: `practice-guide serve` (gunicorn, a
// database of its own in a temporary folder) on a free loopback port, behind a small
// recording proxy. The extension is built to use the proxy's address, so the proxy sees
// exactly what the extension asked the service for: the service-side view the privacy
// checks read. Firefox's own traffic never goes there (it does not know the address).

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";

import { REPO, waitFor } from "./waiting.mjs";

export const TAXONOMY_PATH = "/api/v2/taxonomy";
// gunicorn and a first migration on two shared cores.
const START_MS = 60_000;

/** A loopback port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function get(port, pathname) {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: pathname }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on("error", () => resolve(null));
  });
}

/** Start `practice-guide serve` in `folder`; resolve once it answers /healthz. */
async function startServe(folder, env) {
  const port = await freePort();
  const run = path.join(folder, "run");
  mkdirSync(run, { recursive: true, mode: 0o700 });
  const log = path.join(folder, "serve.log");
  const out = openSync(log, "a");
  const child = spawn(
    path.join(REPO, ".venv", "bin", "practice-guide"),
    ["serve", "--host", "127.0.0.1", "--port", String(port), "--workers", "1"],
    {
      cwd: folder,
      detached: true, // its own process group, so gunicorn's worker goes with it
      stdio: ["ignore", out, out],
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:///${path.join(folder, "guide.sqlite")}`,
        SECRET_KEY: randomBytes(24).toString("hex"),
        // gunicorn's runtime files away from any other instance's.
        XDG_RUNTIME_DIR: run,
        ...env,
      },
    },
  );
  let exited = null;
  child.once("exit", (code) => {
    exited = code;
  });
  await waitFor(
    async () => {
      if (exited !== null) throw new Error(`practice-guide serve exited: ${readFileSync(log)}`);
      return (await get(port, "/healthz")) === 200;
    },
    { timeout: START_MS, message: "practice-guide serve answering /healthz" },
  );
  return { port, child, stop: () => stopGroup(child) };
}

function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGTERM");
  });
}

/** The proxy in front of the service: it records each request and its status. */
function startTap(servicePort) {
  const requests = [];
  const server = http.createServer((incoming, answer) => {
    const entry = {
      method: incoming.method,
      path: new URL(incoming.url, "http://tap").pathname,
      headers: { ...incoming.headers },
      status: null,
    };
    requests.push(entry);
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: servicePort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        entry.status = response.statusCode;
        answer.writeHead(response.statusCode, response.headers);
        response.pipe(answer);
      },
    );
    upstream.on("error", () => {
      entry.status = 502;
      answer.writeHead(502).end();
    });
    incoming.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, requests }));
  });
}

/**
 * The service behind its tap: `.url` (the tap's), `.requests`, `.taxonomyRequests()`.
 * `env` adds to the service's environment (its INSTANCE_PATH, say).
 */
export async function startService(folder, env = {}) {
  const serve = await startServe(folder, env);
  const { server, requests } = await startTap(serve.port);
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    taxonomyRequests: () => requests.filter((entry) => entry.path === TAXONOMY_PATH),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await serve.stop();
    },
  };
}
