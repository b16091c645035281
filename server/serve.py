"""Running the app under gunicorn from our own CLI, so `practice-guide serve` is the one way in."""

from gunicorn.app.base import BaseApplication


class GuideServer(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app, engine and connections after the fork.
        from . import create_app

        return create_app()


def run(host, port, workers, threads, access_log=False):
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "proc_name": "practice-guide",
        # One listening socket per worker: the kernel spreads connections evenly, where a
        # shared socket can leave one worker holding every keep-alive connection.
        "reuse_port": True,
        # gunicorn's control socket sits at one path per user, so a second instance (a
        # benchmark, a test) would delete the first one's; we do not use it.
        "control_socket_disable": True,
    }
    GuideServer(options).run()
