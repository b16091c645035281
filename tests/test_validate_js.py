"""extension/lib/validate.js against server/taxonomy/schemas.py: same documents, same problems.

Every invalid sample of tests/test_schemas.py (plus a few more awkward ones) goes to one
node process; JavaScript must report the same problems, at the same paths, as Python.
"""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.taxonomy.document import TaxonomyInvalid, validate_document
from tests.samples import minimal_taxonomy
from tests.test_schemas import BROKEN_REFERENCES, INVALID_FIELDS, set_path

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "extension" / "tests" / "validate-cli.mjs"
SHIPPED_TAXONOMY = ROOT / "shared" / "taxonomy.json"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def changed(path, value):
    document = minimal_taxonomy()
    set_path(document, path, value)
    return document


def changed_by(change):
    document = minimal_taxonomy()
    change(document)
    return document


def several_problems(document):
    document["sites"][0]["patterns"] = ["https://zoom.us:8080/*"]
    document["references"][0]["url"] = "ftp://example.org/"
    document["categories"][4]["name"] = ""


def missing_members(document):
    del document["sites"]
    del document["categories"][0]["summary"]


# Beyond test_schemas.py: shapes and values where two implementations could drift apart.
# (description, path to change, new value)
AWKWARD_FIELDS = [
    ("meta is null", ("meta",), None),
    ("meta is a list", ("meta",), [1]),
    ("group is a number", ("groups", 0), 5),
    ("texts of the wrong kinds", ("categories", 0, "benefits"), ["", 5, None]),
    ("id of the wrong type among ids", ("categories", 0, "cautions"), [5, "nope"]),
    ("ids as an object", ("categories", 0, "cautions"), {"a": 1}),
    ("Python whitespace stripped", ("groups", 0, "name"), "\x1c\x85 Work \u3000"),
    ("BOM is not whitespace in Python", ("groups", 0, "name"), "\ufeff"),
    ("length in code points", ("jurisdictions", 0, "name"), "\U0001f600" * 80),
    ("too long in code points", ("jurisdictions", 0, "name"), "\U0001f600" * 81),
    ("NFC before counting", ("jurisdictions", 0, "name"), "e\u0301" * 80),
    ("tab inside text is fine", ("groups", 0, "description"), "One\ttwo"),
    ("empty id", ("jurisdictions", 0, "id"), ""),
    ("upper-case id", ("jurisdictions", 1, "id"), "US"),
    ("language with region", ("meta", "language"), "zh-Hant-TW"),
    ("bad language", ("meta", "language"), "english"),
    ("week date", ("meta", "reviewed"), "2026-W03-4"),
    ("basic date", ("meta", "next_review"), "20270115"),
    ("impossible date", ("meta", "reviewed"), "2026-02-30"),
    ("53rd week of a short year", ("meta", "reviewed"), "2025-W53"),
    ("same review dates", ("meta", "next_review"), "2026-01-15"),
    ("date as a number", ("meta", "reviewed"), 20260115),
    ("year as a float", ("references", 0, "year"), 2020.5),
    ("year as a boolean", ("references", 0, "year"), True),
    ("year out of range", ("references", 0, "year"), 1899),
    ("schema version as a boolean", ("schema_version",), True),
    ("upper-case scheme", ("references", 0, "url"), "HTTPS://example.org/"),
    ("url without a TLD", ("references", 0, "url"), "https://intranet/guide"),
    ("url with localhost", ("references", 0, "url"), "https://localhost/guide"),
    ("url with an IP and port", ("references", 0, "url"), "https://192.0.2.1:8443/x"),
    ("url with credentials", ("references", 0, "url"), "https://user:pw@example.org/x"),
    ("url with a space", ("references", 0, "url"), "https://example.org/a b"),
    ("url with Unicode host", ("references", 0, "url"), "https://bücher.example/"),
    ("url too long", ("references", 0, "url"), "https://example.org/" + "a" * 2000),
    ("relative url", ("references", 0, "url"), "/guidance"),
    ("pattern with whitespace", ("sites", 0, "patterns", 0), " https://zoom.us/*"),
    ("pattern matching every host", ("sites", 0, "patterns", 0), "*://*/*"),
    ("pattern for an IPv6 host", ("sites", 1, "patterns", 0), "https://[::1]/*"),
    ("pattern not a string", ("sites", 1, "patterns", 0), 7),
    ("too many patterns", ("sites", 1, "patterns"), ["https://mail.google.com/*"] * 51),
    ("too many cautions on a site", ("sites", 0, "cautions"), ["zoom-ai"] * 11),
    ("caution jurisdictions null", ("cautions", 1, "jurisdictions"), None),
    ("unknown field in meta", ("meta", "colour"), "red"),
    ("unknown field named _schema", ("meta", "_schema"), 1),
    ("no sites at all", ("sites",), []),
    ("no cautions at all", ("cautions",), []),
    ("sections of the wrong type", ("groups",), "groups"),
]


def cases():
    """(id, document, a path Python reports, or None where there is none to name)."""
    yield VALID[0], minimal_taxonomy(), None
    yield VALID[1], json.loads(SHIPPED_TAXONOMY.read_text(encoding="utf-8")), None
    for description, path, value, where, _words in INVALID_FIELDS:
        yield description, changed(path, value), where
    for description, change, where, _words in BROKEN_REFERENCES:
        yield description, changed_by(change), where
    yield "every problem at once", changed_by(several_problems), "references[0].url"
    yield "missing members", changed_by(missing_members), "categories[0].summary"
    for description, path, value in AWKWARD_FIELDS:
        yield f"awkward: {description}", changed(path, value), None
    yield "not an object", ["not", "an", "object"], ""
    repeated = ["general-privacy", "nope", "general-privacy"]
    yield (
        "a list with an unknown and a repeated id",
        changed(("categories", 0, "cautions"), repeated),
        "categories[0].cautions",
    )
    yield "an id with a trailing newline", changed(("jurisdictions", 0, "id"), "uk\n"), None


VALID = ("minimal taxonomy", "shared/taxonomy.json")
CASES = list(cases())


def python_problems(document):
    try:
        validate_document(copy.deepcopy(document))
    except TaxonomyInvalid as exc:
        return [[problem.path, problem.message] for problem in exc.problems]
    return []


@pytest.fixture(scope="module")
def node_results():
    """What validate.js says about every case, from a single node process."""
    result = subprocess.run(
        [NODE, str(CLI)],
        input=json.dumps([document for _id, document, _where in CASES]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    )
    results = json.loads(result.stdout)
    assert len(results) == len(CASES)
    return results


@pytest.mark.parametrize(
    ("index", "where"),
    [pytest.param(index, where, id=case_id) for index, (case_id, _doc, where) in enumerate(CASES)],
)
def test_javascript_reports_what_python_reports(node_results, index, where):
    document = CASES[index][1]
    expected = python_problems(document)
    js = node_results[index]
    got = [[problem["path"], problem["message"]] for problem in js.get("problems", [])]
    assert js["ok"] is (not expected)
    if where is not None:
        assert where in {path for path, _message in expected}, expected
        assert where in {path for path, _message in got}, got
    assert got == expected


def test_both_accept_the_valid_documents(node_results):
    for index, (case_id, document, _where) in enumerate(CASES):
        if case_id in VALID:
            assert python_problems(document) == []
            assert node_results[index] == {"ok": True}
