"""The audit log: who did what, when. Events are only ever added.

``record`` adds an event to the caller's session, so it is committed (or rolled back)
together with the change it describes. Updating or deleting an event through the ORM
raises: the application has no way to rewrite history.
"""

import json

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..models import AuditEvent

ACTIONS = {
    "sign-in": "Signed in",
    "sign-in-failed": "Sign-in refused",
    "sign-out": "Signed out",
    "draft-edit": "Edited the draft",
    "import": "Imported a whole taxonomy into the draft",
    "review-request": "Asked for review",
    "review-withdraw": "Withdrew the review request",
    "approve": "Approved the draft",
    "publish": "Published",
    "rollback": "Rolled back",
    "user-create": "Created a user",
    "user-update": "Changed a user",
    "password-change": "Changed a password",
    "token-create": "Created an API token",
    "token-revoke": "Revoked an API token",
}
CHANNELS = ("web", "api", "cli")


class AuditTampering(RuntimeError):
    """Something tried to change or remove an audit event."""


def record(session, *, actor, channel, action, summary, **details):
    """Add an event to ``session``; it is written by the caller's commit."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if channel not in CHANNELS:
        raise ValueError(f"unknown audit channel {channel!r}")
    item = AuditEvent(
        actor=actor[:64],
        channel=channel,
        action=action,
        summary=summary[:500],
        details=json.dumps(details, sort_keys=True, default=str),
    )
    session.add(item)
    return item


def list_events(session, *, limit=50, offset=0, action=None, actor=None, actions=None):
    """Newest first: (events, total). ``actions`` keeps only those kinds of event."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    events = session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset)).all()
    return events, total


def details_of(item):
    return json.loads(item.details or "{}")


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session, _flush_context, _instances):
    for item in (*session.dirty, *session.deleted):
        if isinstance(item, AuditEvent) and (item in session.deleted or session.is_modified(item)):
            raise AuditTampering("audit events cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_rewrites(state):
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditTampering("audit events cannot be changed or deleted")
