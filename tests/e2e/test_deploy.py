"""The service deployed as docs/deploy.md says: gunicorn (`practice-guide serve`) on
PostgreSQL, behind nginx with deploy/nginx.conf terminating TLS, PROXY_HOPS=1; and the
extension, built for the https address, syncing through it and showing a card.

The certificate is self-signed and trusted by this Chromium alone, by its key's hash
(--ignore-certificate-errors-spki-list), not by turning certificate checks off. PostgreSQL
is a database of the test's own on TEST_DATABASE_URL's server, or a throwaway cluster.
"""

import json
import os
import secrets
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scripts.build_extension import build
from tests.e2e import nginx, postgres, tls
from tests.e2e.cards import shipped_taxonomy
from tests.e2e.extension import extension_worker, launch, serve_fake_sites, visit, wait_for
from tests.e2e.pages import stored_guidance, wait_for_first_check
from tests.e2e.processes import Program, free_port

pytestmark = pytest.mark.e2e

COMMAND = Path(sys.executable).parent / "practice-guide"
EMAIL_NAME = "Email, as this practice's server publishes it"
GMAIL = "https://mail.google.com/mail/u/0/#inbox"
TAXONOMY = "/api/v2/taxonomy"


class Deployment:
    def __init__(self, folder, https_port, http_port, cert, spki, environment, service, proxy):
        self.folder = folder
        self.url = f"https://localhost:{https_port}"
        self.http_url = f"http://127.0.0.1:{http_port}"
        self.cert = cert
        self.spki = spki
        self.environment = environment
        self.service = service
        self.proxy = proxy

    def get(self, path, headers=None):
        """GET through nginx, trusting only the test's certificate: (status, headers, body)."""
        context = ssl.create_default_context(cafile=self.cert)
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, context=context, timeout=10) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()

    def service_log_lines(self, request_line):
        """gunicorn's access log lines for requests starting with request_line."""
        return [line for line in self.service.output().splitlines() if f'"{request_line}' in line]


def practice_guide(environment, *args):
    """Run the installed command as an operator would; return its output."""
    result = subprocess.run(
        [str(COMMAND), *map(str, args)], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def guidance_with_a_marked_email_category(folder):
    document = shipped_taxonomy()
    next(item for item in document["categories"] if item["id"] == "email")["name"] = EMAIL_NAME
    path = folder / "taxonomy.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def answers(url, context=None):
    try:
        with urllib.request.urlopen(url, context=context, timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    nginx.program()  # skip before starting anything when nginx is missing
    folder = tmp_path_factory.mktemp("deploy")
    cert, key, spki = tls.self_signed(folder)
    service_port, https_port, http_port = free_port(), free_port(), free_port()
    (folder / "run").mkdir(mode=0o700)
    with postgres.fresh_database() as database_url:
        environment = {
            **{name: value for name, value in os.environ.items() if name != "TEST_DATABASE_URL"},
            "DATABASE_URL": database_url,
            "PROXY_HOPS": "1",
            "SECRET_KEY": secrets.token_hex(32),
            "INSTANCE_PATH": str(folder / "instance"),
            "WEB_CONCURRENCY": "1",
            # gunicorn's runtime files away from any other instance's.
            "XDG_RUNTIME_DIR": str(folder / "run"),
        }
        # What the guide has an operator do on a new server, then an edit published.
        practice_guide(environment, "db", "upgrade")
        practice_guide(environment, "init-db")
        practice_guide(
            environment,
            "import",
            guidance_with_a_marked_email_category(folder),
            "--publish",
            "--note",
            "deployment test",
        )
        service = Program(
            "practice-guide serve",
            [COMMAND, "serve", "--port", service_port, "--access-log"],
            folder / "service.log",
            env=environment,
            cwd=folder,
        )
        proxy = None
        try:
            service.wait_until(
                lambda: answers(f"http://127.0.0.1:{service_port}/healthz"), "the service up"
            )
            proxy = nginx.start(
                folder / "nginx",
                https_port=https_port,
                http_port=http_port,
                upstream=f"127.0.0.1:{service_port}",
                cert=cert,
                key=key,
            )
            trusting = ssl.create_default_context(cafile=cert)
            proxy.wait_until(
                lambda: answers(f"https://localhost:{https_port}/healthz", trusting),
                "nginx serving the service over TLS",
            )
            yield Deployment(folder, https_port, http_port, cert, spki, environment, service, proxy)
        finally:
            if proxy is not None:
                proxy.stop()
            service.stop()


def test_the_extension_syncs_through_nginx_and_shows_the_card(
    deployment, playwright, chromium_path, tmp_path
):
    extension_dir = build(tmp_path / "dist", server_url=deployment.url)["chrome"]
    context = launch(
        playwright,
        chromium_path,
        tmp_path / "profile",
        extension_dir,
        # Trusts this certificate only, by the hash of its key.
        args=[f"--ignore-certificate-errors-spki-list={deployment.spki}"],
    )
    try:
        serve_fake_sites(context)
        worker = extension_worker(context)
        status = wait_for_first_check(worker)
        assert status["lastOutcome"] == "updated", status
        assert stored_guidance(worker)["version"] == 2
        page = visit(context, GMAIL)
        expect(page.locator("#dpg-title")).to_contain_text(EMAIL_NAME)
    finally:
        context.close()

    # The service saw the extension's GET as nginx forwarded it: from the browser's
    # address (not nginx's, 127.0.0.2), over https, for the public host and port.
    lines = wait_for(
        lambda: deployment.service_log_lines(f"GET {TAXONOMY} "),
        message="the guidance GET in the service's access log",
    )
    assert all(line.startswith("127.0.0.1 ") for line in lines), lines
    assert all(f" {deployment.url} " in line for line in lines), lines
    assert f"GET {TAXONOMY} " in (deployment.folder / "nginx" / "access.log").read_text()


def test_an_address_a_client_claims_is_not_believed(deployment):
    status, _headers, body = deployment.get(
        "/healthz?claimed", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert status == 200 and json.loads(body)["status"] == "ok"
    (line,) = wait_for(
        lambda: deployment.service_log_lines("GET /healthz?claimed "),
        message="the request in the service's access log",
    )
    assert line.startswith("127.0.0.1 "), line


def test_plain_http_is_sent_to_https(deployment):
    request = urllib.request.Request(deployment.http_url + "/healthz", method="GET")
    opener = urllib.request.build_opener(NoRedirects)
    with pytest.raises(urllib.error.HTTPError) as raised:
        opener.open(request, timeout=10)
    with raised.value as answer:
        assert answer.code == 301
        assert answer.headers["Location"].startswith("https://")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_backup_the_guide_gives_for_postgresql_works(deployment, tmp_path):
    """`practice-guide backup` names the pg_dump command; that command, run as printed,
    makes a dump pg_restore can read, with the service's tables in it."""
    result = subprocess.run(
        [str(COMMAND), "backup", "FILE"], env=deployment.environment, capture_output=True, text=True
    )
    assert result.returncode == 1
    (printed,) = [line.strip() for line in result.stderr.splitlines() if "pg_dump " in line]
    programs = postgres.server_programs()
    dump = tmp_path / "guide.dump"
    command = printed.replace("FILE", str(dump)).replace("'", "").split()
    subprocess.run([programs / command[0], *command[1:]], check=True, capture_output=True)
    listing = subprocess.run(
        [programs / "pg_restore", "--list", dump], check=True, capture_output=True, text=True
    ).stdout
    assert "TABLE public taxonomy_versions" in listing
