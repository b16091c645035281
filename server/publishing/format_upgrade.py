"""A server upgraded from a release before format 2: its draft, still in format 1, is
brought to format 2 once, when the service starts.

It goes through the import (``import_into_draft``): what format 1 cannot say (actions,
stages, force, basis, kinds of reference) is taken from the shipped default's caution
or reference with the same id and listed in the audit event for the editors to check;
they review and publish it as usual, and until then old extensions keep the format 1
version at /api/v1. When something has no counterpart in the shipped default (a
caution written here), the draft is left as it is and the admin pages say what to do.
"""

import logging

from ..taxonomy import format1
from ..taxonomy.document import TaxonomyInvalid, read_document, schema_version_of
from . import drafts
from .importing import import_into_draft

log = logging.getLogger(__name__)

UPGRADE_ACTOR = "practice-guide (format upgrade)"


def draft_in_format1(draft):
    """True while the draft is still a format 1 document."""
    return schema_version_of(drafts.document_of(draft)) == format1.SCHEMA_VERSION


def upgrade_format1_draft(session, default_path):
    """Convert a format 1 draft to format 2 (see the module); return the Imported
    result, or None when there was nothing to do or it could not be done."""
    draft = drafts.get_draft(session, default_path)
    if not draft_in_format1(draft):
        return None
    try:
        imported = import_into_draft(
            session,
            draft.document,
            source="the format 1 draft",
            actor=UPGRADE_ACTOR,
            channel="cli",
            expected_revision=draft.revision,
            note="converted to format 2, with what format 1 cannot say taken from the "
            "shipped default",
            fill_from=read_document(default_path),
        )
    except TaxonomyInvalid as exc:
        log.warning(
            "The draft is in format 1 and could not be converted to format 2 (%s problems, "
            "first: %s). Convert an export with 'practice-guide upgrade-format' and import "
            "it.",
            len(exc.problems),
            exc.problems[0],
        )
        return None
    log.info(
        "The draft was converted to format 2; %s fields were taken from the shipped "
        "default. Review and publish it in the admin pages.",
        len(imported.converted),
    )
    return imported
