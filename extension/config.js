// Build-time defaults. scripts/build_extension.py rewrites this file in dist/ for
// development and test builds (--server-url, --sync-timeout-ms); the source leaves the
// server unset, so an installed extension uses its bundled guidance until someone
// chooses a server.
export const DEFAULT_SERVER_URL = "";
// How long one guidance check may take, headers and body, before it counts as failed.
export const SYNC_TIMEOUT_MS = 15000;
