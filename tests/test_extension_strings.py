"""Every UI string the extension asks chrome.i18n for exists in _locales/en."""

import json
import re
from pathlib import Path

EXTENSION = Path(__file__).resolve().parent.parent / "extension"
MESSAGES = json.loads((EXTENSION / "_locales" / "en" / "messages.json").read_text())
# getMessage("key"), t("key") in the pages, and the error keys the pure modules return.
USES = re.compile(r"""(?:getMessage|\bt)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""")
ERROR_KEYS = re.compile(r"""["'](error[A-Z][A-Za-z]*)["']""")
MANIFEST_KEYS = re.compile(r"__MSG_([A-Za-z0-9_]+)__")


def used_keys():
    keys = set()
    for path in EXTENSION.rglob("*.js"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        keys |= set(USES.findall(text)) | set(ERROR_KEYS.findall(text))
    keys |= set(MANIFEST_KEYS.findall((EXTENSION / "manifest.json").read_text()))
    return keys


def test_every_used_string_is_defined():
    keys = used_keys()
    assert len(keys) > 50, "the scan found too few keys to mean anything"
    assert sorted(keys - set(MESSAGES)) == []


def test_every_string_has_a_description_for_translators():
    assert [key for key, entry in MESSAGES.items() if not entry.get("description")] == []
