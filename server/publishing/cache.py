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
from . import store


@dataclass(frozen=True)
class Snapshot:
    version: int
    sha256: str
    published_at: object
    author: str
    change_note: str
    body: bytes
    gzip_body: bytes
    etag: str
    last_modified: str
    document: dict = field(repr=False)

    def etag_for(self, gzipped):
        """Each encoding is its own representation, so it has its own strong ETag."""
        return f'"{self.etag}-gz"' if gzipped else f'"{self.etag}"'

    def matches(self, if_none_match):
        """True when an If-None-Match header names this version in any encoding."""
        if not if_none_match:
            return False
        if if_none_match.strip() == "*":
            return True
        for tag in if_none_match.split(","):
            tag = tag.strip().removeprefix("W/").strip('"').removesuffix("-gz")
            if tag == self.etag:
                return True
        return False


def build_snapshot(version):
    """Serve the stored text as is inside a small envelope, without re-serialising it."""
    published_at = as_utc(version.created_at)
    header = {
        "version": version.number,
        "sha256": version.sha256,
        "published_at": published_at.isoformat(),
        "author": version.author,
        "change_note": version.change_note,
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1]
    body = f'{head},"taxonomy":{version.document}}}'.encode()
    return Snapshot(
        version=version.number,
        sha256=version.sha256,
        published_at=published_at,
        author=version.author,
        change_note=version.change_note,
        body=body,
        gzip_body=gzip.compress(body, compresslevel=9, mtime=0),
        etag=hashlib.sha256(body).hexdigest()[:32],
        last_modified=format_datetime(published_at, usegmt=True),
        document=json.loads(version.document),
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
