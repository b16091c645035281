"""Database tables. Published taxonomy versions are immutable rows."""

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<User {self.username} ({self.role})>"
