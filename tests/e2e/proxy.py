"""A proxy that lets nothing through: the browser's way out, so that whatever leaves the
browser is seen. It records each request's head lines and body, and refuses it."""

import socketserver
import threading

REFUSAL = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
MAX_HEAD_LINES = 200
MAX_BODY = 1 << 20


def content_length(lines):
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return int(value)
    return 0


class _Recorder(socketserver.StreamRequestHandler):
    def handle(self):
        lines = []
        while len(lines) < MAX_HEAD_LINES:
            line = self.rfile.readline(65536).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            lines.append(line)
        if not lines:
            return
        body = self.rfile.read(min(content_length(lines), MAX_BODY)).decode("latin-1")
        self.server.record(lines, body)
        self.wfile.write(REFUSAL)


class RefusingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._requests = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def record(self, lines, body):
        with self._lock:
            self._requests.append((lines, body))

    @property
    def requests(self):
        """[(head lines, body)], the request line first."""
        with self._lock:
            return list(self._requests)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()
        self._thread.join(5)
