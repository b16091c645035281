// Build-time defaults. scripts/build_extension.py rewrites this file in dist/ for
// development builds (--server-url); the source leaves the server unset, so an
// installed extension uses its bundled guidance until someone chooses a server.
export const DEFAULT_SERVER_URL = "";
