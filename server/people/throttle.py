"""Limits on guessing passwords: sign-in attempts and the password form, counted per
client address (LOGIN_RATE_LIMIT) and per account (LOGIN_ACCOUNT_RATE_LIMIT).

By default attempts are counted in the service's own database (``sign_in_attempts``),
which every worker process and every server on that database already shares, so a
limit holds for the whole service however many workers run. RATELIMIT_STORAGE_URI
chooses a store of the ``limits`` library instead: ``memory://`` (each process counts
alone) or a shared one such as ``redis://...``.

Windows slide: an attempt counts for the length of each limit's window after it was
made. A refused attempt is not counted, so someone who keeps trying gets in again as
soon as the oldest counted attempt is old enough, not never.
"""

import math
import time
from datetime import timedelta

from flask import current_app
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import delete, select, text

from ..db import session_scope
from ..models import SignInAttempt, as_utc, utcnow

KEY_LENGTH = 64  # the columns' length: a longer name cannot be an account anyway


class Throttled(Exception):
    """Too many attempts; ``retry_after`` seconds until the next one would be counted.
    ``scope`` says which limit: "address" or "account"."""

    def __init__(self, retry_after, scope):
        self.retry_after = max(1, math.ceil(retry_after))
        self.scope = scope
        super().__init__(f"too many attempts per {scope}; retry after {self.retry_after} s")


def attempt(address, account):
    """Count one password attempt from ``address`` naming ``account``, or raise
    Throttled (and count nothing) when either limit is reached."""
    current_app.extensions["practice_guide_throttle"].attempt(
        (address or "unknown")[:KEY_LENGTH], (account or "").strip().lower()[:KEY_LENGTH]
    )


def wait_in_words(seconds):
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


class DatabaseCounter:
    """Attempts as rows of ``sign_in_attempts``, one transaction per attempt."""

    def __init__(self, app, limits):
        self.app = app
        self.limits = limits
        self.longest = max(item.get_expiry() for items in limits.values() for item in items)

    def attempt(self, address, account):
        now = utcnow()
        with session_scope(self.app) as session:
            try:
                self._serialise(session)
                # Written first: on SQLite the insert takes the write lock, so the counts
                # below see every other worker's committed attempt and none can slip in.
                session.add(SignInAttempt(at=now, address=address, account=account))
                session.flush()
                waits = [
                    (wait, scope)
                    for scope, column, key in (
                        ("address", SignInAttempt.address, address),
                        ("account", SignInAttempt.account, account),
                    )
                    for wait in self._waits(session, column, key, self.limits[scope], now)
                ]
                if waits:
                    session.rollback()
                    raise Throttled(*max(waits))
                session.execute(
                    delete(SignInAttempt).where(
                        SignInAttempt.at < now - timedelta(seconds=self.longest)
                    )
                )
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @staticmethod
    def _serialise(session):
        """PostgreSQL: one attempt at a time (reads are not blocked), so that two at once
        cannot both count the same free place."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("LOCK TABLE sign_in_attempts IN SHARE ROW EXCLUSIVE MODE"))

    @staticmethod
    def _waits(session, column, key, items, now):
        """Seconds until each limit this attempt breaks would allow one more."""
        for item in items:
            window = timedelta(seconds=item.get_expiry())
            times = session.scalars(
                select(SignInAttempt.at)
                .where(column == key, SignInAttempt.at > now - window)
                .order_by(SignInAttempt.at)
            ).all()
            if len(times) > item.amount:
                # This attempt is the last; the one before it that must leave the window:
                oldest = as_utc(times[len(times) - 1 - item.amount])
                yield (oldest + window - now).total_seconds()


class StorageCounter:
    """Attempts in a store of the ``limits`` library (RATELIMIT_STORAGE_URI)."""

    def __init__(self, uri, limits):
        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))
        self.limits = limits

    def attempt(self, address, account):
        keys = {"address": address, "account": account}
        waits = []
        for scope, items in self.limits.items():
            for item in items:
                if not self.limiter.test(item, "sign-in", scope, keys[scope]):
                    reset, _remaining = self.limiter.get_window_stats(
                        item, "sign-in", scope, keys[scope]
                    )
                    waits.append((reset - time.time(), scope))
        if waits:
            raise Throttled(*max(waits))
        for scope, items in self.limits.items():
            for item in items:
                self.limiter.hit(item, "sign-in", scope, keys[scope])


def _parsed(app, name):
    value = app.config[name]
    try:
        items = parse_many(value)
    except ValueError as exc:
        raise ValueError(
            f"{name}={value!r} is not a rate limit such as '5 per minute;30 per hour'"
        ) from exc
    if not items:
        raise ValueError(f"{name} is empty: give at least one limit, such as '5 per minute'")
    return items


def init_app(app):
    limits = {
        "address": _parsed(app, "LOGIN_RATE_LIMIT"),
        "account": _parsed(app, "LOGIN_ACCOUNT_RATE_LIMIT"),
    }
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    counter = StorageCounter(uri, limits) if uri else DatabaseCounter(app, limits)
    app.extensions["practice_guide_throttle"] = counter
