"""extension/lib/validate.js against the service's validator: same verdict, same paths.

Many format 2 documents, made from the shipped guidance and the shared cases' base by
changes chosen with a fixed seed, go to one node process. For each, JavaScript must give
Python's verdict and report problems at exactly Python's paths (the messages are each
side's own). Most generated documents are valid on purpose: the extension must never
refuse what the service accepts.
"""

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from server.taxonomy.document import TaxonomyInvalid, validate_document
from tests.samples import minimal_taxonomy, shipped_taxonomy

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "extension" / "tests" / "validate-cli.mjs"
NODE = shutil.which("node")
SEED = 20261203
VALID_PER_BASE = 120
INVALID_PER_BASE = 200

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# Texts and values where two implementations could drift apart.
TEXTS = [
    "Plain words.",
    "One\ttwo",
    "Line one\nline two",
    "\U0001f600" * 60,
    "e\u0301" * 60,
    "Ünïcödé text",
    "word " * 11 + "word",
    "x",
]
BAD_TEXTS = [
    "",
    "   ",
    " leading",
    "trailing ",
    "trailing\n",
    "\ufeffBOM",
    "nbsp\u00a0",
    "ctrl\x00",
    "bell\x07",
    "\x1c\x85 Work \u3000",
    "\U0001f600" * 601,
    "e\u0301" * 601,
    "x" * 601,
]
IDS = ["a", "a-b", "a1-2b", "x" * 64]
BAD_IDS = ["", "A", "a_b", "a--b", "-a", "a-", "a b", "a\n", "x" * 65, "ü"]
DATES = ["2026-01-15", "20260115", "2026-W03-4", "2026-W03", "2028-02-29"]
BAD_DATES = ["2026-02-30", "2025-W53", "2026-1-15", "15/01/2026", "", "2026-01-15T00:00"]
URLS = ["https://example.org/", "https://a.example/x?y=1#z", "https://bücher.example/"]
BAD_URLS = [
    "http://example.org/",
    "HTTPS://example.org/",
    "https://intranet/guide",
    "https://localhost/guide",
    "https://example.org/a b",
    "/guidance",
    "https://example.org/" + "a" * 2000,
]
PATTERNS = ["https://example.org/*", "*://*.example.org/*", "https://a.example/path*"]
BAD_PATTERNS = ["<all_urls>", "https://*.com/*", "*://*/*", "https://zoom.us", " https://x.org/*"]
ODD_VALUES = [None, True, 0, 1.5, 2020.5, 1899, 2101, [], {}, [1], {"a": 1}, "text", 7]


def python_paths(document):
    """Python's verdict as the sorted paths of its problems ([] when valid)."""
    try:
        validate_document(copy.deepcopy(document))
    except TaxonomyInvalid as exc:
        return sorted({problem.path for problem in exc.problems})
    return []


