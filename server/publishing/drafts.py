"""The shared draft and its way to publication: edit, ask for review, approve, publish.

There is one draft. It is always a valid taxonomy document, and every change to it
(an edit, a review request, an approval) raises its revision number by one. Each
change names the revision it was based on and is refused with DraftConflict when
someone else changed the draft in between, so nobody's work is silently overwritten.
Publishing writes the new version, resets the draft and records the audit event in
one transaction.
"""

import json

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..models import Draft, utcnow
from ..taxonomy.diff import diff_taxonomies, summarize
from ..taxonomy.document import canonical_json, schema_version_of, sha256_hex, validate_document
from ..taxonomy.plain_text import has_control
from ..taxonomy.schemas import SCHEMA_VERSION
from . import audit, store

DRAFT_ID = 1
EDITING, IN_REVIEW, APPROVED = "editing", "in_review", "approved"
STATUS_LABELS = {
    "unchanged": "Same as the published version",
    "edited": "Edited, not yet sent for review",
    "in_review": "Waiting for review",
    "approved": "Approved, ready to publish",
}


class DraftConflict(Exception):
    """The draft changed since the revision the request was based on."""

    def __init__(self, draft):
        self.draft = draft
        super().__init__(
            f"The draft was changed by {draft.updated_by} (now revision {draft.revision}) "
            "since you opened it. Nothing was saved: reload it and make your change again."
        )


class ReviewError(ValueError):
    """A step of the review that cannot be taken now; the message says why."""


def get_draft(session, default_path=None):
    """The draft, created from the published guidance the first time it is needed."""
    # populate_existing: a long-lived session must not trust an earlier copy.
    draft = session.get(Draft, DRAFT_ID, populate_existing=True)
    if draft is not None:
        return draft
    current = store.get_current(session)
    if current is None:
        if default_path is None:
            raise ReviewError("Nothing is published yet, so there is no draft to start from.")
        current = store.ensure_seeded(session, default_path)
    draft = Draft(
        id=DRAFT_ID,
        document=current.document,
        revision=1,
        state=EDITING,
        base_version=current.number,
        editors="[]",
        updated_by=current.author[:64],
    )
    session.add(draft)
    try:
        session.commit()
    except IntegrityError:
        # Another request created it at the same moment.
        session.rollback()
        draft = session.get(Draft, DRAFT_ID, populate_existing=True)
    return draft


def document_of(draft):
    return json.loads(draft.document)


def editors_of(draft):
    return json.loads(draft.editors or "[]")


def status_of(session, draft, current=None):
    """unchanged | edited | in_review | approved. ``current``: the published version, when
    the caller has it already (it is a large row)."""
    if draft.state != EDITING:
        return draft.state
    current = current or store.get_current(session)
    if current is not None and _same_content(current.document, draft.document):
        return "unchanged"
    return "edited"


def _same_content(stored_text, other_text):
    """Equal documents, whatever order their keys were written in."""
    if sha256_hex(stored_text) == sha256_hex(other_text):
        return True
    return json.loads(stored_text) == json.loads(other_text)


def save(session, document, *, expected_revision, actor, channel, summary, action="draft-edit"):
    """Replace the draft's document with ``document`` (validated whole first).

    Saving withdraws a pending review request or approval: what was reviewed is no
    longer what would be published. Returns the draft; unchanged content is a no-op.
    """
    validate_document(document)
    draft = get_draft(session)
    text = canonical_json(document)
    _check_revision(session, draft, expected_revision)
    if text == draft.document or document == document_of(draft):
        # The same content (perhaps with keys in another order) is not a change.
        return draft
    details = {"revision": expected_revision + 1}
    if draft.state != EDITING:
        details["withdrew"] = draft.state
        summary = f"{summary} (this withdrew the pending {draft.state.replace('_', ' ')})"
    editors = sorted({*editors_of(draft), actor})
    _advance(
        session,
        expected_revision,
        actor,
        document=text,
        state=EDITING,
        editors=json.dumps(editors),
        **_cleared_review(),
    )
    audit.record(session, actor=actor, channel=channel, action=action, summary=summary, **details)
    return _commit(session)


def request_review(session, *, expected_revision, actor, channel, note=""):
    draft = get_draft(session)
    _check_revision(session, draft, expected_revision)
    status = status_of(session, draft)
    if status == "unchanged":
        raise ReviewError("The draft is the same as the published guidance: nothing to review.")
    if status != "edited":
        raise ReviewError("The draft is already waiting for review or approved.")
    note = _limited(note, "review note", 2000)
    _advance(
        session,
        expected_revision,
        actor,
        state=IN_REVIEW,
        review_requested_by=actor,
        review_requested_at=utcnow(),
        review_note=note or None,
    )
    audit.record(
        session,
        actor=actor,
        channel=channel,
        action="review-request",
        summary=f"Asked for review of revision {expected_revision + 1}"
        + (f": {note}" if note else ""),
        revision=expected_revision + 1,
    )
    return _commit(session)


def withdraw_review(session, *, expected_revision, actor, channel):
    draft = get_draft(session)
    _check_revision(session, draft, expected_revision)
    if draft.state == EDITING:
        raise ReviewError("The draft is not waiting for review.")
    _advance(session, expected_revision, actor, state=EDITING, **_cleared_review())
    audit.record(
        session,
        actor=actor,
        channel=channel,
        action="review-withdraw",
        summary="Withdrew the review request; the draft can be edited again",
        revision=expected_revision + 1,
    )
    return _commit(session)


