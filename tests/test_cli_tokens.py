"""API tokens and users on the command line: the secret printed once and alone on
standard output, only its hash stored, every change audited as the command line."""

from sqlalchemy import select

from server.db import session_scope
from server.models import ApiToken, AuditEvent, User
from server.people.tokens import hash_token
from tests.conftest import SETUP_ACTOR


def cli_events(app):
    with session_scope(app) as session:
        query = (
            select(AuditEvent)
            .where(AuditEvent.channel == "cli", AuditEvent.actor != SETUP_ACTOR)
            .order_by(AuditEvent.id)
        )
        return [(e.actor, e.action, e.summary) for e in session.scalars(query)]


def create(runner, username="ann", name="Nightly import"):
    result = runner.invoke(args=["create-token", username, name])
    assert result.exit_code == 0, result.output
    return result


def test_create_token_prints_the_secret_alone_on_stdout(app, runner, accounts):
    result = create(runner)
    secret = result.stdout.strip()
    assert result.stdout == secret + "\n"
    assert secret.startswith("dpg_")
    assert "shown only now" in result.stderr and secret not in result.stderr
    with session_scope(app) as session:
        token = session.scalars(select(ApiToken)).one()
        assert token.token_hash == hash_token(secret)
        assert (token.name, token.created_by) == ("Nightly import", "command line")
        stored = " ".join(str(value) for value in vars(token).values())
        assert secret not in stored
    assert cli_events(app) == [
        ("command line", "token-create", "Created API token 'Nightly import' for ann")
    ]


def test_a_command_line_token_works_and_its_use_is_recorded(app, runner, client, accounts):
    secret = create(runner).stdout.strip()
    assert "last used never" in runner.invoke(args=["list-tokens"]).output
    response = client.get("/api/v1/admin/draft", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    with session_scope(app) as session:
        assert session.scalars(select(ApiToken)).one().last_used_at is not None
    assert "last used never" not in runner.invoke(args=["list-tokens"]).output


def test_create_token_refuses_unknown_and_deactivated_users_and_blank_names(app, runner, accounts):
    unknown = runner.invoke(args=["create-token", "nobody", "CI"])
    assert unknown.exit_code == 1
    assert "There is no user called 'nobody'" in unknown.output
    blank = runner.invoke(args=["create-token", "ann", "  "])
    assert blank.exit_code == 1 and "1-80 characters" in blank.output
    with session_scope(app) as session:
        session.scalars(select(User).where(User.username == "ann")).one().active = False
        session.commit()
    deactivated = runner.invoke(args=["create-token", "ann", "CI"])
    assert deactivated.exit_code == 1 and "deactivated" in deactivated.output
    assert cli_events(app) == []
    assert deactivated.stdout == ""


def test_list_tokens_shows_prefixes_never_secrets(runner, accounts):
    assert "No API tokens yet" in runner.invoke(args=["list-tokens"]).output
    first = create(runner, "ann", "Import").stdout.strip()
    second = create(runner, "rita", "Publisher").stdout.strip()
    listing = runner.invoke(args=["list-tokens"]).output
    lines = listing.splitlines()
    assert "Publisher  as rita (reviewer)" in lines[0] and second[:10] in lines[0]
    assert "Import  as ann (editor)" in lines[1] and first[:10] in lines[1]
    assert "created" in lines[1] and "by command line" in lines[1]
    assert first not in listing and second not in listing
    assert all(line.endswith("active") for line in lines)


def test_revoke_token_stops_it_at_once(app, runner, client, accounts):
    secret = create(runner).stdout.strip()
    with session_scope(app) as session:
        token_id = session.scalars(select(ApiToken)).one().id
    result = runner.invoke(args=["revoke-token", str(token_id)])
    assert result.exit_code == 0, result.output
    assert f"Revoked token {token_id} 'Nightly import' of ann." in result.output
    response = client.get("/api/v1/admin/draft", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    assert runner.invoke(args=["list-tokens"]).output.rstrip().endswith("revoked")
    again = runner.invoke(args=["revoke-token", str(token_id)])
    assert again.exit_code == 0 and "already revoked" in again.output
    assert [event[1] for event in cli_events(app)] == ["token-create", "token-revoke"]


def test_revoke_token_names_a_missing_token(runner, accounts):
    result = runner.invoke(args=["revoke-token", "42"])
    assert result.exit_code == 1
    assert "There is no API token 42" in result.output
    assert runner.invoke(args=["revoke-token", "abc"]).exit_code == 2


def test_list_users_shows_roles_and_flags(app, runner, accounts):
    runner.invoke(args=["create-user", "sam", "--role", "editor"])
    with session_scope(app) as session:
        session.scalars(select(User).where(User.username == "rob")).one().active = False
        session.commit()
    lines = runner.invoke(args=["list-users"]).output.splitlines()
    assert [line.split()[0] for line in lines] == ["ada", "ann", "rita", "rob", "sam"]
    assert lines[0].split()[1] == "admin"
    assert lines[3].endswith("(deactivated)")
    assert lines[4].endswith("(one-time password not replaced yet)")
    assert "(" not in lines[1]


def test_list_users_on_an_empty_service(runner):
    assert "No users yet" in runner.invoke(args=["list-users"]).output


def test_create_user_is_audited_without_the_password(app, runner):
    result = runner.invoke(args=["create-user", "lead", "--role", "admin"])
    assert result.exit_code == 0, result.output
    one_time = result.output.split("(shown only now): ")[1].splitlines()[0].strip()
    assert cli_events(app) == [("command line", "user-create", "Created admin 'lead'")]
    with session_scope(app) as session:
        assert one_time not in session.scalars(select(AuditEvent)).one().details
