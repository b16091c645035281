"""What `pip install .` installs on a server: the runtime dependencies without any test
tool, gunicorn among them, PostgreSQL's driver as an extra, and a wheel that carries the
repository files the service reads (it runs outside the checkout)."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = {"pytest", "pytest-playwright", "playwright", "schemathesis", "ruff", "import-linter"}


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def names(requirements):
    return {Requirement(requirement).name.lower() for requirement in requirements}


def test_the_runtime_dependencies_hold_the_wsgi_server_and_no_test_tool():
    runtime = names(project()["dependencies"])
    assert "gunicorn" in runtime
    assert not runtime & TEST_TOOLS
    assert not any(name.startswith("psycopg") for name in runtime)


def test_postgresql_support_is_an_extra():
    assert names(project()["optional-dependencies"]["postgres"]) == {"psycopg"}


def test_the_wheel_carries_what_the_service_reads_from_the_repository(tmp_path):
    # A copy of the source, so that the build leaves nothing in the checkout. (Built in
    # isolation, as `pip install .` builds: the setuptools pyproject.toml asks for.)
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "tests", "node_modules")
    for name in ("server", "shared", "extension"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
        + ["-w", str(tmp_path / "wheel"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    files = set(zipfile.ZipFile(wheel).namelist())
    assert "server/bundled/shared/taxonomy.json" in files
    assert "server/bundled/shared/taxonomy-rules.json" in files
    # The organisation's extension builds (server/rollout) write the format module from it.
    assert "server/bundled/shared/taxonomy.schema.json" in files
    assert "server/bundled/extension/lib/guidance.js" in files
    assert "server/migrations/versions/0001_taxonomy_versions.py" in files
    assert not any("/tests/" in name for name in files)


def test_instance_path_puts_the_instance_folder_where_a_server_keeps_its_data(tmp_path):
    from server import create_app
    from server.config import instance_path

    assert instance_path({}) is None
    assert instance_path({"INSTANCE_PATH": "relative/folder"}) == str(
        Path("relative/folder").resolve()
    )
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "given")})
    assert app.instance_path == str(tmp_path / "given")
