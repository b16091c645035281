"""``practice-guide extension``: build the organisation's packages, write its policy files."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..publishing.seeding import seeded_current
from . import addresses, builds, current, policies


@click.group("extension")
def extension_group():
    """The organisation's own browser extension: packages and policy files."""


@extension_group.command("build")
@with_appcontext
@click.option(
    "--server-url",
    help="The https address staff browsers reach this service at (default: PUBLIC_URL, "
    "else the last build's).",
)
@click.option("--author", default="command line", show_default=True)
def build_command(server_url, author):
    """Build the Chrome/Edge (CRX) and Firefox (XPI) packages of the published guidance,
    signed with instance/extension-key.pem (made on first use, never replaced)."""
    seeded_current()
    session = db.get_session()
    last = builds.latest(session)
    try:
        url = current.server_url(server_url or (last.server_url if last else None))
        build = current.build(session, server_url=url, author=author)
    except (addresses.ServerUrlInvalid, builds.BuildRefused) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Built version {build.version} of extension {build.extension_id}.")
    click.echo(f"Chrome/Edge update URL: {addresses.chrome_updates(build.server_url)}")
    click.echo(f"Firefox package:        {addresses.xpi(build.server_url)}")


@extension_group.command("policies")
@with_appcontext
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--jurisdiction", "jurisdictions", multiple=True, help="A jurisdiction id (repeat).")
@click.option("--frequency", help="every-visit, session, daily, on-change or never.")
@click.option("--check-hours", type=int, help="Hours between guidance checks (1-720).")
def policies_command(folder, jurisdictions, frequency, check_hours):
    """Write the policy files for the newest build into FOLDER."""
    db.upgrade_database()
    build = builds.latest(db.get_session())
    if build is None:
        raise click.ClickException("No build yet: run `practice-guide extension build` first.")
    try:
        values = policies.managed_values(
            build.server_url,
            jurisdictions=list(jurisdictions) or None,
            frequency=frequency,
            checkHours=check_hours,
        )
    except policies.SettingsInvalid as exc:
        raise click.ClickException(str(exc)) from exc
    Path(folder).mkdir(parents=True, exist_ok=True)
    for file_name, _media_type, render in policies.FILES.values():
        content = render(build, values)
        path = Path(folder) / file_name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        click.echo(f"Wrote {path}")


def init_app(app):
    app.cli.add_command(extension_group)
