"""Build the extension for Chrome and Firefox from extension/ and shared/taxonomy.json.

    python scripts/build_extension.py [--out dist] [--server-url URL]
                                      [--sync-timeout-ms MS]
    python scripts/build_extension.py --zip [--out dist]

    python scripts/build_extension.py --update-schema-module

The source stays the one truth: the bundled guidance is copied from
shared/taxonomy.json, host permissions are derived from its site patterns, and the
format the extension validates against (lib/taxonomy-schema.js) is written from
shared/taxonomy.schema.json and shared/taxonomy-rules.json, into every build and, with
--update-schema-module, into extension/ (tests fail while that copy differs).

--zip writes the store packages instead (docs/store.md): no development hosts, no default
server, checked against the stores' rules (scripts/store_checks.py) before they are zipped.
"""

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The reusable part lives in the service, which builds an organisation's own packages.
from scripts.store_checks import problems  # noqa: E402
from server.rollout.package import (  # noqa: E402
    DEFAULT_SYNC_TIMEOUT_MS,
    GECKO_ID,
    SCHEMA_MODULE,
    SOURCE,
    chrome_manifest,
    config_js,
    firefox_manifest,
    schema_module,
    site_patterns,
    source_manifest,
    write_targets,
    zip_bytes,
)

TAXONOMY = REPO / "shared" / "taxonomy.json"
# Where a development guidance server runs (make run); patterns match any port.
DEVELOPMENT_HOSTS = ["http://localhost/*", "http://127.0.0.1/*"]
__all__ = [
    "DEFAULT_SYNC_TIMEOUT_MS",
    "GECKO_ID",
    "SCHEMA_MODULE",
    "build",
    "build_store",
    "schema_module",
]


class StoreRulesBroken(Exception):
    """A store package that a store would refuse; the message lists every problem."""


def host_permissions(taxonomy, development=True):
    """Every site pattern of the taxonomy, once, in order, plus (unless `development` is
    false) the development hosts."""
    extra = DEVELOPMENT_HOSTS if development else []
    return list(dict.fromkeys(site_patterns(taxonomy) + extra))


def build(out, server_url="", extra_hosts=(), sync_timeout_ms=DEFAULT_SYNC_TIMEOUT_MS):
    """Write out/chrome and out/firefox; return their paths.

    `server_url` is the default guidance server; `sync_timeout_ms` how long a check may
    take (tests shorten it); `extra_hosts` are added to host_permissions (tests use it
    for hosts a user would grant at run time, which a headless browser cannot).
    """
    config = None
    if server_url or sync_timeout_ms != DEFAULT_SYNC_TIMEOUT_MS:
        config = config_js(server_url, sync_timeout_ms)
    taxonomy_bytes = TAXONOMY.read_bytes()
    hosts = host_permissions(json.loads(taxonomy_bytes)) + list(extra_hosts)
    chrome = chrome_manifest(source_manifest(), hosts)
    targets = {"chrome": chrome, "firefox": firefox_manifest(chrome)}
    return write_targets(out, targets, taxonomy_bytes, config)


def build_store(out):
    """Write out/chrome and out/firefox as the stores take them; return their paths.

    The same extension as `build`, with the bundled guidance's site patterns as host
    permissions but not the development hosts (a guidance server is read through CORS,
    which needs none), no default server (the practitioner chooses one, or none) and the
    source's config.js. Raises StoreRulesBroken when a store would refuse either folder.
    """
    taxonomy_bytes = TAXONOMY.read_bytes()
    hosts = host_permissions(json.loads(taxonomy_bytes), development=False)
    chrome = chrome_manifest(source_manifest(), hosts)
    paths = write_targets(
        out, {"chrome": chrome, "firefox": firefox_manifest(chrome)}, taxonomy_bytes
    )
    found = [
        f"{name}: {problem}" for name, path in paths.items() for problem in problems(path, name)
    ]
    if found:
        raise StoreRulesBroken("\n".join(found))
    return paths


def zip_dir(folder, destination):
    """The folder as a zip with its manifest at the root, the same bytes for the same files."""
    Path(destination).write_bytes(zip_bytes(folder))
    return destination


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "dist"))
    parser.add_argument("--server-url", default="", help="default guidance server (dev builds)")
    parser.add_argument(
        "--sync-timeout-ms",
        type=int,
        default=DEFAULT_SYNC_TIMEOUT_MS,
        help="how long a guidance check may take (test builds)",
    )
    parser.add_argument(
        "--zip", action="store_true", help="write the store packages and their two .zip files"
    )
    parser.add_argument(
        "--update-schema-module",
        action="store_true",
        help=f"only write extension/{SCHEMA_MODULE.as_posix()} from shared/",
    )
    args = parser.parse_args(argv)
    if args.update_schema_module:
        (SOURCE / SCHEMA_MODULE).write_text(schema_module(), encoding="utf-8")
        print(f"wrote {SOURCE / SCHEMA_MODULE}")
        return 0
    if args.zip:
        if args.server_url or args.sync_timeout_ms != DEFAULT_SYNC_TIMEOUT_MS:
            parser.error("store packages have no default server and the default timeout")
        try:
            paths = build_store(args.out)
        except StoreRulesBroken as error:
            print(f"A store would refuse these packages:\n{error}", file=sys.stderr)
            return 1
    else:
        paths = build(args.out, args.server_url, sync_timeout_ms=args.sync_timeout_ms)
    for name, path in paths.items():
        print(f"{name}: {path}")
        if args.zip:
            version = json.loads((path / "manifest.json").read_text())["version"]
            archive = zip_dir(path, Path(args.out) / f"digital-practice-guide-{name}-{version}.zip")
            print(f"{name}: {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