def discard(session, *, expected_revision, actor, channel):
    """Throw away the draft's unpublished changes: it becomes the published guidance again.
    The audit event keeps the summary of what was discarded."""
    draft = get_draft(session)
    _check_revision(session, draft, expected_revision)
    if status_of(session, draft) == "unchanged":
        raise ReviewError("The draft is the same as the published guidance: nothing to discard.")
    current = store.get_current(session)
    discarded = summarize(diff_taxonomies(store.document_of(current), document_of(draft)))
    _advance(session, expected_revision, actor, **_matching(current))
    audit.record(
        session,
        actor=actor,
        channel=channel,
        action="draft-edit",
        summary=f"Discarded the draft's unpublished changes ({discarded})",
        revision=expected_revision + 1,
        discarded=discarded,
    )
    return _commit(session)


def approve(session, *, expected_revision, actor, channel, review_required):
    """Approve the draft under review. With ``review_required`` (the two-person rule),
    nobody who changed the draft since the last publish may approve it."""
    draft = get_draft(session)
    _check_revision(session, draft, expected_revision)
    if draft.state != IN_REVIEW:
        raise ReviewError("Only a draft that is waiting for review can be approved.")
    if review_required and actor in editors_of(draft):
        raise ReviewError(
            "You changed this draft, so another reviewer must approve it (two-person rule)."
        )
    _advance(
        session, expected_revision, actor, state=APPROVED, approved_by=actor, approved_at=utcnow()
    )
    audit.record(
        session,
        actor=actor,
        channel=channel,
        action="approve",
        summary=f"Approved revision {expected_revision}",
        revision=expected_revision + 1,
    )
    return _commit(session)


def publish(session, *, expected_revision, actor, channel, change_note, review_required):
    """Publish the draft as a new version; the draft then matches it again.

    With ``review_required`` only an approved draft can be published. Raises
    ReviewError, DraftConflict or store.NothingToPublish; on any failure nothing
    is written and the previous version stays published.
    """
    draft = get_draft(session)
    _check_revision(session, draft, expected_revision)
    status = status_of(session, draft)
    if status == "unchanged":
        raise ReviewError("The draft is the same as the published guidance: nothing to publish.")
    if review_required and status != APPROVED:
        raise ReviewError("The draft needs a reviewer's approval before it can be published.")
    change_note = _limited(change_note, "change note", 2000)
    if not change_note:
        raise ReviewError("Say in a change note what changed and why.")
    reviewed = {"approved_by": draft.approved_by} if draft.approved_by else {}

    def reset_draft(version):
        _advance(session, expected_revision, actor, **_matching(version))
        audit.record(
            session,
            actor=actor,
            channel=channel,
            action="publish",
            summary=f"Published version {version.number}: {change_note}",
            version=version.number,
            revision=expected_revision,
            **reviewed,
        )

    version = store.publish(
        session, document_of(draft), author=actor, change_note=change_note, also=reset_draft
    )
    return version


def rollback(session, number, *, actor, channel, note):
    """Publish version ``number``'s content again as a new version (see publish_directly)."""
    note = _limited(note, "reason", 1500)
    if not note:
        raise ReviewError("Say why you are rolling back: it becomes the change note.")
    target = store.get_version(session, number)
    document = json.loads(target.document)
    if schema_version_of(document) != SCHEMA_VERSION:
        raise ReviewError(
            f"Version {number} is in format {schema_version_of(document)}, which is no "
            f"longer published. To bring its content back, export it, convert it with "
            f"'practice-guide upgrade-format', write in what that lists and import it."
        )
    return publish_directly(
        session,
        document,
        actor=actor,
        channel=channel,
        change_note=f"Rollback to version {number}: {note}",
        action="rollback",
        summary=lambda version: (
            f"Published version {number}'s content again as version {version.number}: {note}"
        ),
        restored=number,
    )


def publish_directly(session, document, *, actor, channel, change_note, action, summary, **details):
    """Publish ``document`` without the review (a rollback; an operator's import on the
    server itself). ``summary(version)`` words the audit event.

    A draft with no unpublished changes follows; one with changes keeps them (they are
    someone's work) and the audit event says so.
    """
    draft = get_draft(session)
    follows = status_of(session, draft) == "unchanged"
    revision = draft.revision

    def record(version):
        if follows:
            _advance(session, revision, actor, **_matching(version))
        audit.record(
            session,
            actor=actor,
            channel=channel,
            action=action,
            summary=summary(version),
            version=version.number,
            draft_kept=not follows,
            **details,
        )

    return store.publish(session, document, author=actor, change_note=change_note, also=record)


def _check_revision(session, draft, expected_revision):
    if expected_revision != draft.revision:
        raise DraftConflict(draft)


def _advance(session, expected_revision, actor, **values):
    """Move the draft on by one revision, only if nobody else did in the meantime."""
    result = session.execute(
        update(Draft)
        .where(Draft.id == DRAFT_ID, Draft.revision == expected_revision)
        .values(revision=expected_revision + 1, updated_at=utcnow(), updated_by=actor, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise DraftConflict(get_draft(session))


def _commit(session):
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return session.get(Draft, DRAFT_ID, populate_existing=True)


def _matching(version):
    """Draft values that make it the published ``version`` again, with nobody's edits
    and no review pending: after a publish, a rollback it follows, or a discard."""
    return {
        "document": version.document,
        "state": EDITING,
        "base_version": version.number,
        "editors": "[]",
        **_cleared_review(),
    }


def _cleared_review():
    return {
        "review_requested_by": None,
        "review_requested_at": None,
        "review_note": None,
        "approved_by": None,
        "approved_at": None,
    }


def _limited(value, name, max_length):
    value = (value or "").strip()
    if len(value) > max_length:
        raise ReviewError(f"The {name} is longer than {max_length} characters.")
    if has_control(value):
        raise ReviewError(f"The {name} must not contain control characters.")
    return value
