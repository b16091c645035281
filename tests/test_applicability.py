"""Which cautions apply to a reader, and their order: the shared cases (the extension runs
the same ones) and the rule's parts."""

import json

import pytest

from server.taxonomy.applicability import Reader, ancestors, applicable, use_categories
from tests.samples import SHARED

CASES = json.loads((SHARED / "applicability-cases.json").read_text(encoding="utf-8"))


def reader_of(said):
    return Reader(
        jurisdictions=tuple(said["jurisdictions"]) if "jurisdictions" in said else None,
        profiles=frozenset(said["profiles"]) if "profiles" in said else None,
        stage=said.get("stage"),
    )


@pytest.mark.parametrize("case", CASES["cases"], ids=[case["name"] for case in CASES["cases"]])
def test_shared_cases(case):
    chosen = applicable(CASES["document"], case["cautions"], reader_of(case["reader"]))
    assert [caution["id"] for caution in chosen] == case["expected"]


def test_a_region_reaches_up_to_its_country():
    assert ancestors(CASES["document"], "us-il") == ["us-il", "us"]
    assert ancestors(CASES["document"], "us") == ["us"]
    assert ancestors(CASES["document"], "nowhere") == ["nowhere"]


def test_a_loop_of_parents_ends():
    document = {"jurisdictions": [{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}]}
    assert ancestors(document, "a") == ["a", "b"]


def test_a_use_brings_its_own_categories():
    site = {
        "id": "whatsapp",
        "categories": ["texting"],
        "uses": [
            {"id": "sessions", "label": "Sessions", "categories": ["live-chat"]},
            {"id": "personal", "label": "Personal", "categories": []},
        ],
    }
    assert use_categories(site, None) == ["texting"]
    assert use_categories(site, "sessions") == ["live-chat"]
    assert use_categories(site, "personal") == []
    with pytest.raises(LookupError, match="no use 'games'"):
        use_categories(site, "games")
