"""Bringing a whole document into the draft: the one function behind the command line's
import, the admin pages' import and the admin API's PUT."""

import copy
import json

import pytest
from sqlalchemy import select

from server.models import AuditEvent
from server.publishing import drafts, store
from server.publishing.importing import UnpublishedWork, import_into_draft
from server.taxonomy.diff import FIELDS
from server.taxonomy.document import TaxonomyInvalid
from tests.samples import minimal_format1


@pytest.fixture
def draft(session, default_taxonomy_path):
    return drafts.get_draft(session, str(default_taxonomy_path))


def improved(document):
    changed = copy.deepcopy(document)
    changed["cautions"][0]["detail"] = "Check who else can see the screen."
    return changed


def raw(document):
    return json.dumps(document).encode()


def bring(session, data, revision, **options):
    return import_into_draft(
        session,
        data,
        source="guidance.json",
        actor="ann",
        channel="web",
        expected_revision=revision,
        **options,
    )


def events(session):
    return [
        (event.action, event.summary)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_a_document_replaces_the_draft_and_says_what_changed(session, draft):
    before = draft.revision  # the session refreshes this same object when saving
    imported = bring(session, raw(improved(drafts.document_of(draft))), before)
    assert imported.changed and not imported.withdrew_review
    assert imported.changes == "1 caution changed"
    assert imported.draft.revision == before + 1
    assert drafts.document_of(imported.draft)["cautions"][0]["detail"].endswith("the screen.")
    assert events(session) == [
        ("import", "Imported guidance.json into the draft: 1 caution changed")
    ]
    assert store.current_number(session) == 1  # nothing is published by an import


def test_a_note_is_kept_in_the_audit_log(session, draft):
    bring(session, raw(improved(drafts.document_of(draft))), draft.revision, note="Spring review")
    [(_action, summary)] = events(session)
    assert (
        summary == "Imported guidance.json into the draft: 1 caution changed. Note: Spring review"
    )


def test_the_same_content_changes_nothing(session, draft):
    imported = bring(session, raw(drafts.document_of(draft)), draft.revision)
    assert not imported.changed
    assert imported.draft.revision == draft.revision
    assert events(session) == []


def test_an_invalid_document_changes_nothing(session, draft):
    document = improved(drafts.document_of(draft))
    document["sites"][0]["patterns"] = ["not a pattern"]
    document["cautions"][0]["severity"] = "urgent"
    with pytest.raises(TaxonomyInvalid) as refused:
        bring(session, raw(document), draft.revision)
    assert len(refused.value.problems) == 2
    assert drafts.get_draft(session).revision == draft.revision
    assert events(session) == []


@pytest.mark.parametrize("data", [b"", b"{", b"[]", "\ufeff{}".encode(), b"\xff\xfe"])
def test_what_is_not_a_document_is_refused_clearly(session, draft, data):
    with pytest.raises(TaxonomyInvalid):
        bring(session, data, draft.revision)
    assert events(session) == []


def test_a_stale_revision_is_refused_and_loses_nothing(session, draft):
    opened, original = draft.revision, drafts.document_of(draft)
    first = bring(session, raw(improved(original)), opened)
    other = improved(original)
    other["cautions"][0]["detail"] = "Someone else's wording."
    with pytest.raises(drafts.DraftConflict):
        bring(session, raw(other), opened)
    kept = drafts.get_draft(session)
    assert kept.revision == first.draft.revision
    assert drafts.document_of(kept)["cautions"][0]["detail"].endswith("the screen.")


def test_without_a_revision_unpublished_work_is_refused(session, draft):
    replacement = drafts.document_of(draft)
    bring(session, raw(improved(replacement)), draft.revision)
    replacement["meta"]["title"] = "Operator file"
    with pytest.raises(UnpublishedWork) as refused:
        bring(session, raw(replacement), None)
    assert "not yet sent for review, last by ann): 1 caution changed" in str(refused.value)
    assert drafts.document_of(drafts.get_draft(session))["meta"]["title"] != "Operator file"


def test_without_a_revision_an_unchanged_draft_is_replaced(session, draft):
    before = draft.revision
    imported = bring(session, raw(improved(drafts.document_of(draft))), None)
    assert imported.changed and imported.draft.revision == before + 1


def test_an_import_withdraws_a_pending_review(session, draft):
    edited = bring(session, raw(improved(drafts.document_of(draft))), draft.revision).draft
    in_review = drafts.request_review(
        session, expected_revision=edited.revision, actor="ann", channel="web"
    )
    again = improved(drafts.document_of(in_review))
    again["cautions"][0]["detail"] = "A third wording."
    imported = bring(session, raw(again), in_review.revision)
    assert imported.withdrew_review
    assert imported.draft.state == drafts.EDITING


def test_an_empty_store_is_seeded_first(session, default_taxonomy_path):
    document = json.loads(default_taxonomy_path.read_text(encoding="utf-8"))
    imported = bring(session, raw(improved(document)), None, default_path=default_taxonomy_path)
    assert store.current_number(session) == 1
    assert imported.changes == "1 caution changed"


# --- Format 1 files --------------------------------------------------------------------


def test_a_format_1_file_is_converted_taking_what_it_cannot_say_from_the_draft(session, draft):
    before = drafts.document_of(draft)
    old = minimal_format1()
    imported = bring(session, raw(old), draft.revision)
    assert imported.changed and imported.from_format == 1
    document = drafts.document_of(imported.draft)
    for caution, was in zip(document["cautions"], before["cautions"], strict=True):
        for name in ("action", "stage", "force", "basis"):
            assert caution[name] == was[name]
        # In the format's order, as if written so.
        assert list(caution) == [name for name in FIELDS["cautions"] if name in caution]
    assert document["references"][0]["kind"] == before["references"][0]["kind"]
    # Format 1 kept action and detail together as the text: it is now the detail.
    assert document["cautions"][0]["detail"] == old["cautions"][0]["text"]
    paths = [problem.path for problem in imported.converted]
    assert "cautions[0].action" in paths and "cautions[2].basis" in paths
    assert "references[0].kind" in paths
    assert all(problem.message.startswith("Taken from the draft") for problem in imported.converted)


def test_a_format_1_file_with_a_new_caution_lists_what_to_write(session, draft):
    old = minimal_format1()
    old["cautions"].append(
        {"id": "new-one", "title": "A new one", "text": "Something new.", "severity": "low"}
    )
    old["sites"][0]["cautions"].append("new-one")
    with pytest.raises(TaxonomyInvalid) as refused:
        bring(session, raw(old), draft.revision)
    problems = refused.value.problems
    assert "format 1" in problems[0].message and "upgrade-format" in problems[0].message
    assert {problem.path for problem in problems[1:]} == {
        "cautions[3].action",
        "cautions[3].stage",
        "cautions[3].force",
        "cautions[3].basis",
    }
    assert drafts.get_draft(session).revision == draft.revision
    assert events(session) == []


def test_a_format_2_import_converts_nothing(session, draft):
    imported = bring(session, raw(improved(drafts.document_of(draft))), draft.revision)
    assert imported.converted == () and imported.from_format == 2
