"""The guidance service as the e2e tests see it: a tap that records every request the
server receives (from launch on, before any Playwright listener exists) and can answer
with an injected fault instead of the app; and publishing new versions while it runs."""

import copy
import gzip
import hashlib
import json
import threading

from werkzeug.serving import make_server

from server.db import session_scope, upgrade_database
from server.publishing import store

TAXONOMY_PATH = "/api/v2/taxonomy"
# Larger than the extension's cap (lib/validate.js MAX_DOCUMENT_BYTES, 2 MiB).
HUGE_BYTES = 3 * 1024 * 1024
# How long a stalled answer waits at most if a test never releases it.
STALL_SECONDS = 30


class ServerTap:
    """WSGI middleware: records requests and their answers; `fault` replaces the app."""

    def __init__(self, app):
        self.app = app
        self.fault = None
        self.released = threading.Event()
        self._requests = []
        self._lock = threading.Lock()

    def serve(self, app):
        """Put `app` behind the tap, as if the service had just started: no fault, no
        requests recorded, and whatever the last app left stalled let go."""
        self.release()
        with self._lock:
            self.app = app
            self.fault = None
            self.released = threading.Event()
            self._requests = []

    def __call__(self, environ, start_response):
        entry = {
            "method": environ["REQUEST_METHOD"],
            "path": environ.get("PATH_INFO", ""),
            "query": environ.get("QUERY_STRING", ""),
            "headers": request_headers(environ),
            "status": None,
            "response_headers": {},
        }
        with self._lock:
            self._requests.append(entry)

        def recording_start_response(status, headers, exc_info=None):
            entry["status"] = int(status.split()[0])
            entry["response_headers"] = {name.lower(): value for name, value in headers}
            return start_response(status, headers, exc_info)

        handler = self.fault or self.app
        return handler(environ, recording_start_response)

    @property
    def requests(self):
        with self._lock:
            return list(self._requests)

    def taxonomy_requests(self):
        return [entry for entry in self.requests if entry["path"] == TAXONOMY_PATH]

    def release(self):
        """Let stalled answers finish (teardown)."""
        self.released.set()


def request_headers(environ):
    """The request's headers as sent, lower-case names."""
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


# --- Faults: WSGI apps answering in place of the service ---------------------------------


def answer(status, body, content_type="application/json", headers=()):
    """A fixed answer with a Content-Length."""

    def app(environ, start_response):
        start_response(
            status,
            [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers],
        )
        return [body]

    return app


def huge(with_length):
    """A JSON body larger than the cap, declared up front or streamed (chunked)."""
    head, tail = b'{"version": 99, "padding": "', b'"}'
    size = HUGE_BYTES + len(head) + len(tail)
    chunk = b"x" * 65536

    def app(environ, start_response):
        headers = [("Content-Type", "application/json")]
        if with_length:
            headers.append(("Content-Length", str(size)))
        start_response("200 OK", headers)
        yield head
        for _ in range(HUGE_BYTES // len(chunk)):
            yield chunk
        yield tail

    return app


def gzip_bomb():
    """A few KiB on the wire that inflate past the cap: Content-Length says little."""
    body = gzip.compress(b'{"version": 99, "padding": "' + b"x" * HUGE_BYTES + b'"}')
    return answer("200 OK", body, headers=[("Content-Encoding", "gzip")])


def stall(tap, before_headers):
    """An answer that does not come in time: nothing at all, or headers and then nothing."""

    def app(environ, start_response):
        if before_headers:
            tap.released.wait(STALL_SECONDS)
        start_response("200 OK", [("Content-Type", "application/json")])
        yield b'{"version": '
        tap.released.wait(STALL_SECONDS)
        yield b"99}"

    return app


def envelope_body(document, version):
    """A body shaped like the service's answer, for a document it never published."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return json.dumps(
        {
            "version": version,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "published_at": "2030-01-01T00:00:00+00:00",
            "author": "someone",
            "change_note": "not what the service would publish",
            "taxonomy": document,
        }
    ).encode()


# --- Publishing ---------------------------------------------------------------------------


def published(app):
    """The app's cache of published versions, with its tables ready (the app makes them on
    its first request, which may not have come yet)."""
    upgrade_database(app)
    return app.extensions["practice_guide_published"]


def current_document(app):
    return copy.deepcopy(published(app).current().document)


def with_caution_text(document, caution_id, text):
    """The document with one caution's detail (its full explanation) changed."""
    document = copy.deepcopy(document)
    caution = next(item for item in document["cautions"] if item["id"] == caution_id)
    caution["detail"] = text
    return document


def publish(app, document, note="e2e: changed guidance"):
    """Publish `document` as the next version and serve it at once; return its number."""
    cache = published(app)
    with session_scope(app) as session:
        version = store.publish(session, document, author="e2e test", change_note=note)
        cache.note_published(version)
        return version.number


# --- The service on one port for a whole test module ---------------------------------------


def shipped_app(instance_path):
    """The service seeded with the real shipped guidance, as `make run` serves it."""
    from server import create_app
    from tests.conftest import SHIPPED_TAXONOMY

    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance_path),
            "DEFAULT_TAXONOMY_PATH": str(SHIPPED_TAXONOMY),
        }
    )


def dispose(app):
    app.extensions["practice_guide_db"]["engine"].dispose()


class GuidanceServer:
    """A real WSGI server in a thread on one loopback port, which a test may stop (the
    port then refuses connections) and the next test starts again on the same port, so
    that an extension built for its address keeps reaching it."""

    def __init__(self, app, host="127.0.0.1"):
        self.app = app
        self.host = host
        self._server = make_server(host, 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self._thread = None
        self._serve()

    def _serve(self):
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def running(self):
        return self._server is not None

    def stop(self):
        """Stop serving and close the port, so that connections are refused (may repeat)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._server = None

    def start(self):
        """Serve again on the same port (after stop)."""
        if self._server is None:
            self._server = make_server(self.host, self.port, self.app, threaded=True)
            self._serve()
        return self


class GuidanceService:
    """The guidance service of a test module: a GuidanceServer with a ServerTap in front.
    Each test gets a fresh app (a database of its own, seeded with the shipped guidance)
    behind the same tap and port, so nothing one test publishes reaches the next."""

    def __init__(self, folder, host="127.0.0.1"):
        self.folder = folder
        self._made = 0
        self.app = self._new_app()
        self.tap = ServerTap(self.app)
        self.server = GuidanceServer(self.tap, host)
        self.url = self.server.url

    def _new_app(self):
        self._made += 1
        return shipped_app(self.folder / f"instance-{self._made}")

    def fresh(self, prepare=None):
        """A new app behind the tap, prepared (a version published...), and the server
        running; return that app."""
        old, self.app = self.app, self._new_app()
        if prepare is not None:
            prepare(self.app)
        self.tap.serve(self.app)
        self.server.start()
        dispose(old)
        return self.app

    def close(self):
        self.tap.release()
        self.server.stop()
        dispose(self.app)
