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
import shutil
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "extension"
TAXONOMY = REPO / "shared" / "taxonomy.json"
SCHEMA = REPO / "shared" / "taxonomy.schema.json"
RULES = REPO / "shared" / "taxonomy-rules.json"
# The extension's copy of the format, as a module (MV3 pages and the worker import it;
# JSON modules are not yet usable in every browser the extension supports).
SCHEMA_MODULE = Path("lib") / "taxonomy-schema.js"
# Where a development guidance server runs (make run); patterns match any port.
DEVELOPMENT_HOSTS = ["http://localhost/*", "http://127.0.0.1/*"]
# Not shipped: tests and their helpers.
EXCLUDE = ("tests",)
GECKO_ID = "{6b0f5a2e-3c1d-4f6a-9e57-2d8c1b4a7f30}"
# As extension/config.js sets it: how long one guidance check may take.
DEFAULT_SYNC_TIMEOUT_MS = 15_000


def host_permissions(taxonomy):
    """Every site pattern of the taxonomy, once, in order, plus the development hosts."""
    patterns = [pattern for site in taxonomy["sites"] for pattern in site["patterns"]]
    return list(dict.fromkeys(patterns + DEVELOPMENT_HOSTS))


def chrome_manifest(source_manifest, taxonomy, extra_hosts=()):
    manifest = json.loads(json.dumps(source_manifest))
    manifest["host_permissions"] = host_permissions(taxonomy) + list(extra_hosts)
    return manifest


def firefox_manifest(chrome):
    """Firefox runs MV3 background scripts as an event page, not a service worker."""
    manifest = json.loads(json.dumps(chrome))
    manifest["background"] = {"scripts": ["background.js"], "type": "module"}
    manifest.pop("minimum_chrome_version", None)
    # Firefox reads enterprise policy from policies.json, not a managed schema.
    manifest.pop("storage", None)
    # Desktop from 140 ESR (still supported, and what Debian stable ships); Android reads
    # data_collection_permissions only from 142, so it alone asks for that version.
    manifest["browser_specific_settings"] = {
        "gecko": {
            "id": GECKO_ID,
            "strict_min_version": "140.0",
            "data_collection_permissions": {"required": ["none"]},
        },
        "gecko_android": {"strict_min_version": "142.0"},
    }
    return manifest


def config_js(server_url, sync_timeout_ms):
    """extension/config.js with this build's defaults."""
    if not (isinstance(sync_timeout_ms, int) and sync_timeout_ms > 0):
        raise ValueError(f"sync_timeout_ms must be a positive integer, not {sync_timeout_ms!r}")
    return (
        "// Written by scripts/build_extension.py for this build.\n"
        f"export const DEFAULT_SERVER_URL = {json.dumps(server_url)};\n"
        f"export const SYNC_TIMEOUT_MS = {sync_timeout_ms};\n"
    )


def schema_module():
    """lib/taxonomy-schema.js: the shared JSON Schema and rules table, as a module."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    return (
        "// Written by scripts/build_extension.py from shared/taxonomy.schema.json and\n"
        "// shared/taxonomy-rules.json: do not edit (tests/test_build_extension.py fails\n"
        "// while this copy differs; `python scripts/build_extension.py\n"
        "// --update-schema-module` writes it again).\n"
        f"export const TAXONOMY_SCHEMA = {json.dumps(schema, indent=2, ensure_ascii=False)};\n"
        f"export const TAXONOMY_RULES = {json.dumps(rules, indent=2, ensure_ascii=False)};\n"
    )


def build(out, server_url="", extra_hosts=(), sync_timeout_ms=DEFAULT_SYNC_TIMEOUT_MS):
    """Write out/chrome and out/firefox; return their paths.

    `server_url` is the default guidance server; `sync_timeout_ms` how long a check may
    take (tests shorten it); `extra_hosts` are added to host_permissions (tests use it
    for hosts a user would grant at run time, which a headless browser cannot).
    """
    config = None
    if server_url or sync_timeout_ms != DEFAULT_SYNC_TIMEOUT_MS:
        config = config_js(server_url, sync_timeout_ms)
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    source_manifest = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    chrome = chrome_manifest(source_manifest, taxonomy, extra_hosts)
    targets = {"chrome": chrome, "firefox": firefox_manifest(chrome)}
    paths = {}
    for name, manifest in targets.items():
        target = Path(out) / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns(*EXCLUDE))
        (target / "data").mkdir(exist_ok=True)
        shutil.copyfile(TAXONOMY, target / "data" / "taxonomy.json")
        (target / SCHEMA_MODULE).write_text(schema_module(), encoding="utf-8")
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if config is not None:
            (target / "config.js").write_text(config)
        paths[name] = target
    return paths


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
