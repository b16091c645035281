"""Validation of taxonomy documents: every problem reported, with its path."""

import json

import pytest

from server.taxonomy.document import TaxonomyInvalid, parse_document, validate_document
from server.taxonomy.schemas import MAX_DOCUMENT_BYTES
from tests.samples import minimal_taxonomy


def problems_of(document):
    with pytest.raises(TaxonomyInvalid) as info:
        validate_document(document)
    return {problem.path: problem.message for problem in info.value.problems}


def test_minimal_document_is_valid(taxonomy):
    assert validate_document(taxonomy) is taxonomy


def set_path(document, path, value):
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


# (description, path to change, new value, reported path, words in the message)
INVALID_FIELDS = [
    ("unknown top-level field", ("extra",), 1, "extra", "Unknown field"),
    ("unknown nested field", ("sites", 0, "colour"), "red", "sites[0].colour", "Unknown field"),
    ("wrong schema version", ("schema_version",), 2, "schema_version", "Must be 1"),
    ("schema version as text", ("schema_version",), "1", "schema_version", "integer"),
    ("badly formed id", ("categories", 0, "id"), "Tele Phone", "categories[0].id", "hyphens"),
    ("id too long", ("cautions", 0, "id"), "a" * 65, "cautions[0].id", "between 1 and 64"),
    ("blank text", ("categories", 2, "summary"), "   ", "categories[2].summary", "blank"),
    ("text too long", ("cautions", 1, "text"), "x" * 601, "cautions[1].text", "between 1 and 600"),
    ("control character", ("groups", 0, "name"), "Work\x00", "groups[0].name", "control"),
    ("unknown mode", ("categories", 1, "mode"), "sometimes", "categories[1].mode", "one of"),
    ("unknown severity", ("cautions", 0, "severity"), "urgent", "cautions[0].severity", "one of"),
    ("http reference", ("references", 0, "url"), "http://example.org/", "references[0].url", ""),
    ("year as text", ("references", 0, "year"), "2020", "references[0].year", "integer"),
    ("no benefits", ("categories", 0, "benefits"), [], "categories[0].benefits", "Length"),
    (
        "too many questions",
        ("categories", 0, "questions"),
        ["q?"] * 7,
        "categories[0].questions",
        "Length",
    ),
    ("date not a date", ("meta", "reviewed"), "last year", "meta.reviewed", "date"),
    ("review dates reversed", ("meta", "next_review"), "2025-01-01", "meta.next_review", "after"),
    (
        "pattern with port",
        ("sites", 0, "patterns", 0),
        "https://zoom.us:443/*",
        "sites[0].patterns[0]",
        "port",
    ),
    (
        "pattern without path",
        ("sites", 0, "patterns", 0),
        "https://zoom.us",
        "sites[0].patterns[0]",
        "match pattern",
    ),
    (
        "pattern matching everything",
        ("sites", 0, "patterns", 0),
        "<all_urls>",
        "sites[0].patterns[0]",
        "far too many",
    ),
    (
        "pattern for a whole TLD",
        ("sites", 0, "patterns", 0),
        "https://*.com/*",
        "sites[0].patterns[0]",
        "far too many",
    ),
    ("no patterns", ("sites", 0, "patterns"), [], "sites[0].patterns", "Length"),
]


@pytest.mark.parametrize(
    ("path", "value", "where", "words"),
    [case[1:] for case in INVALID_FIELDS],
    ids=[case[0] for case in INVALID_FIELDS],
)
def test_invalid_field_is_reported_at_its_path(taxonomy, path, value, where, words):
    set_path(taxonomy, path, value)
    problems = problems_of(taxonomy)
    assert where in problems, problems
    assert words.lower() in problems[where].lower()


