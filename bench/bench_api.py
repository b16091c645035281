"""Benchmark: the public API's hot path under wrk, beside nginx serving the same bytes.

Run from the repository root::

    .venv/bin/python bench/bench_api.py [--duration 10] [--connections 32] [--threads 2]

It starts the service exactly as ``make run`` does (``practice-guide serve``: gunicorn,
gthread) on a free loopback port with a temporary SQLite database, and nginx on another
port serving the identical JSON, and its gzip copy, as static files. wrk then measures,
path by path, the 304 revalidation, the 200 identity and the 200 gzip responses of both,
and the table gives requests/second, p99 latency and the nginx/app ratio.

Target (issue): on 2 cores, >= 1,000 revalidations/second with p99 under 50 ms. wrk and
both servers share the machine's cores, so every figure includes the load tool's own cost.

Needs wrk and nginx (Debian packages ``wrk`` and ``nginx-light``), which
``scripts/ensure-bench-tools.sh`` installs. Only 127.0.0.1 is contacted, every loop is
bounded, and both servers and the temporary directory are removed however the run ends.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
API_PATH = "/api/v2/taxonomy"
STATIC_PATH = "/taxonomy.json"
TARGET_RPS = 1_000
TARGET_P99_MS = 50.0
START_SECONDS = 30
STOP_SECONDS = 15
# Above this share of the workers' CPU, one gunicorn worker took (nearly) every connection.
LOPSIDED_SHARE = 0.75
# wrk prints times with these units (src/units.c); the table shows milliseconds.
MS_PER_UNIT = {"us": 0.001, "ms": 1.0, "s": 1_000.0, "m": 60_000.0, "h": 3_600_000.0}
RPS_RE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
P99_RE = re.compile(r"^\s+99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
SOCKET_ERRORS_RE = re.compile(r"Socket errors: (.+)")
NON_2XX_3XX_RE = re.compile(r"Non-2xx or 3xx responses: (\d+)")
NGINX_CONF = """\
# Written by bench/bench_api.py for one run and removed with its directory.
daemon off;
master_process on;
worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    client_body_temp_path {root}/nginx-temp/body;
    proxy_temp_path {root}/nginx-temp/proxy;
    fastcgi_temp_path {root}/nginx-temp/fastcgi;
    uwsgi_temp_path {root}/nginx-temp/uwsgi;
    scgi_temp_path {root}/nginx-temp/scgi;
    types {{
        application/json json;
    }}
    sendfile on;
    tcp_nopush on;
    server {{
        listen {host}:{port};
        root {root}/www;
        location = {path} {{
            # Like the app: identity or the prepared gzip bytes, each with its own ETag.
            etag on;
            gzip_static on;
            gzip_vary on;
            add_header Cache-Control "public, max-age=300, must-revalidate";
        }}
    }}
}}
"""


class BenchError(Exception):
    """Something stopped the benchmark; the message says what and where to look."""


@dataclass(frozen=True)
class Tools:
    """The programs the benchmark runs."""

    wrk: str
    nginx: str
    serve: Path
    gunicorn: Path


@dataclass(frozen=True)
class Representations:
    """The app's two encodings of the current taxonomy, as served."""

    body: bytes
    etag: str
    gzip_body: bytes
    gzip_etag: str


@dataclass(frozen=True)
class Scenario:
    """One request shape against one server, and the answer it must get."""

    path: str
    server: str
    port: int
    url_path: str
    headers: dict
    status: int
    body: bytes


@dataclass(frozen=True)
class Result:
    """What wrk measured, plus how the app's workers shared the work (app only)."""

    rps: float
    p99_ms: float
    requests: int
    problems: str
    worker_cpu: tuple = ()


def parse_args(argv=None):
    """The load's shape; the worker count defaults to what `make run` would use."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per scenario")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or 2),
        help="gunicorn and nginx worker processes [WEB_CONCURRENCY, 2]",
    )
    args = parser.parse_args(argv)
    if min(args.duration, args.connections, args.threads, args.workers) < 1 or args.warmup < 0:
        parser.error("durations, connections, threads and workers must be positive")
    if args.connections < args.threads:
        parser.error("wrk needs at least one connection per thread")
    return args


def find_tools():
    """wrk, nginx and the project's own commands, or exit 2 saying how to get them."""
    wrk = shutil.which("wrk") or executable("/usr/bin/wrk")
    nginx = shutil.which("nginx") or executable("/usr/sbin/nginx")
    missing = [name for name, path in (("wrk", wrk), ("nginx", nginx)) if not path]
    if missing:
        print(
            f"bench_api: {' and '.join(missing)} not found. Run scripts/ensure-bench-tools.sh"
            " (it installs Debian's wrk and nginx-light), then run this again.",
            file=sys.stderr,
        )
        sys.exit(2)
    # The venv that runs this script is the one `make run` serves from.
    bin_dir = Path(sys.executable).parent
    serve, gunicorn = bin_dir / "practice-guide", bin_dir / "gunicorn"
    if not executable(serve):
        raise BenchError(f"{serve} not found: run `make install` first")
    return Tools(wrk=wrk, nginx=nginx, serve=serve, gunicorn=gunicorn)


