"""Programs a test starts (gunicorn, nginx, PostgreSQL): each in its own process group,
logging to a file, stopped with the whole group however the test ends."""

import os
import signal
import socket
import subprocess
import time

START_SECONDS = 30
STOP_SECONDS = 15


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Program:
    def __init__(self, name, command, log, **options):
        self.name = name
        self.log = log
        self._log_file = open(log, "ab")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [str(part) for part in command],
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **options,
        )

    def output(self):
        return self.log.read_text(errors="replace")

    def wait_until(self, condition, what, timeout=START_SECONDS):
        """Poll ``condition()`` until it is truthy; fail early if the program exits."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"{self.name} exited:\n{self.output()}"
            value = condition()
            if value:
                return value
            assert time.monotonic() < deadline, f"{what} within {timeout}s:\n{self.output()}"
            time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log_file.close()
