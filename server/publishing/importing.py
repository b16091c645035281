"""Bringing a whole taxonomy document into the shared draft.

The one way a file or a request body replaces the draft, for the command line, the
admin pages' import and the admin API: parsed and validated whole (on any problem,
nothing changes), saved as the next revision with its audit event, and described by
what it changed.

A format 1 document is converted (``convert.upgrade``). What format 1 cannot say and
only a person can write (a caution's action, stage, force and basis, a reference's
kind) is taken from the draft's item with the same id, where there is one, and listed
in ``Imported.converted`` for the importer to check; anything still missing refuses
the import, listing what to write.
"""

import copy
from dataclasses import dataclass, field

from ..models import Draft
from ..taxonomy import format1, strict_json
from ..taxonomy.convert import upgrade
from ..taxonomy.diff import FIELDS, diff_taxonomies, summarize
from ..taxonomy.document import (
    TaxonomyInvalid,
    parse_document,
    schema_version_of,
    validate_document,
    validate_format1,
)
from ..taxonomy.problems import Problem, document_order
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
    # For a format 1 document: what only a person can write, each taken from the draft
    # (``Problem`` at its path, saying what to check); empty for a format 2 document.
    converted: tuple[Problem, ...] = field(default=())
    from_format: int = 2


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
    fill_from=None,
) -> Imported:
    """Replace the draft with the document in ``raw`` (bytes or text of JSON).

    ``source`` names it in the audit log ("guidance.json"). ``expected_revision`` is the
    draft revision the importer saw; None takes the current one, but then refuses with
    UnpublishedWork while the draft differs from the published guidance. Raises
    TaxonomyInvalid (every problem, nothing changed) and drafts.DraftConflict.
    ``default_path``: the shipped default, published first when nothing is published yet.
    ``fill_from``: the format 2 document a format 1 one takes what it cannot say from
    (default: the draft's).
    """
    draft = drafts.get_draft(session, default_path)
    document, converted = _read(raw, fill_from or drafts.document_of(draft))
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
    return Imported(
        saved,
        changed,
        changes,
        changed and state_before != drafts.EDITING,
        converted=converted,
        from_format=format1.SCHEMA_VERSION if converted else 2,
    )


def _read(raw, current):
    """The document in ``raw`` in the current format, and what converting it took from
    ``current`` (the draft's document)."""
    try:
        return parse_document(raw), ()
    except TaxonomyInvalid:
        old = _format1(raw)
        if old is None:
            raise
    upgraded, to_write = upgrade(old)
    taken = [problem for problem in to_write if _take_from(current, upgraded, problem.path)]
    missing = [problem for problem in to_write if problem not in taken]
    try:
        validate_document(upgraded)
        problems = []
    except TaxonomyInvalid as exc:
        # "Missing data" where the list already says what to write says nothing more.
        listed = {problem.path for problem in missing}
        problems = [problem for problem in exc.problems if problem.path not in listed]
    if missing or problems:
        raise TaxonomyInvalid(
            [
                Problem(
                    "",
                    "This is a format 1 document, converted to format 2. What format 1 "
                    "cannot say was taken from the draft where it has the same caution or "
                    "reference; the rest only a person can write. Convert the file with "
                    "`practice-guide upgrade-format FILE OUT`, fill in what is listed here, "
                    "and import that.",
                ),
                *sorted(set(missing) | set(problems), key=document_order),
            ]
        )
    return upgraded, tuple(
        Problem(problem.path, f"Taken from the draft: check it. ({problem.message})")
        for problem in taken
    )


def _format1(raw):
    """``raw`` as a valid format 1 document, or None when it is not format 1 (its own
    problems, if it claims format 1 and is broken, are raised)."""
    try:
        document = strict_json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (strict_json.JSONProblem, UnicodeDecodeError):
        return None
    if schema_version_of(document) != format1.SCHEMA_VERSION:
        return None
    return validate_format1(document)


def _take_from(current, upgraded, path):
    """Fill the field at ``path`` (``cautions[3].action``) from the item with the same id
    in ``current``; True when it could."""
    head, _, name = path.partition(".")
    section, _, index = head.partition("[")
    item = upgraded[section][int(index.rstrip("]"))]
    same = next((other for other in current[section] if other["id"] == item["id"]), None)
    if same is None or name not in same:
        return False
    item[name] = copy.deepcopy(same[name])
    ordered = {key: item[key] for key in FIELDS[section] if key in item}
    ordered.update({key: value for key, value in item.items() if key not in ordered})
    item.clear()
    item.update(ordered)
    return True
