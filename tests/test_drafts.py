"""The shared draft: revisions against lost updates, review, the two-person rule,
publishing and rollback in one transaction each, and the audit trail they leave."""

import copy

import pytest
from sqlalchemy import func, select

from server.models import AuditEvent, TaxonomyVersion
from server.publishing import audit, drafts, store
from server.taxonomy.document import TaxonomyInvalid


@pytest.fixture
def draft(session, default_taxonomy_path):
    return drafts.get_draft(session, str(default_taxonomy_path))


def edited(document, text="Check who else can see this, and where it is stored."):
    changed = copy.deepcopy(document)
    changed["cautions"][0]["detail"] = text
    return changed


def save(session, draft, author="ann", text=None, revision=None):
    """Edit caution text; ``revision`` stands for a page opened at an earlier revision."""
    document = edited(drafts.document_of(draft), *(t for t in [text] if t))
    return drafts.save(
        session,
        document,
        expected_revision=draft.revision if revision is None else revision,
        actor=author,
        channel="web",
        summary="Edited caution general-privacy",
    )


def actions(session):
    return [event.action for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_draft_starts_as_the_published_guidance(session, draft):
    published = store.get_current(session)
    assert draft.document == published.document
    assert draft.base_version == published.number
    assert drafts.status_of(session, draft) == "unchanged"


def test_a_save_raises_the_revision_and_records_who(session, draft):
    before = draft.revision
    saved = save(session, draft)
    assert saved.revision == before + 1
    assert drafts.status_of(session, saved) == "edited"
    assert drafts.editors_of(saved) == ["ann"]
    assert saved.updated_by == "ann"
    assert actions(session) == ["draft-edit"]


def test_a_save_based_on_an_old_revision_is_refused_and_loses_nothing(session, draft):
    opened = draft.revision
    first = save(session, draft, "ann", "Ann's wording.", revision=opened)
    with pytest.raises(drafts.DraftConflict) as refused:
        save(session, draft, "bob", "Bob's wording.", revision=opened)
    assert "ann" in str(refused.value)
    assert refused.value.draft.revision == first.revision
    kept = drafts.get_draft(session)
    assert drafts.document_of(kept)["cautions"][0]["detail"] == "Ann's wording."
    assert actions(session) == ["draft-edit"]


def test_an_invalid_document_changes_nothing(session, draft):
    before = draft.revision
    broken = drafts.document_of(draft)
    broken["sites"][0]["categories"] = ["no-such-category"]
    with pytest.raises(TaxonomyInvalid):
        drafts.save(
            session,
            broken,
            expected_revision=draft.revision,
            actor="ann",
            channel="web",
            summary="x",
        )
    assert drafts.get_draft(session).revision == before
    assert actions(session) == []


def test_saving_the_same_content_is_not_a_change(session, draft):
    same = drafts.save(
        session,
        drafts.document_of(draft),
        expected_revision=draft.revision,
        actor="ann",
        channel="web",
        summary="nothing",
    )
    assert same.revision == draft.revision
    assert actions(session) == []


def test_review_then_approval_by_someone_else_then_publish(session, draft):
    saved = save(session, draft, "ann")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="ann", channel="web", note="Please check"
    )
    assert drafts.status_of(session, asked) == "in_review"
    assert asked.review_note == "Please check"
    with pytest.raises(drafts.ReviewError, match="two-person"):
        drafts.approve(
            session,
            expected_revision=asked.revision,
            actor="ann",
            channel="web",
            review_required=True,
        )
    approved = drafts.approve(
        session,
        expected_revision=asked.revision,
        actor="rita",
        channel="web",
        review_required=True,
    )
    assert approved.approved_by == "rita"
    before = store.get_current(session).number
    version = drafts.publish(
        session,
        expected_revision=approved.revision,
        actor="rita",
        channel="web",
        change_note="Clearer privacy caution",
        review_required=True,
    )
    assert version.number == before + 1
    assert version.author == "rita"
    after = drafts.get_draft(session)
    assert drafts.status_of(session, after) == "unchanged"
    assert after.base_version == version.number
    assert drafts.editors_of(after) == []
    assert actions(session) == ["draft-edit", "review-request", "approve", "publish"]


