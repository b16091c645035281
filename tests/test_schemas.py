"""Validation of taxonomy documents: every problem reported, with its path."""

import copy
import json

import pytest

from server.taxonomy.document import TaxonomyInvalid, parse_document, validate_document
from server.taxonomy.schemas import MAX_DOCUMENT_BYTES
from tests.samples import SHARED, minimal_taxonomy


def problems_of(document):
    with pytest.raises(TaxonomyInvalid) as info:
        validate_document(document)
    return {problem.path: problem.message for problem in info.value.problems}


def test_minimal_document_is_valid(taxonomy):
    assert validate_document(taxonomy) is taxonomy


CASES = json.loads((SHARED / "validation-cases.json").read_text(encoding="utf-8"))["cases"]


def changed(document, changes):
    """``document`` with the shared cases' changes (set, append, delete) applied."""
    for change in changes:
        path = change.get("set") or change.get("append") or change["delete"]
        node = document
        for key in path[:-1]:
            node = node[key]
        if "set" in change:
            node[path[-1]] = copy.deepcopy(change["value"])
        elif "append" in change:
            node[path[-1]].append(copy.deepcopy(change["value"]))
        else:
            del node[path[-1]]
    return document


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_shared_validation_cases(taxonomy, case):
    """Exactly the problem paths the case lists (the extension must report the same)."""
    document = changed(taxonomy, case["changes"])
    if not case["problems"]:
        assert validate_document(document) is document
        return
    with pytest.raises(TaxonomyInvalid) as info:
        validate_document(document)
    problems = info.value.problems
    assert sorted({problem.path for problem in problems}) == case["problems"]
    if "python_words" in case:
        main = [p.message for p in problems if case["python_words"].lower() in p.message.lower()]
        assert main, problems


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
        parse_document(b'{"schema_version": 2,\n  "meta": }')
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
