"""What the extension stores accept, checked on a built folder before it is zipped.

    problems(folder, "chrome")   # the package for the Chrome Web Store and Edge Add-ons
    problems(folder, "firefox")  # the package for addons.mozilla.org

Each rule is one the stores state (docs/store.md cites where); a folder that breaks any
of them gets one sentence per problem, so `make package` can refuse to zip it.
"""

import json
import re
from pathlib import Path

# Chrome Web Store: name at most 75 characters; Edge Add-ons 45; addons.mozilla.org 50.
# The Chrome package goes to both Chromium stores, so it is held to the shorter limit.
NAME_LIMITS = {"chrome": 45, "firefox": 50}
# Chrome's (and Firefox's) manifest description: at most 132 characters.
DESCRIPTION_LIMIT = 132
# Fields an organisation's own build adds (server/rollout) that no store package carries:
# the store names the extension and serves its updates.
NOT_IN_STORES = ("key", "update_url")
# Edge Add-ons asks that a ported extension not call itself a Chrome one.
OTHER_BROWSERS = re.compile(r"\bchrome\b", re.IGNORECASE)
# Code loaded from anywhere but the package, or built from strings.
REMOTE_CODE = [
    re.compile(r"""<script[^>]+src=["']?(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""\bimport\s*\(\s*["'`](?:https?:)?//"""),
    re.compile(r"""\bimport\s[^;]*?from\s*["'](?:https?:)?//"""),
    re.compile(r"""\bimportScripts\s*\(\s*["'`](?:https?:)?//"""),
    re.compile(r"\beval\("),
    re.compile(r"\bnew Function\("),
]
MESSAGE = re.compile(r"^__MSG_(\w+)__$")


def problems(folder, target):
    """Every store rule the built folder `folder` breaks, as sentences (none: ready)."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return ["manifest.json is not at the package's root"]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    found = []
    if manifest.get("manifest_version") != 3:
        found.append("manifest_version is not 3")
    for field in NOT_IN_STORES:
        if field in manifest:
            found.append(f"the manifest has a {field!r} field, which the stores refuse")
    found += _text_problems(folder, manifest, target)
    found += _icon_problems(folder, manifest)
    if target == "firefox":
        found += _gecko_problems(manifest)
    found += _file_problems(folder)
    return found


def localised(folder, manifest, value):
    """Each locale's text for a manifest string (`__MSG_key__` or plain), by locale."""
    match = MESSAGE.match(value or "")
    if not match:
        return {"": value or ""}
    texts = {}
    for messages in sorted((folder / "_locales").glob("*/messages.json")):
        entries = json.loads(messages.read_text(encoding="utf-8"))
        # Message names are case-insensitive in both browsers.
        by_name = {name.lower(): entry for name, entry in entries.items()}
        entry = by_name.get(match.group(1).lower())
        texts[messages.parent.name] = entry["message"] if entry else None
    return texts


def _text_problems(folder, manifest, target):
    found = []
    limits = {"name": NAME_LIMITS[target], "description": DESCRIPTION_LIMIT}
    for field, limit in limits.items():
        texts = localised(folder, manifest, manifest.get(field))
        for locale, text in texts.items():
            where = f"{field} ({locale})" if locale else field
            if not text:
                found.append(f"{where} is missing")
            elif len(text) > limit:
                found.append(f"{where} has {len(text)} characters, more than {limit}")
            elif target == "chrome" and OTHER_BROWSERS.search(text):
                found.append(f"{where} names Chrome, which Edge Add-ons refuses")
    return found


def _icon_problems(folder, manifest):
    icon = manifest.get("icons", {}).get("128")
    if not icon:
        return ["no 128x128 icon in the manifest's icons"]
    if not (folder / icon).is_file():
        return [f"the 128x128 icon {icon} is not in the package"]
    return []


def _gecko_problems(manifest):
    gecko = manifest.get("browser_specific_settings", {}).get("gecko", {})
    found = []
    if not gecko.get("id"):
        found.append("no browser_specific_settings.gecko.id (AMO needs one for Manifest V3)")
    if "data_collection_permissions" not in gecko:
        found.append("no browser_specific_settings.gecko.data_collection_permissions")
    if "update_url" in gecko:
        found.append("browser_specific_settings.gecko.update_url: AMO serves the updates")
    return found


def _file_problems(folder):
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == "tests" or any(part.startswith(".") for part in relative.parts):
            found.append(f"{relative.as_posix()} is not part of the extension")
        elif path.suffix in (".js", ".mjs", ".html"):
            text = path.read_text(encoding="utf-8")
            for pattern in REMOTE_CODE:
                if pattern.search(text):
                    found.append(f"{relative.as_posix()}: remote or string-built code")
    return found