def executable(path):
    """The path when it is an executable file, else None."""
    return str(path) if os.path.isfile(path) and os.access(path, os.X_OK) else None


def free_port():
    """A loopback port free right now; the short race until a server binds it is harmless here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    """One GET on 127.0.0.1 with exactly these headers: (status, headers, body)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def has_exited(process):
    """Whether a child has exited, without reaping it.

    An unreaped child keeps its pid, and so its process group id, reserved: the group can
    then be signalled without any risk of hitting an unrelated process.
    """
    flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
    return os.waitid(os.P_PID, process.pid, flags) is not None


def worker_cpu_seconds(master_pid):
    """CPU seconds (user + system) used so far by each child of a gunicorn master."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after the parenthesised command name: state, ppid, ..., utime, stime.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:
                seconds[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


@contextlib.contextmanager
def child(command, log_path, env=None):
    """Run a server in its own process group and always stop the whole group afterwards."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process):
    """SIGTERM lets gunicorn and nginx stop their workers; SIGKILL whatever is left."""
    if not has_exited(process):
        # os.kill, not process.terminate(): terminate() would reap an exited child first.
        os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while not has_exited(process) and time.monotonic() < deadline:
            time.sleep(0.05)
    # Workers of a master that died or hung must not outlive the benchmark.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def log_tail(path, lines=15):
    """The end of a server's log, to explain a failed start."""
    with contextlib.suppress(OSError):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])
    return "(no log)"


def wait_until_serving(name, process, log_path, port, path):
    """Poll until the server answers 200 on path, for at most START_SECONDS."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if has_exited(process):
            raise BenchError(f"{name} exited while starting; its log ends:\n{log_tail(log_path)}")
        with contextlib.suppress(OSError):
            status, _, body = get(port, path)
            if status == 200:
                return body
        time.sleep(0.2)
    raise BenchError(f"{name} did not answer within {START_SECONDS} s:\n{log_tail(log_path)}")


def start_app(stack, tools, workdir, workers):
    """`practice-guide serve` as `make run` runs it, on a temporary database and a free port."""
    port = free_port()
    db_dir, runtime_dir = workdir / "db", workdir / "run"
    db_dir.mkdir(mode=0o700)
    runtime_dir.mkdir(mode=0o700)
    env = dict(os.environ)
    # Never the repository's instance/ database: the run must leave no trace there.
    env["DATABASE_URL"] = f"sqlite:///{db_dir / 'bench.sqlite'}"
    env["WEB_CONCURRENCY"] = str(workers)
    # gunicorn >= 25.1 opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl (else
    # ~/.gunicorn/); a shared path would take over, then delete, a running `make run`'s one.
    env["XDG_RUNTIME_DIR"] = str(runtime_dir)
    command = [str(tools.serve), "serve", "--host", LOOPBACK, "--port", str(port)]
    log_path = workdir / "app.log"
    process = stack.enter_context(child(command, log_path, env))
    health = wait_until_serving("practice-guide serve", process, log_path, port, "/healthz")
    if json.loads(health).get("status") != "ok":
        raise BenchError(f"/healthz is not ok: {health!r}")
    return port, process.pid


def fetch_representations(port):
    """The taxonomy's identity and gzip bytes and ETags, checked to be the same document."""
    status, headers, body = get(port, API_PATH, {"Accept-Encoding": "identity"})
    if status != 200 or headers.get("Content-Encoding"):
        raise BenchError(f"identity GET {API_PATH}: status {status}, {dict(headers)}")
    gz_status, gz_headers, gz_body = get(port, API_PATH, {"Accept-Encoding": "gzip"})
    if gz_status != 200 or gz_headers.get("Content-Encoding") != "gzip":
        raise BenchError(f"gzip GET {API_PATH}: status {gz_status}, {dict(gz_headers)}")
    if gzip.decompress(gz_body) != body:
        raise BenchError("the gzip representation does not decompress to the identity one")
    return Representations(body, headers["ETag"], gz_body, gz_headers["ETag"])


