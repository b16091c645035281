"""The real app on a real WSGI server in a thread, on a random loopback port."""

import threading

from werkzeug.serving import make_server


class LiveServer:
    def __init__(self, app, host="127.0.0.1"):
        self._server = make_server(host, 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the port, so that connections are refused (may repeat)."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
