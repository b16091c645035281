"""The extension's folders for Chrome and Firefox, written from extension/ and a taxonomy.

``scripts/build_extension.py`` (development and test builds) and the organisation's own
build (``rollout.builds``) both write their folders with ``write_targets``, so the two
cannot drift: the bundled guidance is the given taxonomy, the host permissions are its
site patterns, and the format the extension validates against (lib/taxonomy-schema.js)
is written from shared/taxonomy.schema.json and shared/taxonomy-rules.json.
"""

import io
import json
import shutil
import zipfile
from pathlib import Path

from ..config import REPO_ROOT

SOURCE = REPO_ROOT / "extension"
SCHEMA = REPO_ROOT / "shared" / "taxonomy.schema.json"
RULES = REPO_ROOT / "shared" / "taxonomy-rules.json"
# The extension's copy of the format, as a module (MV3 pages and the worker import it;
# JSON modules are not yet usable in every browser the extension supports).
SCHEMA_MODULE = Path("lib") / "taxonomy-schema.js"
# Not shipped: tests and their helpers.
EXCLUDE = ("tests",)
# The development builds' add-on id; an organisation's build has one from its key.
GECKO_ID = "{6b0f5a2e-3c1d-4f6a-9e57-2d8c1b4a7f30}"
# As extension/config.js sets it: how long one guidance check may take.
DEFAULT_SYNC_TIMEOUT_MS = 15_000


def site_patterns(taxonomy):
    """Every site pattern of the taxonomy, once, in order."""
    patterns = [pattern for site in taxonomy["sites"] for pattern in site["patterns"]]
    return list(dict.fromkeys(patterns))


def chrome_manifest(source_manifest, hosts, *, version=None, key=None, update_url=None):
    """The Chrome manifest: ``hosts`` as host permissions, and for an organisation's build
    its version, public key (which pins the id for unpacked loads too) and update URL
    (without one Chromium never looks for an update of an extension from outside its
    store, even one a policy installed from that very address)."""
    manifest = json.loads(json.dumps(source_manifest))
    manifest["host_permissions"] = list(dict.fromkeys(hosts))
    if version is not None:
        manifest["version"] = version
    if key is not None:
        manifest["key"] = key
    if update_url is not None:
        manifest["update_url"] = update_url
    return manifest


def firefox_manifest(chrome, *, gecko_id=GECKO_ID, update_url=None):
    """Firefox runs MV3 background scripts as an event page, not a service worker."""
    manifest = json.loads(json.dumps(chrome))
    manifest["background"] = {"scripts": ["background.js"], "type": "module"}
    manifest.pop("minimum_chrome_version", None)
    # Firefox reads enterprise policy from policies.json, not a managed schema, and
    # knows the add-on by its gecko id, not by a key.
    manifest.pop("storage", None)
    manifest.pop("key", None)
    manifest.pop("update_url", None)
    # Desktop from 140 ESR (still supported, and what Debian stable ships); Android reads
    # data_collection_permissions only from 142, so it alone asks for that version.
    gecko = {
        "id": gecko_id,
        "strict_min_version": "140.0",
        "data_collection_permissions": {"required": ["none"]},
    }
    if update_url:
        gecko["update_url"] = update_url
    manifest["browser_specific_settings"] = {
        "gecko": gecko,
        "gecko_android": {"strict_min_version": "142.0"},
    }
    return manifest


def config_js(server_url, sync_timeout_ms):
    """extension/config.js with this build's defaults."""
    if not (isinstance(sync_timeout_ms, int) and sync_timeout_ms > 0):
        raise ValueError(f"sync_timeout_ms must be a positive integer, not {sync_timeout_ms!r}")
    return (
        "// Written by the build (server/rollout/package.py) for this build.\n"
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


def source_manifest():
    return json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))


def write_targets(out, manifests, taxonomy_bytes, config=None):
    """Write one folder per ``{name: manifest}`` under ``out``; return their paths.

    Each folder is extension/ without its tests, with ``taxonomy_bytes`` as the bundled
    guidance, the shared format module and, when given, ``config`` as config.js.
    """
    paths = {}
    for name, manifest in manifests.items():
        target = Path(out) / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns(*EXCLUDE))
        (target / "data").mkdir(exist_ok=True)
        (target / "data" / "taxonomy.json").write_bytes(taxonomy_bytes)
        (target / SCHEMA_MODULE).write_text(schema_module(), encoding="utf-8")
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if config is not None:
            (target / "config.js").write_text(config)
        paths[name] = target
    return paths


# Zip entries get one fixed time, so the same folder always gives the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def zip_bytes(folder):
    """The folder as a zip archive (the body of a CRX, or an .xpi), in a stable order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