def test_with_the_two_person_rule_an_unapproved_draft_cannot_be_published(session, draft):
    saved = save(session, draft)
    with pytest.raises(drafts.ReviewError, match="approval"):
        drafts.publish(
            session,
            expected_revision=saved.revision,
            actor="rita",
            channel="web",
            change_note="x",
            review_required=True,
        )
    assert store.get_current(session).number == draft.base_version


def test_without_the_rule_the_author_may_approve_and_publish(session, draft):
    saved = save(session, draft, "solo")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="solo", channel="web"
    )
    drafts.approve(
        session,
        expected_revision=asked.revision,
        actor="solo",
        channel="web",
        review_required=False,
    )
    fresh = save(session, drafts.get_draft(session), "solo", "Another edit.")
    version = drafts.publish(
        session,
        expected_revision=fresh.revision,
        actor="solo",
        channel="web",
        change_note="Solo practice",
        review_required=False,
    )
    assert store.document_of(version)["cautions"][0]["detail"] == "Another edit."


def test_editing_withdraws_a_pending_review(session, draft):
    saved = save(session, draft, "ann")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="ann", channel="web"
    )
    again = save(session, asked, "bob", "Bob changed it during review.")
    assert drafts.status_of(session, again) == "edited"
    assert again.review_requested_by is None
    assert drafts.editors_of(again) == ["ann", "bob"]
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert "withdrew" in event.summary


def test_an_approval_of_a_revision_that_changed_meanwhile_is_refused(session, draft):
    saved = save(session, draft, "ann")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="ann", channel="web"
    )
    seen_by_reviewer = asked.revision
    save(session, asked, "ann", "Changed after asking.")
    with pytest.raises(drafts.DraftConflict):
        drafts.approve(
            session,
            expected_revision=seen_by_reviewer,
            actor="rita",
            channel="web",
            review_required=True,
        )


def test_nothing_to_review_or_publish_when_unchanged(session, draft):
    with pytest.raises(drafts.ReviewError, match="nothing to review"):
        drafts.request_review(session, expected_revision=draft.revision, actor="ann", channel="web")
    with pytest.raises(drafts.ReviewError, match="nothing to publish"):
        drafts.publish(
            session,
            expected_revision=draft.revision,
            actor="rita",
            channel="web",
            change_note="x",
            review_required=False,
        )


def test_a_failure_in_the_middle_of_publishing_leaves_everything_as_it_was(
    session, draft, monkeypatch
):
    saved = save(session, draft, "ann")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="ann", channel="web"
    )
    approved = drafts.approve(
        session, expected_revision=asked.revision, actor="rita", channel="web", review_required=True
    )
    published_before = store.get_current(session)
    events_before = actions(session)

    def fail(*args, **kwargs):
        raise OSError("disk full while writing the audit event")

    # The audit event is written inside the publishing transaction, after the new
    # version row and the draft reset: failing there must undo both.
    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(OSError):
        drafts.publish(
            session,
            expected_revision=approved.revision,
            actor="rita",
            channel="web",
            change_note="Clearer",
            review_required=True,
        )
    monkeypatch.undo()
    assert store.get_current(session).number == published_before.number
    assert session.scalar(select(func.count()).select_from(TaxonomyVersion)) == 1
    kept = drafts.get_draft(session)
    assert kept.revision == approved.revision
    assert drafts.status_of(session, kept) == "approved"
    assert kept.document == approved.document
    assert actions(session) == events_before
    # And it can still be published afterwards.
    version = drafts.publish(
        session,
        expected_revision=kept.revision,
        actor="rita",
        channel="web",
        change_note="Clearer",
        review_required=True,
    )
    assert version.number == published_before.number + 1


def test_rollback_publishes_old_content_and_an_unchanged_draft_follows(session, draft):
    original = store.get_current(session)
    saved = save(session, draft, "ann")
    version2 = drafts.publish(
        session,
        expected_revision=saved.revision,
        actor="rita",
        channel="web",
        change_note="v2",
        review_required=False,
    )
    restored = drafts.rollback(
        session, original.number, actor="rita", channel="web", note="v2 confused people"
    )
    assert restored.number == version2.number + 1
    assert restored.sha256 == original.sha256
    assert "Rollback to version 1" in restored.change_note
    follower = drafts.get_draft(session)
    assert follower.document == original.document
    assert drafts.status_of(session, follower) == "unchanged"


