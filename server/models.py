"""Database tables. Published taxonomy versions are immutable rows."""

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The largest value an Integer column holds on every database we support (PostgreSQL's
# INTEGER is 32 bits). A number beyond it names no row: look-ups answer "not found"
# without asking the database, which would fail on the overflow.
INTEGER_MAX = 2**31 - 1


def storable(number):
    """Whether ``number`` fits in an Integer column (ids, version numbers, revisions)."""
    return 0 <= number <= INTEGER_MAX


def storable_number(text):
    """The number written in ``text`` (ASCII digits only) if it fits in an Integer column,
    else None: ``int()`` alone also takes "٣", "+3" and " 3", and fails on 5,000 digits."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(INTEGER_MAX)):
        return None
    number = int(text)
    return number if storable(number) else None


def utcnow():
    return datetime.now(UTC)


def as_utc(moment):
    """A stored time in UTC: SQLite returns naive values (written in UTC) and
    PostgreSQL returns them in the session's time zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class TaxonomyVersion(Base):
    """One published version of the guidance; never updated once written."""

    __tablename__ = "taxonomy_versions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # The canonical JSON text of the taxonomy document, exactly as served.
    document: Mapped[str] = mapped_column(Text, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author: Mapped[str] = mapped_column(String(120), nullable=False)
    change_note: Mapped[str] = mapped_column(String(2000), nullable=False)

    def __repr__(self):
        return f"<TaxonomyVersion {self.number} {self.sha256[:12]}>"


class User(Base):
    """Someone who may sign in to edit (editor), approve and publish (reviewer) or also
    manage users and tokens (admin). Only a password hash is stored."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Set for a one-time password: the first sign-in must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<User {self.username} ({self.role})>"


class LoginSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is stored, and
    signing out deletes the row, so a copied cookie stops working at once."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiToken(Base):
    """A bearer token for automation, acting as its user. Only a hash is stored; the token
    itself is shown once when created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    # The first characters of the token, so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Draft(Base):
    """The one shared draft of the guidance. Always a valid taxonomy document; ``revision``
    goes up by one with every change, so a save based on an older revision is refused."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text, nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    # editing | in_review | approved
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    # The published version this draft started from (or was last brought up to date with).
    base_version: Mapped[int | None] = mapped_column(Integer)
    # JSON list of the usernames who changed it since the last publish.
    editors: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    review_requested_by: Mapped[str | None] = mapped_column(String(64))
    review_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str | None] = mapped_column(String(2000))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """One thing someone did. Rows are only ever added (server/audit.py refuses updates
    and deletes through the ORM)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # A username, or a description such as "command line" for unattended actions.
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    # web | api | cli
    channel: Mapped[str] = mapped_column(String(8), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    summary: Mapped[str] = mapped_column(String(500), nullable=False)
    # JSON object with the particulars (version numbers, revision, target user, ...).
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class SignInAttempt(Base):
    """A password tried: signing in, or the current password on the password form. Kept
    only to count attempts per client address and per account for the rate limits
    (server/throttle.py), which delete rows older than their longest window."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_address_at", "address", "at"),
        Index("ix_sign_in_attempts_account_at", "account", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    address: Mapped[str] = mapped_column(String(64), nullable=False)
    # The username as typed (normalised), whether or not an account has it.
    account: Mapped[str] = mapped_column(String(64), nullable=False)


class ExtensionBuild(Base):
    """One build of the organisation's own extension packages; never updated once written.

    The packages are kept in the database, not on one server's disk, so that every
    worker and server behind the address serves the same bytes, and a backup of the
    database holds them. ``number`` goes up by one per build and is the version's last
    part, so versions only go up.
    """

    __tablename__ = "extension_builds"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(32), nullable=False)
    extension_id: Mapped[str] = mapped_column(String(32), nullable=False)
    server_url: Mapped[str] = mapped_column(String(2000), nullable=False)
    # JSON list of the match patterns granted at install (the guidance's sites).
    hosts: Mapped[str] = mapped_column(Text, nullable=False)
    # The published guidance version bundled in the packages.
    taxonomy_version: Mapped[int] = mapped_column(Integer, nullable=False)
    crx_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    xpi_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    # Loaded only when a package is served: listing builds needs none of the bytes.
    crx: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    xpi: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
