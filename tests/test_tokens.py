"""API tokens as domain functions: a token and its audit event are written together."""

import pytest
from sqlalchemy import func, select

from server.models import ApiToken, AuditEvent
from server.people import tokens
from server.people.accounts import get_user
from server.publishing import audit


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_a_token_is_stored_as_a_hash_with_its_audit_event(session, accounts):
    events_before = count(session, AuditEvent)
    token, secret = tokens.create_token(
        session, get_user(session, "ann"), "Nightly sync", actor="ada", channel="web"
    )
    assert secret.startswith(tokens.TOKEN_PREFIX)
    assert token.token_hash == tokens.hash_token(secret) and secret not in token.token_hash
    assert token.created_by == "ada"
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert count(session, AuditEvent) == events_before + 1
    assert (event.actor, event.action) == ("ada", "token-create")
    assert secret not in event.details and secret not in event.summary
    assert tokens.authenticate_token(session, secret).username == "ann"


def test_when_the_audit_event_fails_no_token_is_left(session, accounts, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("the audit log could not be written")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(OSError):
        tokens.create_token(session, get_user(session, "ann"), "x", actor="ada", channel="web")
    monkeypatch.undo()
    assert count(session, ApiToken) == 0


def test_revoking_twice_records_once(session, accounts):
    token, secret = tokens.create_token(
        session, get_user(session, "ann"), "x", actor="ada", channel="cli"
    )
    assert tokens.revoke_token(session, token, actor="ada", channel="cli") is True
    assert tokens.revoke_token(session, token, actor="ada", channel="cli") is False
    revocations = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "token-revoke")
    ).all()
    assert len(revocations) == 1
    assert tokens.authenticate_token(session, secret) is None