def places(node, path=()):
    """Every (path, value) in a document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, (*path, index))


def at(document, path):
    node = document
    for key in path:
        node = node[key]
    return node


def ids_of(document, section):
    return [item["id"] for item in document.get(section, [])]


# --- Changes that keep a document valid ------------------------------------------------------


def new_text(rng, document):
    """Another plain text where one was (within the field's limits: the short ones)."""
    path, value = rng.choice(
        [
            (path, value)
            for path, value in places(document)
            if isinstance(value, str) and path and path[-1] in ("detail", "summary", "notice")
        ]
    )
    at(document, path[:-1])[path[-1]] = rng.choice(TEXTS[:6])


def a_region(rng, document):
    country = rng.choice(document["jurisdictions"])
    region = f"{country['id']}-r{rng.randrange(100)}"
    if region in ids_of(document, "jurisdictions"):
        return
    document["jurisdictions"].append({"id": region, "name": "A region", "parent": country["id"]})
    rng.choice(document["cautions"])["jurisdictions"] = [region]


def a_profile(rng, document):
    profile = f"profile-{rng.randrange(1000)}"
    if profile in ids_of(document, "profiles"):
        return
    entry = {"id": profile, "question": "Is this so?"}
    if rng.random() < 0.5:
        entry["help"] = "Some help."
    document["profiles"].append(entry)
    rng.choice(document["cautions"])["applies_if"] = [profile]


def some_uses(rng, document):
    site = rng.choice(document["sites"])
    categories = ids_of(document, "categories")
    site["uses"] = [
        {"id": f"use-{n}", "label": f"Use {n}", "categories": rng.sample(categories, n % 3)}
        for n in range(rng.randrange(0, 7))
    ]


def another_stage(rng, document):
    stages = ["choosing", "before", "during", "after", "anytime"]
    rng.choice(document["cautions"])["stage"] = rng.sample(stages, rng.randrange(1, 6))


def a_binding_must(rng, document):
    caution = rng.choice(document["cautions"])
    caution["force"] = "must"
    caution["basis"] = rng.choice(["law", "regulator", "professional-code"])


def a_citation(rng, document):
    caution = rng.choice(document["cautions"])
    reference = rng.choice(ids_of(document, "references"))
    caution["references"] = [{"ref": reference, "section": rng.choice(["H.2.a", "§ 4", "1"])}]


def accessed_not_year(rng, document):
    reference = rng.choice(document["references"])
    reference.pop("year", None)
    reference["accessed"] = rng.choice(DATES)


def review_by(rng, document):
    caution = rng.choice(document["cautions"])
    caution["reviewed"] = "2026-01-15"
    caution["review_by"] = rng.choice(["2026-01-16", "2027-01-15", "20270115"])


def emergency(rng, document):
    rng.choice(document["jurisdictions"])["emergency"] = [
        {
            "name": "Emergency services",
            "number": rng.choice(["999", "+44 20 7946 0000"]),
            "when": "Immediate danger.",
        }
    ] * rng.randrange(0, 9)


def a_site(rng, document):
    document["sites"].append(
        {
            "id": f"site-{rng.randrange(10_000)}",
            "name": "A site",
            "patterns": rng.sample(PATTERNS, rng.randrange(1, 4)),
            "categories": rng.sample(ids_of(document, "categories"), rng.randrange(1, 4)),
        }
    )


def an_exclude(rng, document):
    """An exclude under one of the site's own hosts (its pricing page, say)."""
    site = rng.choice(document["sites"])
    host = site["patterns"][0].split("://", 1)[1].split("/", 1)[0].removeprefix("*.")
    site["exclude"] = [f"https://{host}/pricing*", f"*://{host}/blog/*"][: rng.randrange(1, 3)]


def words_at_the_limit(rng, document):
    caution = rng.choice(document["cautions"])
    caution["headline"] = " ".join(["word"] * 12)
    caution["action"] = "\n".join(["do"] * 30)


KEEPING = [
    new_text,
    a_region,
    a_profile,
    some_uses,
    another_stage,
    a_binding_must,
    a_citation,
    accessed_not_year,
    review_by,
    emergency,
    a_site,
    an_exclude,
    words_at_the_limit,
]


# --- Changes that may break it --------------------------------------------------------------


def replace_anything(rng, document):
    path, value = rng.choice([place for place in places(document) if place[0]])
    if isinstance(value, str):
        pool = BAD_TEXTS + BAD_IDS + BAD_DATES + BAD_URLS + BAD_PATTERNS + IDS + DATES + URLS
    else:
        pool = ODD_VALUES
    at(document, path[:-1])[path[-1]] = copy.deepcopy(rng.choice(pool))


def delete_anything(rng, document):
    path, _value = rng.choice([place for place in places(document) if place[0]])
    parent = at(document, path[:-1])
    del parent[path[-1]]


def unknown_field(rng, document):
    path, _value = rng.choice([place for place in places(document) if isinstance(place[1], dict)])
    at(document, path)[rng.choice(["extra", "_schema", "0", ""])] = 1


def repeat_an_item(rng, document):
    path, value = rng.choice(
        [place for place in places(document) if isinstance(place[1], list) and place[1]]
    )
    value.append(copy.deepcopy(rng.choice(value)))


def unknown_id(rng, document):
    path, _value = rng.choice(
        [
            place
            for place in places(document)
            if isinstance(place[1], str)
            and len(place[0]) >= 3
            and place[0][-2] in ("cautions", "references", "groups", "categories", "applies_if")
        ]
        or [((), None)]
    )
    if path:
        at(document, path[:-1])[path[-1]] = "no-such-thing"


def a_loop(rng, document):
    first, second = document["jurisdictions"][:2]
    first["parent"], second["parent"] = second["id"], first["id"]


def an_exclude_elsewhere(rng, document):
    """An exclude on a host the site's patterns may or may not cover."""
    site = rng.choice(document["sites"])
    site["exclude"] = [rng.choice(PATTERNS + BAD_PATTERNS + ["https://sub.example.org/x*"])]


def a_wordy_headline(rng, document):
    rng.choice(document["cautions"])["headline"] = " ".join(["word"] * rng.choice([13, 20]))


BREAKING = [
    replace_anything,
    replace_anything,
    delete_anything,
    unknown_field,
    repeat_an_item,
    unknown_id,
    a_loop,
    a_wordy_headline,
    an_exclude_elsewhere,
]


def changed(path, value):
    document = minimal_taxonomy()
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return document


GOOD_PATTERN = "https://mail.google.com/*"
# Values at the edges where two implementations could drift apart: (name, path, value).
AWKWARD = [
    ("meta is null", ("meta",), None),
    ("meta is a list", ("meta",), [1]),
    ("group is a number", ("groups", 0), 5),
    ("texts of the wrong kinds", ("categories", 0, "benefits"), ["", 5, None]),
    ("id of the wrong type among ids", ("categories", 0, "cautions"), [5, "nope"]),
    ("ids as an object", ("categories", 0, "cautions"), {"a": 1}),
    ("ids as one string", ("categories", 0, "cautions"), "general-privacy"),
    ("Python whitespace at the ends", ("groups", 0, "name"), "\x1c\x85 Work \u3000"),
    ("a BOM alone", ("groups", 0, "name"), "\ufeff"),
    ("length in code points", ("jurisdictions", 0, "name"), "\U0001f600" * 80),
    ("too long in code points", ("jurisdictions", 0, "name"), "\U0001f600" * 81),
    ("NFC before counting", ("jurisdictions", 0, "name"), "e\u0301" * 80),
    ("NFC, and still too long", ("jurisdictions", 0, "name"), "e\u0301" * 81),
    ("words counted after NFC", ("cautions", 0, "headline"), " ".join(["e\u0301"] * 12)),
    ("words split by a no-break space", ("cautions", 0, "headline"), "\u00a0".join("w" * 13)),
    ("words split by a tab", ("cautions", 0, "action"), "\t".join("w" * 30)),
    ("a headline of 100 characters", ("cautions", 0, "headline"), "w" * 100),
    ("a headline of 101 characters", ("cautions", 0, "headline"), "w" * 101),
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
    ("too many patterns", ("sites", 1, "patterns"), [GOOD_PATTERN] * 51),
    ("too many patterns, one bad", ("sites", 1, "patterns"), ["<all_urls>"] + [GOOD_PATTERN] * 50),
    ("too many stages, one unknown", ("cautions", 0, "stage"), ["someday"] + ["before"] * 5),
    ("a stage twice, one unknown", ("cautions", 0, "stage"), ["before", "before", "x"]),
    ("too many cautions on a site", ("sites", 0, "cautions"), ["zoom-ai"] * 11),
    ("caution jurisdictions null", ("cautions", 1, "jurisdictions"), None),
    ("citation as a list", ("cautions", 0, "references"), [["ref-one"]]),
    ("citation with a bad ref", ("cautions", 0, "references"), [{"ref": "No", "section": "1"}]),
    ("citation section blank", ("cautions", 0, "references"), [{"ref": "ref-one", "section": ""}]),
    ("citations too many, one bad", ("cautions", 0, "references"), [7] + ["ref-one"] * 10),
    ("a must with no basis", ("cautions", 0), {"force": "must"}),
    ("force must and basis wrong type", ("cautions", 0, "basis"), 5),
    ("uses not a list", ("sites", 0, "uses"), {"a": 1}),
    (
        "uses too many, one bad",
        ("sites", 0, "uses"),
        [5] + [{"id": "a", "label": "A", "categories": []}] * 6,
    ),
    (
        "uses with repeated ids",
        ("sites", 0, "uses"),
        [{"id": "a", "label": "A", "categories": []}] * 2,
    ),
    (
        "emergency too many, one bad",
        ("jurisdictions", 0, "emergency"),
        [{"name": "P", "number": "x", "when": "w"}]
        + [{"name": "P", "number": "999", "when": "w"}] * 8,
    ),
    ("a parent of its own", ("jurisdictions", 0, "parent"), "uk"),
    ("a parent not a string", ("jurisdictions", 0, "parent"), 5),
    ("unknown field in meta", ("meta", "colour"), "red"),
    ("unknown field named _schema", ("meta", "_schema"), 1),
    ("no sites at all", ("sites",), []),
    ("no cautions at all", ("cautions",), []),
    ("sections of the wrong type", ("groups",), "groups"),
    ("profiles null", ("profiles",), None),
]


def generated():
    """(name, document) pairs: valid-leaning and breaking changes to each base."""
    rng = random.Random(SEED)
    bases = {"minimal": minimal_taxonomy(), "shipped": shipped_taxonomy()}
    for base_name, base in bases.items():
        for number in range(VALID_PER_BASE):
            document = copy.deepcopy(base)
            changes = rng.sample(KEEPING, rng.randrange(1, 4))
            for change in changes:
                change(rng, document)
            yield f"{base_name} kept {number}", document
        for number in range(INVALID_PER_BASE):
            document = copy.deepcopy(base)
            # Format 2's parts first (regions, profiles, uses, citations...), to break too.
            for change in rng.sample(KEEPING, rng.randrange(0, 3)):
                change(rng, document)
            for change in rng.sample(BREAKING, rng.randrange(1, 3)):
                change(rng, document)
            yield f"{base_name} broken {number}", document


CASES = [
    ("minimal", minimal_taxonomy()),
    ("shipped", shipped_taxonomy()),
    *[(f"awkward: {name}", changed(path, value)) for name, path, value in AWKWARD],
    *generated(),
]
CASES.append(("not an object", ["not", "an", "object"]))


@pytest.fixture(scope="module")
def results():
    """(Python's paths, JavaScript's result) for every case; one node process for all."""
    run = subprocess.run(
        [NODE, str(CLI)],
        input=json.dumps([document for _name, document in CASES]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    )
    javascript = json.loads(run.stdout)
    assert len(javascript) == len(CASES)
    return [
        (python_paths(document), js)
        for (_name, document), js in zip(CASES, javascript, strict=True)
    ]


def test_same_verdict_and_paths(results):
    differences = []
    for (name, _document), (python, js) in zip(CASES, results, strict=True):
        js_paths = sorted({problem["path"] for problem in js.get("problems", [])})
        if js["ok"] is not (not python) or js_paths != python:
            differences.append((name, python, js_paths))
    assert differences == []


def test_enough_of_both_kinds(results):
    """The generator must keep producing valid documents (and invalid ones)."""
    valid = sum(1 for python, _js in results if not python)
    assert valid >= VALID_PER_BASE
    assert len(results) - valid >= INVALID_PER_BASE


def test_the_extension_never_refuses_what_the_service_accepts(results):
    refused = [
        name
        for (name, _d), (python, js) in zip(CASES, results, strict=True)
        if not python and not js["ok"]
    ]
    assert refused == []
