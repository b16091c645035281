"""Every UI string the extension can ask chrome.i18n for exists in _locales/en.

Keys are found where the code names them: literal keys in `getMessage(...)` and `t(...)`
calls (a ternary or `??` between literal keys too), the values of constants named
`*_KEYS` (keys chosen through a variable live in those), the error keys the pure modules
return, `data-i18n*` attributes in the pages and `__MSG_*__` in the manifest. A call
whose key the scan cannot see fails the test, so no key can hide in a variable.
"""

import json
import re
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "extension"
MESSAGES = json.loads((EXTENSION / "_locales" / "en" / "messages.json").read_text())
TAXONOMY = json.loads((EXTENSION.parent / "shared" / "taxonomy.json").read_text())

KEY = r"[A-Za-z_][A-Za-z0-9_]*"
LITERAL = rf"""(?:"{KEY}"|'{KEY}')"""
CALL = re.compile(r"(?:\bgetMessage|(?<![\w.$])t)\(")
CONSTANT = re.compile(r"\bconst ([A-Z][A-Z0-9_]*_KEYS) = Object\.freeze\(")
STRING = re.compile(rf"""["']({KEY})["'](?!\s*:)""")
ERROR_KEYS = re.compile(r"""["'](error[A-Z][A-Za-z]*)["']""")
HTML_KEYS = re.compile(rf"""\bdata-i18n(?:-[a-z-]+)?="({KEY})\"""")
MANIFEST_KEYS = re.compile(r"__MSG_([A-Za-z0-9_]+)__")
# The first argument of a call, when the scan can read its key(s).
VISIBLE_FORMS = [
    re.compile(rf"^{LITERAL}$"),
    re.compile(rf"^[^\"'?]+\?\s*{LITERAL}\s*:\s*{LITERAL}$"),
    re.compile(rf"^[A-Z][A-Z0-9_]*_KEYS\[[^\]]+\](?:\s*\?\?\s*{LITERAL})?$"),
]
# Calls that pass on a key named elsewhere, and where that key is checked.
PASSED_ON = {
    # The translators themselves.
    ("ui/dom.js", "key"),
    # Keys from the pages' data-i18n attributes (HTML_KEYS).
    ("ui/page-text.js", "node.getAttribute(attribute)"),
    # Error keys from lib/prefs.js (ERROR_KEYS), or the worker's own sentences.
    ("options/options.js", "value"),
    ("welcome/welcome.js", "server.error"),
    ("lib/router.js", "server.error"),
    ("lib/router.js", "key"),
}


def sources():
    for path in sorted(EXTENSION.rglob("*.js")):
        if "tests" not in path.relative_to(EXTENSION).parts:
            yield path.relative_to(EXTENSION).as_posix(), path.read_text(encoding="utf-8")


def balanced(text, start):
    """The text from `start` (just after an opening bracket) to its closing bracket."""
    depth, index, quote = 1, start, None
    while depth:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        index += 1
    return text[start : index - 1]


def first_argument(arguments):
    depth = 0
    for index, char in enumerate(arguments):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            return arguments[:index].strip()
    return arguments.strip()


def calls():
    """(file, first argument) of every getMessage(...) and t(...) call."""
    for name, text in sources():
        for match in CALL.finditer(text):
            if re.search(r"function\s*$", text[: match.start()]):
                continue  # a definition: function t(key, substitutions)
            yield name, first_argument(balanced(text, match.end()))


def used_keys():
    keys = set()
    for name, argument in calls():
        if (name, argument) not in PASSED_ON:
            keys |= set(re.findall(KEY, " ".join(re.findall(LITERAL, argument))))
    for _, text in sources():
        keys |= set(ERROR_KEYS.findall(text))
        for match in CONSTANT.finditer(text):
            keys |= set(STRING.findall(balanced(text, match.end())))
    for page in EXTENSION.rglob("*.html"):
        keys |= set(HTML_KEYS.findall(page.read_text(encoding="utf-8")))
    keys |= set(MANIFEST_KEYS.findall((EXTENSION / "manifest.json").read_text()))
    return keys


def test_every_used_string_is_defined():
    keys = used_keys()
    assert len(keys) > 150, "the scan found too few keys to mean anything"
    assert sorted(keys - set(MESSAGES)) == []


def test_every_key_is_named_where_the_scan_sees_it():
    hidden = [
        f"{name}: {argument}"
        for name, argument in calls()
        if (name, argument) not in PASSED_ON
        and not any(form.match(argument) for form in VISIBLE_FORMS)
    ]
    assert hidden == [], "name these keys literally or in a *_KEYS constant"


def test_the_passed_on_keys_are_still_there():
    assert PASSED_ON <= set(calls()), "remove what no longer occurs from PASSED_ON"


@pytest.mark.parametrize(
    ("argument", "visible"),
    [
        ('"gotItLabel"', True),
        ('busy ? "popupChecking" : "popupCheckNow"', True),
        ('MODE_KEYS[mode] ?? "modeBoth"', True),
        ("SEVERITY_KEYS[severity]", True),
        ("key", False),
        ("`badge_${id}`", False),
        ('options.heading ?? "cautionsHeading"', False),
    ],
)
def test_the_scan_knows_what_it_can_read(argument, visible):
    assert any(form.match(argument) for form in VISIBLE_FORMS) is visible


def test_the_scan_reads_keys_constants():
    text = 'const X_KEYS = Object.freeze({ a: "aKey", "b-c": "bKey", d: [1, "dKey"] });'
    match = CONSTANT.search(text)
    assert set(STRING.findall(balanced(text, match.end()))) == {"aKey", "bKey", "dKey"}


def test_every_shipped_category_has_a_badge():
    badges = {key for key in MESSAGES if key.startswith("badge_")}
    wanted = {f"badge_{category['id'].replace('-', '_')}" for category in TAXONOMY["categories"]}
    assert wanted <= badges
    assert wanted <= used_keys(), "lib/tabs.js BADGE_KEYS misses a category"


def test_every_string_has_a_description_for_translators():
    assert [key for key, entry in MESSAGES.items() if not entry.get("description")] == []