def test_rollback_keeps_unpublished_edits_in_the_draft(session, draft):
    original = store.get_current(session)
    saved = save(session, draft, "ann")
    drafts.publish(
        session,
        expected_revision=saved.revision,
        actor="rita",
        channel="web",
        change_note="v2",
        review_required=False,
    )
    work = save(session, drafts.get_draft(session), "ann", "Work in progress.")
    drafts.rollback(session, original.number, actor="rita", channel="web", note="undo v2")
    kept = drafts.get_draft(session)
    assert kept.revision == work.revision
    assert drafts.document_of(kept)["cautions"][0]["detail"] == "Work in progress."
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert audit.details_of(event)["draft_kept"] is True


def test_rollback_needs_a_reason_and_an_existing_version(session, draft):
    with pytest.raises(drafts.ReviewError):
        drafts.rollback(session, 1, actor="rita", channel="web", note="  ")
    with pytest.raises(store.VersionNotFound):
        drafts.rollback(session, 99, actor="rita", channel="web", note="why")


def test_audit_events_cannot_be_changed_or_deleted(session, draft):
    save(session, draft)
    event = session.scalars(select(AuditEvent)).first()
    event.summary = "Nothing happened"
    with pytest.raises(audit.AuditTampering):
        session.flush()
    session.rollback()
    event = session.scalars(select(AuditEvent)).first()
    session.delete(event)
    with pytest.raises(audit.AuditTampering):
        session.flush()
    session.rollback()
    assert session.scalars(select(AuditEvent)).first().summary.startswith("Edited")


def test_bulk_statements_cannot_rewrite_the_audit_log(session, draft):
    from sqlalchemy import delete, update

    save(session, draft)
    with pytest.raises(audit.AuditTampering):
        session.execute(delete(AuditEvent))
    session.rollback()
    with pytest.raises(audit.AuditTampering):
        session.execute(update(AuditEvent).values(summary="Nothing happened"))
    session.rollback()
    assert actions(session) == ["draft-edit"]


def test_discarding_brings_back_the_published_guidance(session, draft):
    published = store.get_current(session)
    saved = save(session, draft, "ann")
    asked = drafts.request_review(
        session, expected_revision=saved.revision, actor="ann", channel="web"
    )
    discarded = drafts.discard(
        session, expected_revision=asked.revision, actor="rita", channel="web"
    )
    assert discarded.document == published.document
    assert drafts.status_of(session, discarded) == "unchanged"
    assert discarded.review_requested_by is None
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert "Discarded" in event.summary and "1 caution changed" in event.summary
    with pytest.raises(drafts.ReviewError, match="nothing to discard"):
        drafts.discard(session, expected_revision=discarded.revision, actor="rita", channel="web")


def test_a_draft_that_follows_a_rollback_starts_again_with_no_editors(session, draft):
    original = store.get_current(session)
    saved = save(session, draft, "ann")
    drafts.publish(
        session,
        expected_revision=saved.revision,
        actor="rob",
        channel="web",
        change_note="v2",
        review_required=False,
    )
    # rita changes the draft and changes it back: no unpublished change, but her name.
    current = drafts.get_draft(session)
    text = drafts.document_of(current)["cautions"][0]["detail"]
    save(session, current, "rita", "A passing thought.")
    save(session, drafts.get_draft(session), "rita", text)
    assert drafts.editors_of(drafts.get_draft(session)) == ["rita"]
    drafts.rollback(session, original.number, actor="rob", channel="web", note="undo v2")
    followed = drafts.get_draft(session)
    assert followed.document == original.document
    assert drafts.editors_of(followed) == []
    # So rita may approve the next person's change (the two-person rule is about that one).
    edited_again = save(session, followed, "ann", "Ann's next change.")
    asked = drafts.request_review(
        session, expected_revision=edited_again.revision, actor="ann", channel="web"
    )
    drafts.approve(
        session,
        expected_revision=asked.revision,
        actor="rita",
        channel="web",
        review_required=True,
    )
