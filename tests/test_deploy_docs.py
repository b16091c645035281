"""docs/deploy.md and deploy/ stay true: every `practice-guide` command they give exists
with the options given, every setting they set is one the service reads, the files they
name exist, and the container and the unit run the service as the guide says.
(tests/e2e/test_deploy.py runs the nginx set-up itself.)"""

import json
import re
import shlex
from pathlib import Path

import pytest

from server import create_app
from server.config import DEFAULTS, ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deploy.md"
DEPLOY = ROOT / "deploy"
# Settings read from the environment outside config.ENVIRONMENT (create_app).
OTHER_SETTINGS = {"INSTANCE_PATH"}
# Shell words that end one command on a line.
SEPARATORS = {";", "|", "||", "&&", ">", "2>&1", "#"}
# `practice-guide` as a program, not as the user or group of that name.
INVOCATION = re.compile(r"(?<!-u )(?<!-g )(?:^|(?<=\s)|(?<=bin/))practice-guide\s+(.+)$")
# The guide's shell function that runs the command as the service's user.
FUNCTION = re.compile(r"^guide\s+(.+)$")
WORD = re.compile(r"[a-z][a-z-]*")


def code_lines(text):
    """Lines of fenced code blocks, and each inline code span."""
    lines = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced:
            lines.append(line.strip())
        else:
            lines.extend(span.strip() for span in re.findall(r"`([^`]+)`", line))
    return lines


def invocations(lines):
    """The argument lists of each `practice-guide ...` (or `guide ...`) in the lines."""
    found = []
    for line in lines:
        for pattern in (INVOCATION, FUNCTION):
            match = pattern.search(line)
            if not match:
                continue
            try:
                words = shlex.split(match.group(1), comments=True)
            except ValueError:
                words = match.group(1).split()
            for index, word in enumerate(words):
                if word in SEPARATORS:
                    words = words[:index]
                    break
            if words and WORD.fullmatch(words[0]):
                found.append(words)
    return found


def documented_invocations():
    lines = code_lines(GUIDE.read_text(encoding="utf-8"))
    for path in sorted(DEPLOY.iterdir()):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return invocations(lines)


@pytest.fixture(scope="module")
def commands(tmp_path_factory):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("i"))})
    return app.cli.commands


def test_the_guide_gives_the_commands_an_operator_needs():
    given = {
        tuple(words[:2]) if words[0] == "db" else words[0]
        for words in invocations(code_lines(GUIDE.read_text(encoding="utf-8")))
    }
    for needed in ("serve", "backup", "restore", "create-user", ("db", "upgrade")):
        assert needed in given, needed


@pytest.mark.parametrize("words", documented_invocations(), ids=" ".join)
def test_every_command_given_exists_with_its_options(commands, words):
    command = commands.get(words[0])
    assert command is not None, f"practice-guide has no command {words[0]!r}"
    rest = words[1:]
    if hasattr(command, "commands"):
        assert rest and rest[0] in command.commands, f"{words[0]} has no command {rest[:1]}"
        command, rest = command.commands[rest[0]], rest[1:]
    options = {name for param in command.params for name in param.opts + param.secondary_opts}
    for word in rest:
        if word.startswith("--"):
            assert word.split("=")[0] in options, f"{' '.join(words)}: no option {word}"


def known_settings():
    return set(ENVIRONMENT) | OTHER_SETTINGS


def test_every_setting_the_guide_sets_is_one_the_service_reads():
    text = GUIDE.read_text(encoding="utf-8")
    fenced = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    assigned = {
        match
        for block in fenced
        for match in re.findall(r"^([A-Z][A-Z_]+)=", block, flags=re.M)
        if match not in {"DB_PASSWORD"}  # compose's own, in deploy/.env
    }
    assert assigned and assigned <= known_settings(), assigned - known_settings()
    for name in re.findall(r"\*\*`([A-Z][A-Z_]+)`\*\*", text):
        assert name in known_settings() or name in DEFAULTS, name


def test_the_files_the_guide_names_exist():
    text = GUIDE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:deploy|tests|docs)/[\w./-]+\.\w+|Dockerfile)`", text))
    assert "deploy/nginx.conf" in named
    for name in named:
        if name.startswith("deploy/tls/") or name == "deploy/.env":
            continue  # the operator's own
        assert (ROOT / name).exists(), name


def test_the_readme_points_at_the_guide():
    assert "docs/deploy.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def dockerfile_instructions():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    final_stage = text.split("\nFROM ")[-1]
    instructions = {}
    for line in final_stage.splitlines():
        if line and not line.startswith("#"):
            keyword, _, value = line.partition(" ")
            instructions.setdefault(keyword.upper(), []).append(value.strip())
    return instructions


def test_the_image_serves_as_an_unprivileged_user_with_a_health_check():
    instructions = dockerfile_instructions()
    (user,) = instructions["USER"]
    assert user not in {"root", "0"}
    (health,) = instructions["HEALTHCHECK"]
    assert "/healthz" in health
    (command,) = instructions["CMD"]
    assert json.loads(command)[:2] == ["practice-guide", "serve"]
    environment = " ".join(instructions["ENV"])
    for name in re.findall(r"([A-Z][A-Z_]+)=", environment):
        assert name in known_settings() or name.startswith("PYTHON"), name


def test_compose_runs_the_service_behind_nginx_on_postgresql():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    guide = services["guide"]
    assert (DEPLOY / guide["build"] / "Dockerfile").exists()
    assert guide["environment"]["PROXY_HOPS"] == "1"
    assert guide["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert set(guide["environment"]) <= known_settings()
    assert services["db"]["image"].startswith("postgres:")
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["proxy"]["volumes"]
    assert "server guide:5080;" in (DEPLOY / "nginx.conf").read_text(encoding="utf-8")


def test_the_unit_serves_with_the_settings_the_guide_writes():
    unit = (DEPLOY / "practice-guide.service").read_text(encoding="utf-8")
    values = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0].isalpha()
    )
    assert values["ExecStart"].split()[:2] == ["/opt/practice-guide/bin/practice-guide", "serve"]
    assert values["EnvironmentFile"] in GUIDE.read_text(encoding="utf-8")
    assert values["User"] != "root"
    assert values["Environment"] == "INSTANCE_PATH=/var/lib/practice-guide"
