"""Accounts: hashed passwords, roles, one-time passwords, no defaults."""

import pytest

from server import create_app
from server.db import session_scope, upgrade_database
from server.people import accounts
from server.people.accounts import AccountError, authenticate, create_user, user_count


def test_a_user_gets_a_one_time_password_and_only_its_hash_is_stored(session):
    user, one_time = create_user(session, "Lead.Counsellor", "admin")
    assert user.username == "lead.counsellor"
    assert len(one_time) >= 20
    assert one_time not in user.password_hash
    assert user.password_hash.startswith(accounts.TESTING_PASSWORD_HASH + "$")
    assert authenticate(session, "lead.counsellor", one_time) == user


def test_only_a_testing_app_hashes_cheaply_and_production_keeps_scrypt(tmp_path):
    production = create_app({"INSTANCE_PATH": str(tmp_path / "production")})
    assert not production.config["TESTING"]
    upgrade_database(production)
    with production.app_context(), session_scope(production) as session:
        user, _ = create_user(session, "lead", "admin", "a long enough secret")
        assert user.password_hash.startswith("scrypt:")
        assert authenticate(session, "lead", "a long enough secret") == user
        assert authenticate(session, "lead", "not the secret at all") is None
    production.extensions["practice_guide_db"]["engine"].dispose()
    # Outside any app (a script importing the module) it is scrypt too.
    assert accounts.password_hash_method() == "scrypt"


def test_a_chosen_password_is_not_echoed(session):
    user, one_time = create_user(session, "editor1", "editor", "a long enough secret")
    assert one_time is None
    assert authenticate(session, "EDITOR1", "a long enough secret") == user


@pytest.mark.parametrize(
    ("username", "role", "password", "words"),
    [
        ("x", "editor", None, "username"),
        ("has space", "editor", None, "username"),
        ("someone", "owner", None, "role"),
        ("someone", "editor", "short", "12 characters"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(session, username, role, password, words):
    with pytest.raises(AccountError, match=words):
        create_user(session, username, role, password)
    assert accounts.user_count(session) == 0


def test_usernames_are_unique(session):
    create_user(session, "reviewer", "reviewer")
    with pytest.raises(AccountError, match="already"):
        create_user(session, "Reviewer", "editor")


def test_wrong_or_unknown_credentials_and_inactive_users_get_nothing(session):
    user, one_time = create_user(session, "someone", "editor")
    assert authenticate(session, "someone", "wrong password!") is None
    assert authenticate(session, "nobody", one_time) is None
    user.active = False
    session.commit()
    assert authenticate(session, "someone", one_time) is None


def test_create_user_command(app, runner):
    result = runner.invoke(args=["create-user", "lead", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Created admin 'lead'." in result.output
    one_time = result.output.split("(shown only now): ")[1].splitlines()[0].strip()
    with session_scope(app) as session:
        assert authenticate(session, "lead", one_time).role == "admin"
    again = runner.invoke(args=["create-user", "lead", "--role", "editor"])
    assert again.exit_code == 1
    assert "already a user called 'lead'" in again.output


def test_create_user_with_a_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "ed", "--role", "editor", "--password-stdin"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 0, result.output
    assert "One-time password" not in result.output
    with session_scope(app) as session:
        assert authenticate(session, "ed", "correct horse battery").role == "editor"


def test_when_the_audit_event_fails_no_account_is_left(session, monkeypatch):
    from server.publishing import audit

    def fail(*args, **kwargs):
        raise OSError("the audit log could not be written")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(OSError):
        create_user(session, "lead", "admin")
    monkeypatch.undo()
    assert user_count(session) == 0


def test_the_first_account_is_told_how_publishing_works(app, runner):
    first = runner.invoke(args=["create-user", "lead", "--role", "admin"])
    assert "the two-person rule is on" in first.output
    assert "REVIEW_REQUIRED=false" in first.output  # how a practice of one turns it off
    second = runner.invoke(args=["create-user", "ed", "--role", "editor"])
    assert "two-person rule" not in second.output


@pytest.mark.app_config(REVIEW_REQUIRED=False)
def test_a_practice_of_one_is_told_it_may_publish_alone(app, runner):
    result = runner.invoke(args=["create-user", "lead", "--role", "admin"])
    assert "the two-person rule is off" in result.output
    assert "Working alone?" not in result.output
