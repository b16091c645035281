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
    }
    GuideServer(options).run()
