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
INVALID_PER_BASE = 160

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
            for change in rng.sample(BREAKING, rng.randrange(1, 3)):
                change(rng, document)
            yield f"{base_name} broken {number}", document


CASES = [("minimal", minimal_taxonomy()), ("shipped", shipped_taxonomy()), *generated()]
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
