"""Debian's nginx, run by a test with deploy/nginx.conf: the shipped file with only its
addresses, certificate paths and log and temporary folders changed, so that what the
deployment guide tells an operator to run is what the test goes through."""

import shutil
from pathlib import Path

import pytest

from tests.e2e.processes import Program

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
# Run by a test: in the foreground, one process (so no user to switch to), files here.
TEST_GLOBALS = """\
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
"""
TEST_HTTP = """\
    access_log {folder}/access.log;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    # From another loopback address than the browser's, so the service's log tells the
    # address nginx forwarded from the one it connected from.
    proxy_bind {proxy_address};
"""
PROXY_ADDRESS = "127.0.0.2"


def program():
    path = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if path is None:
        pytest.skip("nginx is not installed")
    return path


def config_for_test(folder, *, https_port, http_port, upstream, cert, key):
    """deploy/nginx.conf for this test; fails if the shipped file no longer has a line
    the test changes (then the guide and the test need a look)."""
    text = SHIPPED.read_text(encoding="utf-8")
    changes = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "server guide:5080;": f"server {upstream};",
        "/etc/nginx/tls/fullchain.pem": str(cert),
        "/etc/nginx/tls/privkey.pem": str(key),
        "worker_processes auto;\n": TEST_GLOBALS.format(folder=folder),
        "http {\n": "http {\n" + TEST_HTTP.format(folder=folder, proxy_address=PROXY_ADDRESS),
    }
    for shipped, changed in changes.items():
        assert text.count(shipped) == 1, f"deploy/nginx.conf should hold {shipped!r} once"
        text = text.replace(shipped, changed)
    return text


def start(folder, **addresses):
    """nginx serving test_config; returns the Program (stop() ends it)."""
    (folder / "temp").mkdir(parents=True)
    config = folder / "nginx.conf"
    config.write_text(config_for_test(folder, **addresses), encoding="utf-8")
    command = [program(), "-p", folder, "-c", config, "-e", folder / "error.log"]
    return Program("nginx", command, folder / "output.log")