def write_nginx_site(workdir, representations, workers, port):
    """The app's exact bytes as static files, and a config that serves them."""
    www = workdir / "www"
    www.mkdir()
    # nginx creates its temp directories (unused here) but not their parent.
    (workdir / "nginx-temp").mkdir()
    (www / "taxonomy.json").write_bytes(representations.body)
    (www / "taxonomy.json.gz").write_bytes(representations.gzip_body)
    # Started as root, nginx's workers run as an unprivileged user: they must be able to
    # traverse the temporary directory and read the (public) files, but not list it.
    workdir.chmod(0o711)
    www.chmod(0o755)
    for path in www.iterdir():
        path.chmod(0o644)
    config = NGINX_CONF.format(
        workers=workers, root=workdir, host=LOOPBACK, port=port, path=STATIC_PATH
    )
    config_path = workdir / "nginx.conf"
    config_path.write_text(config, encoding="utf-8")
    return config_path


def start_nginx(stack, tools, workdir, representations, workers):
    """nginx in the foreground, with the same number of workers as gunicorn."""
    port = free_port()
    config_path = write_nginx_site(workdir, representations, workers, port)
    command = [tools.nginx, "-p", f"{workdir}/", "-c", str(config_path)]
    log_path = workdir / "nginx.log"
    process = stack.enter_context(child(command, log_path))
    wait_until_serving("nginx", process, log_path, port, STATIC_PATH)
    return port


def gzip_etag_of(port, path):
    """The ETag a server gives the gzip representation (nginx derives its own)."""
    _, headers, _ = get(port, path, {"Accept-Encoding": "gzip"})
    return headers.get("ETag")


