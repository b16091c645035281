"""The versioned store: published guidance as immutable, numbered versions.

Every function takes a SQLAlchemy session, so the same code serves requests,
CLI commands and tests. Publishing is one transaction: a version is either
written whole or not at all.
"""

import json
import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..models import TaxonomyVersion
from ..taxonomy.document import canonical_json, read_document, sha256_hex, validate_document

log = logging.getLogger(__name__)

SEED_AUTHOR = "practice-guide (shipped default)"
SEED_NOTE = "Default guidance shipped with Digital Practice Guide."
_PUBLISH_ATTEMPTS = 5


class VersionNotFound(LookupError):
    pass


class NothingToPublish(ValueError):
    """The document is identical to the version already published."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"identical to the published version {current.number}; nothing published")


def get_current(session):
    """The newest published version, or None when nothing is published yet."""
    return session.scalars(
        select(TaxonomyVersion).order_by(TaxonomyVersion.number.desc()).limit(1)
    ).first()


def current_number(session):
    """The newest version number (None when empty), without loading the document."""
    return session.scalar(select(func.max(TaxonomyVersion.number)))


def get_version(session, number):
    version = session.get(TaxonomyVersion, number)
    if version is None:
        raise VersionNotFound(f"version {number} does not exist")
    return version


def list_versions(session, limit=50, offset=0):
    """Newest first, without the documents: (versions, total)."""
    total = session.scalar(select(func.count()).select_from(TaxonomyVersion))
    rows = session.execute(
        select(
            TaxonomyVersion.number,
            TaxonomyVersion.sha256,
            TaxonomyVersion.created_at,
            TaxonomyVersion.author,
            TaxonomyVersion.change_note,
        )
        .order_by(TaxonomyVersion.number.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def publish(session, document, *, author, change_note, also=None):
    """Validate ``document`` and publish it as the next version, in one transaction.

    Raises TaxonomyInvalid (nothing written) or NothingToPublish. Two publishers
    racing for the same number: the loser's insert fails and it tries the next one.
    ``also(version)``, when given, stages more changes (the draft, the audit log) in
    the same transaction; if it raises, nothing is written.
    """
    validate_document(document)
    author = _required_text(author, "author", 120)
    change_note = _required_text(change_note, "change note", 2000)
    text = canonical_json(document)
    digest = sha256_hex(text)
    for attempt in range(_PUBLISH_ATTEMPTS):
        current = get_current(session)
        if current is not None and current.sha256 == digest:
            raise NothingToPublish(current)
        version = TaxonomyVersion(
            number=(current.number + 1) if current else 1,
            document=text,
            sha256=digest,
            author=author,
            change_note=change_note,
        )
        session.add(version)
        try:
            if also is not None:
                also(version)
            session.commit()
        except IntegrityError:
            session.rollback()
            if attempt == _PUBLISH_ATTEMPTS - 1:
                raise
            log.info("version number %s was taken meanwhile; retrying", version.number)
            continue
        except BaseException:
            session.rollback()
            raise
        return version
    raise AssertionError("unreachable")


def ensure_seeded(session, default_path):
    """Publish the shipped default when the store is empty; return the current version.

    A newer shipped default never replaces guidance already published here:
    bringing it in is a deliberate ``practice-guide import``.
    """
    current = get_current(session)
    if current is not None:
        _mention_newer_default(current, default_path)
        return current
    document = read_document(default_path)
    try:
        return publish(session, document, author=SEED_AUTHOR, change_note=SEED_NOTE)
    except IntegrityError:
        # Another worker seeded at the same moment.
        return get_current(session)


def document_of(version):
    """The parsed taxonomy document of a stored version."""
    return json.loads(version.document)


def _mention_newer_default(current, path):
    try:
        shipped = read_document(path)
    except (OSError, ValueError):
        return
    if sha256_hex(canonical_json(shipped)) != current.sha256 and current.author == SEED_AUTHOR:
        log.warning(
            "The shipped default guidance differs from published version %s. "
            "Bring it into the draft for review with: practice-guide import %s --note '...'",
            current.number,
            path,
        )


def _required_text(value, name, max_length):
    value = (value or "").strip()
    if not value:
        raise ValueError(f"A {name} is required.")
    if len(value) > max_length:
        raise ValueError(f"The {name} is longer than {max_length} characters.")
    return value
