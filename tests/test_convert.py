"""Between the formats: format 1 brought up to format 2 with the list of what to write,
format 2 folded down for the extensions installed before it, and `upgrade-format`."""

import json

import pytest

from server.taxonomy.convert import FOLDED_TEXT_LIMIT, fold, folded_text, upgrade
from server.taxonomy.document import (
    TaxonomyInvalid,
    parse_document,
    validate_document,
    validate_format1,
)
from tests.samples import minimal_format1, minimal_taxonomy, shipped_taxonomy


def test_the_shipped_guidance_folds_into_a_valid_format_1_document():
    shipped = shipped_taxonomy()
    folded = fold(shipped)
    assert validate_format1(folded) is folded
    assert [c["id"] for c in folded["cautions"]] == [c["id"] for c in shipped["cautions"]]
    for old, new in zip(folded["cautions"], shipped["cautions"], strict=True):
        assert old["title"] == new["title"]
        assert old["text"].startswith(new["action"])
        assert len(old["text"]) <= FOLDED_TEXT_LIMIT


def test_folding_drops_what_format_1_cannot_say():
    document = minimal_taxonomy()
    document["jurisdictions"].append({"id": "us-il", "name": "Illinois", "parent": "us"})
    document["jurisdictions"][0]["emergency"] = [
        {"name": "Emergency services", "number": "999", "when": "Danger to life."}
    ]
    document["cautions"][0]["references"] = [{"ref": "ref-one", "section": "4.2"}]
    document["references"][0] = {
        **{k: v for k, v in document["references"][0].items() if k != "year"},
        "accessed": "2026-12-02",
    }
    document["sites"][1]["uses"] = [{"id": "personal", "label": "Personal", "categories": []}]
    document["sites"][0]["exclude"] = ["https://zoom.us/pricing*"]
    validate_document(document)
    folded = validate_format1(fold(document))
    assert folded["jurisdictions"][2] == {"id": "us-il", "name": "Illinois"}
    assert folded["cautions"][0]["references"] == ["ref-one"]
    assert folded["references"][0]["year"] == 2026
    assert "uses" not in folded["sites"][1]
    assert "exclude" not in folded["sites"][0]
    assert "profiles" not in folded and folded["schema_version"] == 1


def test_a_long_action_and_detail_are_cut_at_a_word():
    text = folded_text("Do this now.", "because " * 100)
    assert len(text) <= FOLDED_TEXT_LIMIT and text.endswith("because…")
    assert folded_text("Act.", "Why.") == "Act. Why."


def test_format_1_comes_up_with_what_only_a_person_can_write():
    old = minimal_format1()
    upgraded, to_write = upgrade(old)
    assert upgraded["schema_version"] == 2 and upgraded["profiles"] == []
    first = upgraded["cautions"][0]
    assert first["detail"] == old["cautions"][0]["text"]
    assert first["headline"] == old["cautions"][0]["title"]  # short enough to be one
    assert first["reviewed"] == old["meta"]["reviewed"]
    assert {p.path for p in to_write} == {
        *(
            f"cautions[{index}].{field}"
            for index in range(len(old["cautions"]))
            for field in ("action", "stage", "force", "basis")
        ),
        "references[0].kind",
    }


def test_a_long_title_is_not_taken_for_a_headline():
    old = minimal_format1()
    old["cautions"][0]["title"] = " ".join(["word"] * 13)
    upgraded, to_write = upgrade(old)
    assert "headline" not in upgraded["cautions"][0]
    assert "cautions[0].headline" in {p.path for p in to_write}


def test_filled_in_it_is_format_2_again():
    upgraded, _to_write = upgrade(fold(minimal_taxonomy()))
    original = {c["id"]: c for c in minimal_taxonomy()["cautions"]}
    for caution in upgraded["cautions"]:
        for field in ("headline", "action", "stage", "force", "basis"):
            caution[field] = original[caution["id"]][field]
    upgraded["references"][0]["kind"] = "professional-body"
    assert validate_document(upgraded) is upgraded


def test_importing_format_1_says_what_to_write_and_how():
    with pytest.raises(TaxonomyInvalid) as refused:
        parse_document(json.dumps(minimal_format1()))
    first, *rest = refused.value.problems
    assert "format 1" in first.message and "upgrade-format" in first.message
    paths = [problem.path for problem in rest]
    assert "cautions[0].action" in paths and "references[0].kind" in paths
    assert paths.count("cautions[0].action") == 1  # not also "Missing data"


def test_a_broken_format_1_file_gets_its_own_problems():
    old = minimal_format1()
    old["cautions"][0]["severity"] = "urgent"
    with pytest.raises(TaxonomyInvalid) as refused:
        parse_document(json.dumps(old))
    assert [p.path for p in refused.value.problems] == ["cautions[0].severity"]


# --- practice-guide upgrade-format ----------------------------------------------------------


def test_upgrade_format_writes_the_file_and_lists_what_to_write(runner, tmp_path):
    source, out = tmp_path / "old.json", tmp_path / "new.json"
    old = fold(shipped_taxonomy())
    source.write_text(json.dumps(old), encoding="utf-8")
    result = runner.invoke(args=["upgrade-format", str(source), str(out)])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["schema_version"] == 2
    # Four fields of every caution, the kind of every reference, and long titles' headlines.
    count = len(written["cautions"]) * 4 + len(written["references"])
    count += sum(1 for caution in written["cautions"] if "headline" not in caution)
    assert f"{count} things to write in" in result.output
    assert "cautions[0].action: Write what to do now" in result.output
    assert runner.invoke(args=["check", str(out)]).exit_code == 1


def test_upgrade_format_refuses_what_is_not_format_1(runner, tmp_path):
    source = tmp_path / "new.json"
    source.write_text(json.dumps(minimal_taxonomy()), encoding="utf-8")
    result = runner.invoke(args=["upgrade-format", str(source)])
    assert result.exit_code != 0 and "not a format 1 document" in result.output


def test_upgrade_format_refuses_a_broken_file_and_writes_nothing(runner, tmp_path):
    old = minimal_format1()
    del old["meta"]
    source, out = tmp_path / "old.json", tmp_path / "new.json"
    source.write_text(json.dumps(old), encoding="utf-8")
    result = runner.invoke(args=["upgrade-format", str(source), str(out)])
    assert result.exit_code == 1 and "meta: Missing data" in result.output
    assert not out.exists()