def scenarios_for(server, port, url_path, gzip_etag, representations):
    """The three paths a polling client takes, as wrk will send them."""
    gzip_ok, identity = {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"}
    # Browsers always offer gzip, so a revalidating extension sends the gzip ETag.
    revalidation = {**gzip_ok, "If-None-Match": gzip_etag}
    cases = [
        ("304 revalidation", revalidation, 304, b""),
        ("200 identity", identity, 200, representations.body),
        ("200 gzip", gzip_ok, 200, representations.gzip_body),
    ]
    return [Scenario(path, server, port, url_path, *case) for path, *case in cases]


def check_scenario(scenario):
    """One request first, so wrk never times a wrong answer (wrk counts any 3xx as fine)."""
    status, _, body = get(scenario.port, scenario.url_path, scenario.headers)
    if status != scenario.status or body != scenario.body:
        raise BenchError(
            f"{scenario.server} {scenario.path}: expected {scenario.status} with "
            f"{len(scenario.body)} bytes, got {status} with {len(body)} bytes"
        )


def run_wrk(tools, scenario, seconds, args):
    """wrk --latency for a fixed time; its output, or BenchError."""
    command = [tools.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s"]
    command.append("--latency")
    for name, value in scenario.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{LOOPBACK}:{scenario.port}{scenario.url_path}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def parse_wrk(output):
    """Requests/second, p99 in ms, request count and any errors from wrk --latency output."""
    rps, p99 = RPS_RE.search(output), P99_RE.search(output)
    if not rps or not p99:
        raise BenchError(f"could not read wrk's output:\n{output}")
    requests = re.search(r"(\d+) requests in", output)
    problems = []
    socket_errors = SOCKET_ERRORS_RE.search(output)
    if socket_errors:
        # "connect 0, read 2, write 0, timeout 5": keep the kinds that happened.
        for kind, count in re.findall(r"(\w+) (\d+)", socket_errors.group(1)):
            if count != "0":
                problems.append(f"{count} {kind} errors")
    bad_status = NON_2XX_3XX_RE.search(output)
    if bad_status:
        problems.append(f"{bad_status.group(1)} non-2xx/3xx")
    return Result(
        rps=float(rps.group(1)),
        p99_ms=float(p99.group(1)) * MS_PER_UNIT[p99.group(2)],
        requests=int(requests.group(1)) if requests else 0,
        problems=", ".join(problems),
    )


def measure(tools, scenario, args, master_pid=None):
    """Check the answer, warm up, then time one scenario (and, for the app, each worker's CPU)."""
    check_scenario(scenario)
    if args.warmup:
        run_wrk(tools, scenario, args.warmup, args)
    before = worker_cpu_seconds(master_pid) if master_pid else {}
    result = parse_wrk(run_wrk(tools, scenario, args.duration, args))
    if master_pid:
        after = worker_cpu_seconds(master_pid)
        used = sorted((after[pid] - before.get(pid, 0.0) for pid in after), reverse=True)
        result = replace(result, worker_cpu=tuple(used))
    line = f"  {scenario.server:<5} {scenario.path:<17} {result.rps:>10,.0f} req/s"
    line += f"  p99 {result.p99_ms:8.2f} ms"
    if result.worker_cpu:
        line += "  (workers' CPU s: " + " + ".join(f"{s:.1f}" for s in result.worker_cpu) + ")"
    print(line, flush=True)
    return result


def lopsided(result):
    """Whether one gunicorn worker did nearly all the work.

    wrk's keep-alive connections stay with the worker that accepted them, so a run can
    end up measuring a single worker, that is a single core.
    """
    used = result.worker_cpu
    if len(used) < 2 or sum(used) <= 0:
        return False
    return used[0] / sum(used) > LOPSIDED_SHARE


def command_version(command, pattern):
    """The version a command reports (some print it on stderr or exit 1)."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        found = re.search(pattern, done.stdout + done.stderr)
        if found:
            return found.group(1)
    return "unknown"


def print_environment(tools, args, representations):
    """What the figures depend on: cores, tool versions and the shape of the load."""
    usable = len(os.sched_getaffinity(0))
    wrk = command_version([tools.wrk, "--version"], r"wrk (\S+)")
    nginx = command_version([tools.nginx, "-v"], r"nginx/(\S+)")
    gunicorn = command_version([str(tools.gunicorn), "--version"], r"version ([^)\s]+)")
    print(f"CPUs: {usable} usable (of {os.cpu_count()}); the targets assume 2.")
    print("wrk, gunicorn and nginx share these same cores: every figure includes wrk's own cost.")
    print(f"wrk {wrk}, nginx {nginx}, gunicorn {gunicorn}")
    print(
        f"servers: {args.workers} gunicorn workers (gthread) and {args.workers} nginx workers;"
        f" wrk: {args.threads} threads, {args.connections} connections,"
        f" {args.warmup} s warm-up then {args.duration} s per scenario"
    )
    print(
        f"taxonomy: {len(representations.body):,} bytes identity (ETag {representations.etag}),"
        f" {len(representations.gzip_body):,} bytes gzip (ETag {representations.gzip_etag})\n"
    )


def print_table(results):
    """One row per path: the app, nginx on the same bytes, and how many times faster nginx is."""
    print(
        f"\n{'path':<17} {'app req/s':>10} {'app p99 ms':>11}"
        f" {'nginx req/s':>12} {'nginx p99 ms':>13} {'nginx/app':>10}"
    )
    for path in dict.fromkeys(path for path, _ in results):
        app, nginx = results[path, "app"], results[path, "nginx"]
        ratio = nginx.rps / app.rps if app.rps else float("inf")
        print(
            f"{path:<17} {app.rps:>10,.0f} {app.p99_ms:>11.2f}"
            f" {nginx.rps:>12,.0f} {nginx.p99_ms:>13.2f} {ratio:>9.1f}x"
        )
    for (path, server), result in results.items():
        if result.problems:
            print(f"warning: {server} {path}: {result.problems} (of {result.requests:,})")
        if lopsided(result):
            print(
                f"note: app {path}: one gunicorn worker served nearly every connection"
                f" ({result.worker_cpu[0]:.1f} of {sum(result.worker_cpu):.1f} CPU s)"
            )


def print_verdict(result):
    """The issue's target for the app's revalidations."""
    met = result.rps >= TARGET_RPS and result.p99_ms < TARGET_P99_MS and not result.problems
    verdict = "met" if met else "NOT met"
    print(
        f"\ntarget: app 304 >= {TARGET_RPS:,} req/s with p99 < {TARGET_P99_MS:.0f} ms: {verdict}"
        f" ({result.rps:,.0f} req/s, p99 {result.p99_ms:.2f} ms)"
    )


def run(args, tools):
    """Start both servers, measure every scenario side by side, print the table."""
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        print("API hot path: practice-guide serve (gunicorn) against nginx on the same bytes")
        app_port, app_pid = start_app(stack, tools, workdir, args.workers)
        representations = fetch_representations(app_port)
        nginx_port = start_nginx(stack, tools, workdir, representations, args.workers)
        print_environment(tools, args, representations)
        app_gzip_etag = representations.gzip_etag
        nginx_gzip_etag = gzip_etag_of(nginx_port, STATIC_PATH)
        app = scenarios_for("app", app_port, API_PATH, app_gzip_etag, representations)
        nginx = scenarios_for("nginx", nginx_port, STATIC_PATH, nginx_gzip_etag, representations)
        results = {}
        # Interleaved, path by path, so both servers see the same machine conditions.
        for app_scenario, nginx_scenario in zip(app, nginx, strict=True):
            results[app_scenario.path, "app"] = measure(tools, app_scenario, args, app_pid)
            results[nginx_scenario.path, "nginx"] = measure(tools, nginx_scenario, args)
    print_table(results)
    print_verdict(results["304 revalidation", "app"])


def main(argv=None):
    args = parse_args(argv)
    # A plain SIGTERM would skip the finally blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        run(args, find_tools())
    except BenchError as exc:
        print(f"bench_api: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        # The servers are already stopped by the finally blocks; no traceback needed.
        print("bench_api: interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
