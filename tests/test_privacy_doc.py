"""docs/privacy.md names every storage key, preference, policy setting and permission the
extension has, so the page cannot quietly fall behind the code.

The names are read from where they are defined: the manifest, lib/storage.js (the local
defaults, the per-tab session prefixes, the policy copy), lib/tabs.js's session keys,
lib/prefs.js's defaults, the managed schema, and the storage table of
docs/extension-architecture.md. Each must appear in docs/privacy.md in backticks.
"""

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXTENSION = REPO / "extension"
PRIVACY = (REPO / "docs" / "privacy.md").read_text(encoding="utf-8")
MANIFEST = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))


def source(relative):
    return (EXTENSION / relative).read_text(encoding="utf-8")


def object_keys(text, constant):
    """The top-level keys of `const CONSTANT = Object.freeze({ ... });` in JavaScript."""
    body = re.search(rf"const {constant} = Object\.freeze\(\{{(.*?)\n\}}\);", text, re.S)
    assert body, f"{constant} not found"
    return re.findall(r"^  (\w+):", body.group(1), re.M)


def storage_keys():
    storage = source("lib/storage.js")
    keys = object_keys(storage, "LOCAL_DEFAULTS")
    keys += re.findall(r'_KEY_PREFIX = "(\w+:)"', storage)
    keys += re.findall(r"storage\.local\.(?:get|set)\(\{ (\w+):", storage)
    keys += re.findall(r"storage\.sync\.(?:get|set)\(\{ (\w+)", storage)
    for module in sorted((EXTENSION / "lib").glob("*.js")):
        keys += re.findall(r'(?:get|update|set)Session\("(\w+)"', module.read_text())
    return sorted(set(keys))


def architecture_keys():
    table = (REPO / "docs" / "extension-architecture.md").read_text(encoding="utf-8")
    keys = re.findall(r"^\| `(?:sync|local|session)` \| `([\w:]+?)(?:<\w+>)?` \|", table, re.M)
    return sorted(set(keys))


def pref_names():
    return object_keys(source("lib/prefs.js"), "DEFAULT_PREFS")


def policy_names():
    return sorted(json.loads(source("managed_schema.json"))["properties"])


def permissions():
    names = list(MANIFEST["permissions"]) + ["host_permissions", "optional_host_permissions"]
    return names + list(MANIFEST["optional_host_permissions"])


def named(name):
    """Whether the page names it in backticks (a key prefix such as `tab:` may go on)."""
    return f"`{name}`" in PRIVACY or (name.endswith(":") and f"`{name}" in PRIVACY)


NAMES = [
    *(("storage", key) for key in storage_keys()),
    *(("architecture table", key) for key in architecture_keys()),
    *(("preference", name) for name in pref_names()),
    *(("policy", name) for name in policy_names()),
    *(("permission", name) for name in permissions()),
]


def test_the_sources_were_read():
    """A change of form in the code must not leave nothing to check."""
    keys = storage_keys()
    assert {"guidance", "seen", "managedCopy", "prefs", "tab:", "sessionSeen"} <= set(keys)
    assert "cardCorners" in architecture_keys() and "tab:" in architecture_keys()
    assert "serverUrl" in pref_names() and "checkHours" in policy_names()
    assert "storage" in permissions()


@pytest.mark.parametrize(("where", "name"), NAMES)
def test_privacy_page_names_it(where, name):
    assert named(name), f"docs/privacy.md does not name the {where} `{name}`"


def test_privacy_page_names_only_permissions_the_manifest_asks_for():
    table = PRIVACY.split("## Permissions", 1)[1]
    asked = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert asked and set(asked) <= set(MANIFEST["permissions"])


def test_privacy_page_states_the_server_log_format():
    from server.serve import ACCESS_LOG_FORMAT

    assert "ACCESS_LOG_FORMAT" in PRIVACY
    # Each field the format logs is one the page lists.
    fields = {"%(h)s": "client address", "%(t)s": "time", '"%(r)s"': "request line"}
    fields |= {"%(a)s": "User-Agent", '"%(f)s"': "Referer", "%(M)s": "how long"}
    for token, words in fields.items():
        assert token in ACCESS_LOG_FORMAT and words in PRIVACY, token
