"""Bringing a whole taxonomy document into the shared draft.

The one way a file or a request body replaces the draft, for the command line, the
admin pages' import and the admin API: parsed and validated whole (on any problem,
nothing changes), saved as the next revision with its audit event, and described by
what it changed.
"""

from dataclasses import dataclass

from ..models import Draft
from ..taxonomy.diff import diff_taxonomies, summarize
from ..taxonomy.document import parse_document
from . import drafts, store


class UnpublishedWork(Exception):
    """The draft holds changes nobody published, and the importer has not seen them.

    Raised only when the caller names no revision it is based on (the command line):
    the draft keeps no history, so replacing it unseen would lose someone's work.
    """

    def __init__(self, draft: Draft, status: str, pending: str):
        self.draft, self.status, self.pending = draft, status, pending
        super().__init__(
            f"The draft has unpublished changes ({drafts.STATUS_LABELS[status].lower()}, "
            f"last by {draft.updated_by}): {pending}"
        )


@dataclass(frozen=True)
class Imported:
    draft: Draft  # the draft after the import
    changed: bool  # False when the document held exactly what the draft held
    changes: str  # what it changed, in words ("1 caution changed, 1 site added")
    withdrew_review: bool  # a pending review request or approval was withdrawn


def import_into_draft(
    session,
    raw,
    *,
    source: str,
    actor: str,
    channel: str,
    expected_revision: int | None,
    note: str = "",
    default_path=None,
) -> Imported:
    """Replace the draft with the document in ``raw`` (bytes or text of JSON).

    ``source`` names it in the audit log ("guidance.json"). ``expected_revision`` is the
    draft revision the importer saw; None takes the current one, but then refuses with
    UnpublishedWork while the draft differs from the published guidance. Raises
    TaxonomyInvalid (every problem, nothing changed) and drafts.DraftConflict.
    ``default_path``: the shipped default, published first when nothing is published yet.
    """
    document = parse_document(raw)
    draft = drafts.get_draft(session, default_path)
    if expected_revision is None:
        status = drafts.status_of(session, draft)
        if status != "unchanged":
            published = store.document_of(store.get_current(session))
            pending = summarize(diff_taxonomies(published, drafts.document_of(draft)))
            raise UnpublishedWork(draft, status, pending)
        expected_revision = draft.revision
    # Read before saving: saving refreshes this same object.
    revision_before, state_before = draft.revision, draft.state
    changes = summarize(diff_taxonomies(drafts.document_of(draft), document))
    summary = f"Imported {source} into the draft: {changes}"
    if note:
        summary += f". Note: {note}"
    saved = drafts.save(
        session,
        document,
        expected_revision=expected_revision,
        actor=actor,
        channel=channel,
        summary=summary,
        action="import",
    )
    changed = saved.revision != revision_before
    return Imported(saved, changed, changes, changed and state_before != drafts.EDITING)
