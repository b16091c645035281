"""The Dockerfile builds an image that runs the service as an unprivileged user with a
health check. Needs a Docker daemon: where there is none (or it cannot be reached), the
test says so and is skipped; tests/test_deploy_docs.py still checks the file itself."""

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_SECONDS = 900


def docker():
    program = shutil.which("docker")
    if program is None:
        pytest.skip("no docker command on PATH: the image is not built here")
    probe = subprocess.run([program, "info"], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        reason = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or ["no answer"]
        pytest.skip(f"the Docker daemon cannot be reached ({reason[0]}): the image is not built")
    return program


def test_the_image_builds_and_runs_as_an_unprivileged_user_with_a_health_check():
    program = docker()
    tag = f"practice-guide-test:{uuid.uuid4().hex[:12]}"
    subprocess.run(
        [program, "build", "--tag", tag, str(ROOT)],
        check=True,
        capture_output=True,
        timeout=BUILD_SECONDS,
    )
    try:
        inspected = subprocess.run(
            [program, "image", "inspect", tag], check=True, capture_output=True, text=True
        )
        (image,) = json.loads(inspected.stdout)
        config = image["Config"]
        assert config["User"] not in ("", "root", "0")
        assert any("/healthz" in part for part in config["Healthcheck"]["Test"])
        assert config["Cmd"][:2] == ["practice-guide", "serve"]
        # What is installed is the service without its test tools.
        listed = subprocess.run(
            [program, "run", "--rm", tag, "pip", "list", "--format=json"],
            check=True,
            capture_output=True,
            text=True,
        )
        installed = {package["name"].lower() for package in json.loads(listed.stdout)}
        assert {"digital-practice-guide", "gunicorn", "psycopg"} <= installed
        assert not installed & {"pytest", "playwright", "schemathesis"}
    finally:
        subprocess.run([program, "image", "rm", "--force", tag], capture_output=True)
