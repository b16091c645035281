"""Prepared responses for published versions, so polling clients cost almost nothing.

The bytes, gzip bytes and ETag of the current version are built once, when it is
first loaded or published in this process. A revalidation that matches is answered
from memory. A worker asks the database whether another process has published at
most once per ``SNAPSHOT_TTL`` seconds.
"""

import gzip
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from email.utils import format_datetime

from ..models import as_utc
from ..taxonomy import format1
from ..taxonomy.convert import fold
from ..taxonomy.document import canonical_json, schema_version_of, sha256_hex
from ..taxonomy.schemas import SCHEMA_VERSION
from . import store


@dataclass(frozen=True)
class Representation:
    """A version as one format serves it: the envelope's bytes, gzipped, and their ETag."""

    body: bytes
    gzip_body: bytes
    etag: str

    def etag_for(self, gzipped):
        """Each encoding is its own representation, so it has its own strong ETag."""
        return f'"{self.etag}-gz"' if gzipped else f'"{self.etag}"'

    def matches(self, if_none_match):
        """True when an If-None-Match header names this representation in any encoding."""
        if not if_none_match:
            return False
        if if_none_match.strip() == "*":
            return True
        for tag in if_none_match.split(","):
            tag = tag.strip().removeprefix("W/").strip('"').removesuffix("-gz")
            if tag == self.etag:
                return True
        return False


@dataclass(frozen=True)
class Snapshot:
    """A published version, prepared in every format it can be served in: format 1 for
    the extensions installed before format 2 (folded from format 2, or as stored), and
    format 2 when the version was written in it."""

    version: int
    published_at: object
    author: str
    change_note: str
    last_modified: str
    schema_version: int  # the format the version was published in
    document: dict = field(repr=False)  # as published
    formats: dict = field(repr=False)  # schema version -> Representation
    documents: dict = field(repr=False)  # schema version -> the document in that format

    def in_format(self, schema_version):
        """The representation in that format, or None when the version has none."""
        return self.formats.get(schema_version)


def build_snapshot(version):
    """Prepare every representation once; the stored text is served as is, without
    re-serialising it."""
    published_at = as_utc(version.created_at)
    document = json.loads(version.document)
    stored = schema_version_of(document)
    documents, texts = {stored: document}, {stored: version.document}
    if stored == SCHEMA_VERSION:
        documents[format1.SCHEMA_VERSION] = fold(document)
        texts[format1.SCHEMA_VERSION] = canonical_json(documents[format1.SCHEMA_VERSION])
    header = {
        "version": version.number,
        "sha256": None,  # each representation's own: the hash of the text it serves
        "published_at": published_at.isoformat(),
        "author": version.author,
        "change_note": version.change_note,
    }
    return Snapshot(
        version=version.number,
        published_at=published_at,
        author=version.author,
        change_note=version.change_note,
        last_modified=format_datetime(published_at, usegmt=True),
        schema_version=stored,
        document=document,
        formats={number: _represent(header, text) for number, text in texts.items()},
        documents=documents,
    )


def _represent(header, text):
    """The envelope ``{version, sha256, published_at, author, change_note, taxonomy}``
    around a document's text; sha256 is that text's."""
    envelope = {**header, "sha256": sha256_hex(text)}
    head = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))[:-1]
    body = f'{head},"taxonomy":{text}}}'.encode()
    return Representation(
        body=body,
        gzip_body=gzip.compress(body, compresslevel=9, mtime=0),
        etag=hashlib.sha256(body).hexdigest()[:32],
    )


class PublishedCache:
    """The current snapshot plus a few recent immutable versions, per worker process."""

    def __init__(self, session_factory, ttl, seed, clock=time.monotonic, keep=8):
        self._session_factory = session_factory
        self._ttl = ttl
        self._seed = seed
        self._clock = clock
        self._keep = keep
        self._lock = threading.Lock()
        self._current = None
        self._checked_at = float("-inf")
        self._versions = OrderedDict()

    def current(self):
        """The current snapshot; seeds the shipped default if nothing is published."""
        snapshot = self._current
        if snapshot is not None and self._clock() - self._checked_at < self._ttl:
            return snapshot
        with self._lock:
            if self._current is not None and self._clock() - self._checked_at < self._ttl:
                return self._current
            self._current = self._load_current(self._current)
            self._checked_at = self._clock()
            return self._current

    def version(self, number):
        """A snapshot of any published version (immutable, so cached freely)."""
        with self._lock:
            if number in self._versions:
                self._versions.move_to_end(number)
                return self._versions[number]
        with self._session_factory() as session:
            snapshot = build_snapshot(store.get_version(session, number))
        with self._lock:
            self._versions[number] = snapshot
            while len(self._versions) > self._keep:
                self._versions.popitem(last=False)
        return snapshot

    def note_published(self, version):
        """Serve a version published in this process at once."""
        snapshot = build_snapshot(version)
        with self._lock:
            if self._current is None or snapshot.version > self._current.version:
                self._current = snapshot
                self._checked_at = self._clock()

    def _load_current(self, known):
        with self._session_factory() as session:
            number = store.current_number(session)
            if known is not None and number == known.version:
                return known
            version = store.get_current(session) if number is not None else None
            if version is None:
                version = self._seed(session)
            return build_snapshot(version)
