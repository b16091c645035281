"""``practice-guide serve``: the app under gunicorn, a production WSGI server, from our own
CLI so that it is the one way in."""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker
from werkzeug.http import HTTP_STATUS_CODES

from . import db
from .people.accounts import user_count
from .people.review_rule import review_mode
from .publishing.seeding import ready_to_serve


class GuideServer(BaseApplication):
    def __init__(self, app_factory, options):
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app, engine and connections after the fork.
        return self.app_factory()


class GuideWorker(ThreadWorker):
    """gunicorn's threaded worker, but the errors gunicorn answers itself, before the app
    sees the request (a request line over limit_request_line: 414; header fields over
    their limits: 431; malformed HTTP: 400), come in the API's one JSON shape rather
    than gunicorn's HTML page. gunicorn still decides the status and logs as usual; only
    the answer it writes is replaced. The path is not known yet, so every such answer
    is JSON, pages included."""

    def handle_error(self, req, client, addr, exc):
        written = _CapturedSocket(client)
        super().handle_error(req, written, addr, exc)
        status = written.status()
        if status is None:
            return
        try:
            util.write_nonblock(client, _json_error(status, self.cfg))
        except OSError:
            self.log.debug("Failed to send error message.")


class _CapturedSocket:
    """Stands in for the client's socket while gunicorn writes its error page."""

    def __init__(self, real):
        self.real = real
        self.data = b""

    def sendall(self, data):
        self.data += data

    send = sendall

    def gettimeout(self):
        return 0.0

    def setblocking(self, flag):
        pass

    def __getattr__(self, name):
        return getattr(self.real, name)

    def status(self):
        """The status of the answer gunicorn wrote ("HTTP/1.1 414 URI Too Long")."""
        parts = self.data.split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


GUNICORN_MESSAGES = {
    400: "The request is not valid HTTP.",
    414: "The address is longer than the {limit_request_line:,} bytes this server reads.",
    431: (
        "The request's header fields are too large (over {limit_request_field_size:,} bytes "
        "each) or too many (over {limit_request_fields})."
    ),
}


def _json_error(status, cfg):
    name = HTTP_STATUS_CODES.get(status, "Error")
    message = GUNICORN_MESSAGES.get(status, name + ".").format(
        limit_request_line=cfg.limit_request_line,
        limit_request_field_size=cfg.limit_request_field_size,
        limit_request_fields=cfg.limit_request_fields,
    )
    code = name.lower().replace(" ", "_").replace("'", "")
    body = json.dumps({"code": code, "status": status, "message": message}).encode()
    head = (
        f"HTTP/1.1 {status} {name}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


# gunicorn's usual line, then the scheme and host the app answered for, and the time taken.
# Logged after the app ran, so behind a reverse proxy (PROXY_HOPS) the address, scheme and
# host are those the proxy forwarded: a wrong PROXY_HOPS shows in the log at once.
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    "%({wsgi.url_scheme}e)s://%({http_host}e)s %(M)sms"
)


def run(*, app_factory, host, port, workers, threads, access_log=False):
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "server.serve.GuideWorker",
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "practice-guide",
        # One listening socket per worker: the kernel spreads connections evenly, where a
        # shared socket can leave one worker holding every keep-alive connection.
        "reuse_port": True,
        # gunicorn's control socket sits at one path per user, so a second instance (a
        # benchmark, a test) would delete the first one's; we do not use it.
        "control_socket_disable": True,
    }
    GuideServer(app_factory, options).run()


def _shown_command(path):
    """How to run this same command from the current folder (.venv/bin/practice-guide)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return path.name


@click.command("serve")
@with_appcontext
@click.option("--host", default=None, help="Interface to listen on [config HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [config PORT, 5080].")
@click.option("--workers", type=int, default=None, help="Worker processes [WEB_CONCURRENCY, 2].")
@click.option("--access-log/--no-access-log", default=False, help="Log each request.")
def serve_command(host, port, workers, access_log):
    """Serve the guidance and the admin pages with gunicorn."""
    app = current_app._get_current_object()
    version = ready_to_serve()
    nobody = user_count(db.get_session()) == 0
    db.close_session()
    db.get_engine().dispose()  # workers open their own connections after the fork
    host = host or app.config["HOST"]
    port = port or app.config["PORT"]
    if nobody:
        command = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("practice-guide")
        click.echo(
            "No one can sign in to the admin pages yet. Create the first admin (it prints a "
            f"one-time password) with:\n  {_shown_command(command)} create-user NAME --role admin"
        )
    click.echo(
        f"Digital Practice Guide: serving guidance version {version.number} "
        f"on http://{host}:{port}/ (database: {db.display_url(app)}; review: {review_mode()})"
    )
    run(
        # The factory the command line built this app with: each worker makes its own.
        app_factory=click.get_current_context().ensure_object(ScriptInfo).create_app,
        host=host,
        port=port,
        workers=workers or app.config["WORKERS"],
        threads=app.config["THREADS"],
        access_log=access_log,
    )


def init_app(app):
    app.cli.add_command(serve_command)
