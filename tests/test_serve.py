"""`practice-guide serve` as it runs in production (gunicorn, a real socket): the errors
gunicorn answers itself, before the app sees the request, come in the API's one shape.

The server runs in its own process group on a free loopback port with a temporary
SQLite database, and is stopped (the whole group) however the test ends.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port, raw):
    """Send ``raw`` bytes, read the whole answer: (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The port of a running `practice-guide serve` (one worker)."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "run").mkdir(mode=0o700)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite'}",
        "WEB_CONCURRENCY": "1",
        # gunicorn's runtime files away from any other instance's.
        "XDG_RUNTIME_DIR": str(folder / "run"),
    }
    env.pop("TEST_DATABASE_URL", None)
    command = [str(Path(sys.executable).parent / "practice-guide"), "serve", "--port", str(port)]
    log = open(folder / "serve.log", "wb")  # noqa: SIM115 -- closed below, after the server
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, (folder / "serve.log").read_text()
            try:
                if (
                    exchange(
                        port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                    )[0]
                    == 200
                ):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (folder / "serve.log").read_text()
            time.sleep(0.2)
        yield port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def assert_json_error(answer, status, code):
    got, headers, body = answer
    assert got == status, body
    assert headers["content-type"] == "application/json"
    assert headers["content-length"] == str(len(body))
    payload = json.loads(body)
    assert payload["status"] == status and payload["code"] == code, payload
    assert payload["message"]
    return payload


def request(path="/", extra_headers=""):
    return f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{extra_headers}\r\n".encode()


def test_a_request_line_too_long_is_a_json_414(served):
    payload = assert_json_error(
        exchange(served, request("/api/v1/taxonomy?" + "a" * 5000)), 414, "request_uri_too_long"
    )
    assert "4,094 bytes" in payload["message"]


@pytest.mark.parametrize(
    "headers",
    [
        "X-Big: " + "a" * 9000 + "\r\n",
        "".join(f"X-Many-{n}: x\r\n" for n in range(120)),
    ],
    ids=["a header too large", "too many headers"],
)
def test_header_fields_too_large_or_too_many_are_a_json_431(served, headers):
    assert_json_error(
        exchange(served, request("/admin/", headers)), 431, "request_header_fields_too_large"
    )


def test_a_malformed_request_is_a_json_400(served):
    assert_json_error(exchange(served, b"NOT HTTP AT ALL\r\n\r\n"), 400, "bad_request")


def test_the_app_still_answers_as_usual(served):
    status, headers, body = exchange(served, request("/api/v1/taxonomy"))
    assert status == 200 and json.loads(body)["version"] == 1
    assert_json_error(exchange(served, request("/api")), 404, "not_found")
