"""Build the extension for Chrome and Firefox from extension/ and shared/taxonomy.json.

    python scripts/build_extension.py [--out dist] [--server-url URL] [--zip]
                                      [--sync-timeout-ms MS]

    python scripts/build_extension.py --update-schema-module

The source stays the one truth: the bundled guidance is copied from
shared/taxonomy.json, host permissions are derived from its site patterns, and the
format the extension validates against (lib/taxonomy-schema.js) is written from
shared/taxonomy.schema.json and shared/taxonomy-rules.json, into every build and, with
--update-schema-module, into extension/ (tests fail while that copy differs).
"""

import argparse
import json
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The reusable part lives in the service, which builds an organisation's own packages.
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
)

TAXONOMY = REPO / "shared" / "taxonomy.json"
# Where a development guidance server runs (make run); patterns match any port.
DEVELOPMENT_HOSTS = ["http://localhost/*", "http://127.0.0.1/*"]
__all__ = ["DEFAULT_SYNC_TIMEOUT_MS", "GECKO_ID", "SCHEMA_MODULE", "build", "schema_module"]


def host_permissions(taxonomy):
    """Every site pattern of the taxonomy, once, in order, plus the development hosts."""
    return list(dict.fromkeys(site_patterns(taxonomy) + DEVELOPMENT_HOSTS))


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


def zip_dir(folder, destination):
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
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
    parser.add_argument("--zip", action="store_true", help="also write the two .zip packages")
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
