"""Accounts and API tokens on the server's command line: create-user, list-users,
create-token, revoke-token, list-tokens."""

import sys

import click
from flask.cli import with_appcontext

from .. import db
from ..models import ApiToken, User, storable
from .accounts import ROLES, AccountError, create_user, get_user, list_users, user_count
from .review_rule import review_rule_lines
from .tokens import TokenError, create_token, list_tokens, revoke_token

# Who the audit log names for changes made on the server's command line.
CLI_ACTOR = "command line"


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of generating a one-time one.",
)
def create_user_command(username, role, password_stdin):
    """Create an account. Without --password-stdin a one-time password is printed once."""
    db.upgrade_database()
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user, one_time = create_user(
            db.get_session(), username, role, password, actor=CLI_ACTOR, channel="cli"
        )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role} '{user.username}'.")
    if one_time:
        click.echo(f"One-time password (shown only now): {one_time}")
    if user_count(db.get_session()) == 1:
        # The first account: say now how publishing works, before anyone is stuck at review.
        for line in review_rule_lines():
            click.echo(line)


@click.command("list-users")
@with_appcontext
def list_users_command():
    """List the accounts of the admin area."""
    db.upgrade_database()
    users = list_users(db.get_session())
    if not users:
        click.echo("No users yet: practice-guide create-user NAME --role admin")
    for user in users:
        flags = [] if user.active else ["deactivated"]
        if user.must_change_password:
            flags.append("one-time password not replaced yet")
        created = user.created_at.strftime("%Y-%m-%d")
        suffix = f"  ({', '.join(flags)})" if flags else ""
        click.echo(f"{user.username:<24} {user.role:<9} created {created}{suffix}")


@click.command("create-token")
@with_appcontext
@click.argument("username")
@click.argument("name")
def create_token_command(username, name):
    """Create an API token that acts as USERNAME, named NAME (what will use it).

    The token is printed once, alone on standard output, so it can be piped straight
    into a secret store; everything else goes to standard error.
    """
    db.upgrade_database()
    session = db.get_session()
    user = get_user(session, username)
    if user is None:
        raise click.ClickException(f"There is no user called '{username}' (see list-users).")
    try:
        token, secret = create_token(session, user, name, actor=CLI_ACTOR, channel="cli")
    except TokenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Created token {token.id} '{token.name}', acting as {user.username} ({user.role}). "
        "It is shown only now: keep it in a secret store, never in a shared file.",
        err=True,
    )
    click.echo(secret)


@click.command("revoke-token")
@with_appcontext
@click.argument("token_id", metavar="ID", type=int)
def revoke_token_command(token_id):
    """Revoke API token ID (see list-tokens): it stops working at once."""
    db.upgrade_database()
    session = db.get_session()
    token = session.get(ApiToken, token_id) if storable(token_id) else None
    if token is None:
        raise click.ClickException(f"There is no API token {token_id} (see list-tokens).")
    if not revoke_token(session, token, actor=CLI_ACTOR, channel="cli"):
        click.echo(f"Token {token.id} '{token.name}' was already revoked.")
        return
    owner = session.get(User, token.user_id)
    click.echo(f"Revoked token {token.id} '{token.name}' of {owner.username}.")


@click.command("list-tokens")
@with_appcontext
def list_tokens_command():
    """List API tokens, newest first (never the tokens themselves)."""
    db.upgrade_database()
    rows = list_tokens(db.get_session())
    if not rows:
        click.echo("No API tokens yet: practice-guide create-token USERNAME NAME")
    for token, user in rows:
        created = token.created_at.strftime("%Y-%m-%d")
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        state = "revoked" if token.revoked_at else "active" if user.active else "user deactivated"
        click.echo(
            f"{token.id:>4}  {token.prefix}...  {token.name}  as {user.username} ({user.role}); "
            f"created {created} by {token.created_by}; last used {used}; {state}"
        )


COMMANDS = (
    create_user_command,
    list_users_command,
    create_token_command,
    revoke_token_command,
    list_tokens_command,
)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
