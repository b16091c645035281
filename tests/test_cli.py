"""The practice-guide command, through Flask's CLI runner."""

import json

import pytest

from server.db import session_scope
from server.publishing import audit, drafts, store
from tests.samples import minimal_taxonomy


@pytest.fixture
def write_taxonomy(tmp_path):
    def write(document, name="taxonomy.json"):
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return write


def published_numbers(app):
    with session_scope(app) as session:
        rows, _total = store.list_versions(session)
        return [row.number for row in rows]


def test_check_accepts_a_valid_file(runner, write_taxonomy):
    result = runner.invoke(args=["check", str(write_taxonomy(minimal_taxonomy()))])
    assert result.exit_code == 0, result.output
    assert "valid (9 categories" in result.output


def test_check_lists_every_problem_with_its_path(runner, write_taxonomy):
    document = minimal_taxonomy()
    document["sites"][1]["patterns"] = ["https://mail.google.com:443/*"]
    document["categories"][2]["cautions"].append("missing")
    result = runner.invoke(args=["check", str(write_taxonomy(document))])
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "sites[1].patterns[0]: Not a valid match pattern" in result.output
    assert "categories[2].cautions[2]: Unknown caution 'missing'." in result.output


def test_check_reports_broken_json(runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ nope")
    result = runner.invoke(args=["check", str(path)])
    assert result.exit_code == 1
    assert "Not valid JSON" in result.output


def test_init_db_seeds_the_default(app, runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "published version 1" in result.output
    assert published_numbers(app) == [1]


def test_import_puts_the_file_into_the_draft_for_review(app, runner, write_taxonomy):
    runner.invoke(args=["init-db"])
    document = minimal_taxonomy()
    document["meta"]["title"] = "Imported"
    result = runner.invoke(
        args=["import", str(write_taxonomy(document)), "--note", "New cautions", "--author", "lead"]
    )
    assert result.exit_code == 0, result.output
    assert "The draft is now revision 2" in result.output
    assert published_numbers(app) == [1]
    with session_scope(app) as session:
        draft = drafts.get_draft(session)
        assert drafts.document_of(draft)["meta"]["title"] == "Imported"
        assert drafts.status_of(session, draft) == "edited"
        [event] = audit.list_events(session)[0]
        assert (event.actor, event.channel, event.action) == (
            "lead (command line)",
            "cli",
            "import",
        )


def test_import_of_a_format_1_file_lists_what_it_took_from_the_draft(app, runner, write_taxonomy):
    from tests.samples import minimal_format1

    runner.invoke(args=["init-db"])
    result = runner.invoke(args=["import", str(write_taxonomy(minimal_format1())), "--note", "Old"])
    assert result.exit_code == 0, result.output
    assert "is in format 1 and was converted" in result.output
    assert "cautions[0].action: Taken from the draft: check it." in result.output
    assert "The draft is now revision 2" in result.output


def test_import_with_publish_publishes_a_new_version(app, runner, write_taxonomy):
    runner.invoke(args=["init-db"])
    document = minimal_taxonomy()
    document["meta"]["title"] = "Imported"
    result = runner.invoke(
        args=[
            "import",
            str(write_taxonomy(document)),
            "--note",
            "New cautions",
            "--author",
            "lead",
            "--publish",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Published version 2" in result.output
    with session_scope(app) as session:
        current = store.get_current(session)
        assert (current.author, current.change_note) == ("lead (command line)", "New cautions")
        # The draft had no unpublished edits, so it follows the new version.
        assert drafts.status_of(session, drafts.get_draft(session)) == "unchanged"
        [event] = audit.list_events(session)[0]
        assert (event.channel, event.action) == ("cli", "publish")


def test_import_of_an_invalid_file_changes_nothing(app, runner, write_taxonomy):
    runner.invoke(args=["init-db"])
    document = minimal_taxonomy()
    document["references"][0]["url"] = "http://insecure.example/"
    document["sites"][0]["categories"] = ["fax"]
    for publish in ([], ["--publish"]):
        result = runner.invoke(
            args=["import", str(write_taxonomy(document)), "--note", "bad", *publish]
        )
        assert result.exit_code == 1
        assert "references[0].url" in result.output
        assert "sites[0].categories[0]: Unknown category 'fax'." in result.output
        assert "Nothing was changed." in result.output
    assert published_numbers(app) == [1]
    with session_scope(app) as session:
        assert audit.list_events(session)[1] == 0


def test_import_requires_a_change_note(runner, write_taxonomy):
    result = runner.invoke(args=["import", str(write_taxonomy(minimal_taxonomy()))])
    assert result.exit_code == 2
    assert "--note" in result.output


def test_import_of_the_current_version_is_a_no_op(app, runner, default_taxonomy_path):
    runner.invoke(args=["init-db"])
    result = runner.invoke(
        args=["import", str(default_taxonomy_path), "--note", "same", "--publish"]
    )
    assert result.exit_code == 0
    assert "nothing published" in result.output
    assert published_numbers(app) == [1]


def test_export_round_trips(app, runner, tmp_path, write_taxonomy):
    runner.invoke(args=["init-db"])
    document = minimal_taxonomy()
    document["meta"]["title"] = "Round trip"
    runner.invoke(args=["import", str(write_taxonomy(document)), "--note", "n", "--publish"])
    out = tmp_path / "exported.json"
    result = runner.invoke(args=["export", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == document
    old = runner.invoke(args=["export", "--version", "1"])
    assert json.loads(old.stdout)["meta"]["title"] == "Test guidance"
    missing = runner.invoke(args=["export", "--version", "9"])
    assert missing.exit_code == 1
    assert "version 9 does not exist" in missing.output


def test_classify_shows_the_winning_pattern(runner):
    runner.invoke(args=["init-db"])
    result = runner.invoke(args=["classify", "https://mail.google.com/chat/u/0/#chat/home"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("https://mail.google.com/chat/u/0/#chat/home -> live-chat")
    assert "* Google Chat in Gmail [gmail-chat]: live-chat via https://mail.google.com/chat/*" in (
        result.output
    )
    assert "  Gmail [gmail]: email via https://mail.google.com/*" in result.output


def test_classify_reports_no_match(runner, default_taxonomy_path):
    result = runner.invoke(
        args=["classify", "https://notzoom.us/", "--file", str(default_taxonomy_path)]
    )
    assert result.exit_code == 0
    assert "No guidance matches https://notzoom.us/" in result.output


def test_versions_lists_history(runner, write_taxonomy):
    runner.invoke(args=["init-db"])
    document = minimal_taxonomy()
    document["meta"]["title"] = "Two"
    runner.invoke(
        args=["import", str(write_taxonomy(document)), "--note", "second edition", "--publish"]
    )
    result = runner.invoke(args=["versions"])
    assert "2" in result.output.splitlines()[0] and "second edition" in result.output


def test_schema_prints_json_schema(runner):
    result = runner.invoke(args=["schema"])
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False


def test_import_refuses_to_replace_unpublished_draft_work(app, runner, write_taxonomy):
    runner.invoke(args=["init-db"])
    first = minimal_taxonomy()
    first["meta"]["title"] = "Someone's work in progress"
    runner.invoke(args=["import", str(write_taxonomy(first)), "--note", "wip"])
    second = minimal_taxonomy()
    second["meta"]["title"] = "Operator file"
    path = str(write_taxonomy(second))
    refused = runner.invoke(args=["import", path, "--note", "again"])
    assert refused.exit_code == 1
    assert "unpublished changes" in refused.output and "--replace-draft" in refused.output
    with session_scope(app) as session:
        title = drafts.document_of(drafts.get_draft(session))["meta"]["title"]
        assert title == "Someone's work in progress"
    replaced = runner.invoke(args=["import", path, "--note", "again", "--replace-draft"])
    assert replaced.exit_code == 0, replaced.output
    with session_scope(app) as session:
        assert drafts.document_of(drafts.get_draft(session))["meta"]["title"] == "Operator file"


@pytest.fixture
def served(monkeypatch, app):
    """`serve` up to the moment it would start gunicorn: what it would start it with, and
    how many database connections the master process still holds then."""
    from server import serve

    calls = []
    engine = app.extensions["practice_guide_db"]["engine"]
    monkeypatch.setattr(
        serve,
        "run",
        lambda **options: calls.append(
            (options, engine.pool.checkedin() + engine.pool.checkedout())
        ),
    )
    return calls


def test_serve_on_an_empty_user_table_says_how_to_create_the_first_admin(runner, served):
    result = runner.invoke(args=["serve", "--port", "5999"])
    assert result.exit_code == 0, result.output
    assert "create-user NAME --role admin" in result.output
    assert "one-time password" in result.output
    [(options, pooled)] = served
    assert options["port"] == 5999
    # Forked workers must not share a connection the master opened.
    assert pooled == 0


def test_serve_says_nothing_about_accounts_once_there_is_one(app, runner, served):
    runner.invoke(args=["create-user", "lead", "--role", "admin"])
    result = runner.invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    assert "create-user" not in result.output
    assert served[-1][1] == 0


@pytest.mark.parametrize(
    ("required", "mode"), [(True, "two-person rule"), (False, "publish alone")]
)
def test_the_serving_line_states_the_review_mode(app, runner, served, required, mode):
    app.config["REVIEW_REQUIRED"] = required
    result = runner.invoke(args=["serve"])
    assert f"review: {mode})" in result.output


# --- The group as an operator sees it -----------------------------------------------------

OUR_COMMANDS = {
    "check",
    "upgrade-format",
    "schema",
    "import",
    "export",
    "classify",
    "versions",
    "init-db",
    "create-user",
    "list-users",
    "create-token",
    "revoke-token",
    "list-tokens",
    "db",
    "extension",
    "serve",
    "backup",
    "restore",
}


def operator_cli(app, *args):
    """`practice-guide ARGS` through the real entry point, on the test's app."""
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from server.cli import main

    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_help_lists_only_our_commands_and_options(app):
    result = operator_cli(app, "--help")
    assert result.exit_code == 0, result.output
    text = result.output
    commands = text.split("Commands:")[1]
    listed = {line.split()[0] for line in commands.splitlines() if line.strip()}
    assert listed == OUR_COMMANDS
    options = text.split("Options:")[1].split("Commands:")[0]
    assert [line.split()[0] for line in options.splitlines() if line.strip()] == ["--help"]
    for developer_only in ("--app", "--debug", "--env-file", "--version", "limiter", "dotenv"):
        assert developer_only not in text


@pytest.mark.parametrize("option", ["--app", "--debug", "--env-file", "--version"])
def test_flask_developer_options_are_refused(app, option):
    result = operator_cli(app, option)
    assert result.exit_code == 2, result.output
    assert "No such option" in result.output


@pytest.mark.parametrize("command", sorted(OUR_COMMANDS))
def test_each_command_explains_itself(app, command):
    result = operator_cli(app, command, "--help")
    assert result.exit_code == 0, result.output
    usage, summary = result.output.split("\n\n")[:2]
    assert usage.startswith(f"Usage: main {command} ")
    assert len(summary.strip()) > 20