# (description, change, reported path, words)
BROKEN_REFERENCES = [
    (
        "unknown caution in a category",
        lambda d: d["categories"][0]["cautions"].append("nope"),
        "categories[0].cautions[1]",
        "Unknown caution 'nope'",
    ),
    (
        "unknown group",
        lambda d: d["categories"][3].__setitem__("groups", ["elsewhere"]),
        "categories[3].groups[0]",
        "Unknown group",
    ),
    (
        "unknown reference from a caution",
        lambda d: d["cautions"][0]["references"].append("missing-ref"),
        "cautions[0].references[1]",
        "Unknown reference",
    ),
    (
        "unknown jurisdiction",
        lambda d: d["cautions"][1].__setitem__("jurisdictions", ["mars"]),
        "cautions[1].jurisdictions[0]",
        "Unknown jurisdiction",
    ),
    (
        "unknown category on a site",
        lambda d: d["sites"][0].__setitem__("categories", ["fax"]),
        "sites[0].categories[0]",
        "Unknown category",
    ),
    (
        "duplicate site id",
        lambda d: d["sites"][2].__setitem__("id", "zoom"),
        "sites[2].id",
        "Duplicate id 'zoom'",
    ),
    (
        "id listed twice",
        lambda d: d["categories"][0]["cautions"].append("general-privacy"),
        "categories[0].cautions",
        "more than once",
    ),
    ("unused caution", lambda d: d["sites"][0].pop("cautions"), "cautions[2].id", "not used"),
    (
        "required category missing",
        lambda d: d["categories"].pop(0),
        "categories",
        "'telephone' is required",
    ),
    (
        "required group missing",
        lambda d: d["groups"][1].__setitem__("id", "other"),
        "groups",
        "'digital-communication' is required",
    ),
]


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [case[1:] for case in BROKEN_REFERENCES],
    ids=[case[0] for case in BROKEN_REFERENCES],
)
def test_broken_references_are_reported(taxonomy, change, where, words):
    change(taxonomy)
    problems = problems_of(taxonomy)
    assert where in problems, problems
    assert words in problems[where]


def test_every_problem_is_reported_at_once(taxonomy):
    taxonomy["sites"][0]["patterns"] = ["https://zoom.us:8080/*"]
    taxonomy["references"][0]["url"] = "ftp://example.org/"
    taxonomy["categories"][4]["name"] = ""
    problems = problems_of(taxonomy)
    assert {"sites[0].patterns[0]", "references[0].url", "categories[4].name"} <= set(problems)


def test_missing_members_are_required(taxonomy):
    del taxonomy["sites"]
    del taxonomy["categories"][0]["summary"]
    problems = problems_of(taxonomy)
    assert problems["sites"] == "Missing data for required field."
    assert problems["categories[0].summary"] == "Missing data for required field."


def test_not_an_object():
    with pytest.raises(TaxonomyInvalid) as info:
        validate_document(["not", "an", "object"])
    assert "JSON object" in str(info.value.problems[0])


def test_parse_rejects_bad_json_with_position():
    with pytest.raises(TaxonomyInvalid) as info:
        parse_document(b'{"schema_version": 1,\n  "meta": }')
    assert "line 2" in info.value.problems[0].message


def test_parse_rejects_oversized_documents_before_parsing():
    raw = b" " * (MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(TaxonomyInvalid) as info:
        parse_document(raw)
    assert "limit" in info.value.problems[0].message


def test_parse_rejects_non_utf8():
    with pytest.raises(TaxonomyInvalid) as info:
        parse_document(b'{"a": "\xff"}')
    assert "UTF-8" in info.value.problems[0].message


def test_parse_accepts_text_and_keeps_authors_order():
    document = minimal_taxonomy()
    parsed = parse_document(json.dumps(document))
    assert list(parsed) == list(document)


def test_problem_paths_read_naturally(taxonomy):
    taxonomy["categories"][3]["cautions"] = ["general-privacy", "nope"]
    with pytest.raises(TaxonomyInvalid) as info:
        validate_document(taxonomy)
    assert "categories[3].cautions[1]: Unknown caution 'nope'." in [
        str(p) for p in info.value.problems
    ]


def test_a_list_with_item_and_list_problems_reports_both(taxonomy):
    taxonomy["categories"][0]["cautions"] = ["general-privacy", "nope", "general-privacy"]
    problems = problems_of(taxonomy)
    assert problems["categories[0].cautions[1]"] == "Unknown caution 'nope'."
    assert problems["categories[0].cautions"] == "Lists an id more than once."


def test_ids_may_not_end_in_a_newline(taxonomy):
    taxonomy["jurisdictions"][0]["id"] = "uk\n"
    assert "jurisdictions[0].id" in problems_of(taxonomy)
