"""Benchmark: queue-page throughput through gunicorn (3 workers) on the 1,000,000-claim database.

    .venv/bin/python bench/bench_throughput.py [--clients 8] [--requests 3000] [--seconds 60]
        [--port 8108] [--path /queue/]

Uses the database bench/bench_queue.py builds (`bench_i15_queue`, BENCH_DATABASE_URL to change
it; run that bench first), logs the bench reviewer in by writing a session, starts
`gunicorn factcheck.wsgi --workers 3` on 127.0.0.1 only, and drives it, after a short
warm-up, with one of two clients (--client):
  wrk     (the default where /usr/bin/wrk exists: Debian's `wrk` package) --clients
          connections on two threads for --seconds; a Lua hook checks every response.
  python  a bounded Python client: --clients threads, each opening a connection per request
          (gunicorn's sync workers close after each response), until --requests responses or
          --seconds have passed, whichever comes first.
The Python client's threads take a good share of this 2-core machine's CPU away from the
server (gunicorn and PostgreSQL share the same two cores); wrk, written in C, takes little.
Prints requests/second, the error count (anything but a 200 whose body holds the queue
table) and the latency percentiles, beside the figure measured before (BEFORE). Target:
>= 120 requests/s and no errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import ROOT, configure

DB_URL = configure("bench_i15_queue")
TARGET = 120.0
# This bench with the code before this work, same database, 1,500 requests or 45 s (load
# average 7.0 on the shared machine): 1,132 requests in 45.4 s, no errors.
BEFORE: float | None = 24.9


def session_cookie() -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username="bench-reviewer")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "factcheck.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def fetch(port: int, path: str, cookie: str) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        ok = response.status == 200 and b'id="queue-results"' in body
    except OSError:
        ok = False
    return ok, (time.perf_counter() - started) * 1000


def drive(port: int, path: str, cookie: str, clients: int, requests: int, seconds: float):
    lock = threading.Lock()
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors, issued
        while True:
            with lock:
                if issued >= requests or time.monotonic() >= deadline:
                    return
                issued += 1
            ok, ms = fetch(port, path, cookie)
            with lock:
                latencies.append(ms)
                errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors


# Counts every response that is not a 200 holding the queue table, summed over wrk's threads.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, 'id="queue-results"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("BAD %d\\n", total))
  io.write(string.format("LATENCY %.3f %.3f\\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000))
  io.write(string.format("ERRORS %d\\n", summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
"""


def drive_wrk(port: int, path: str, cookie: str, clients: int, seconds: float) -> None:
    """Runs wrk and prints the same lines as the Python client's run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--timeout",
                "10s",
                "-H",
                f"Cookie: sessionid={cookie}",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    done = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = int(re.search(r"BAD (\d+)", out).group(1))
    bad += int(re.search(r"ERRORS (\d+)", out).group(1))
    median, p90 = (float(x) for x in re.search(r"LATENCY ([\d.]+) ([\d.]+)", out).groups())
    report(done, path, clients, seconds, rate, bad, median, p90, port, "wrk")


def report(
    done: int,
    path: str,
    clients: int,
    elapsed: float,
    rate: float,
    errors: int,
    median: float,
    p90: float,
    port: int,
    client: str,
) -> None:
    print(
        f"{done} requests to {path} with {clients} clients ({client}) in {elapsed:.1f} s"
        f" (gunicorn, 3 workers, 127.0.0.1:{port}; load average: "
        f"{os.getloadavg()[0]:.1f})"
    )
    before = f"{BEFORE:.1f}/s" if BEFORE is not None else "n/a"
    verdict = "met" if rate >= TARGET and errors == 0 else "NOT met"
    print(
        f"  {rate:.1f} requests/s (before: {before}), {errors} errors, "
        f"latency median {median:.1f} ms, p90 {p90:.1f} ms"
    )
    print(f"Target >= {TARGET:.0f} requests/s with no errors: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--path", default="/queue/")
    parser.add_argument(
        "--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args()

    cookie = session_cookie()
    server = start_server(args.port)
    try:
        drive(args.port, args.path, cookie, args.clients, 60, 20)  # warm-up
        if args.client == "wrk":
            drive_wrk(args.port, args.path, cookie, args.clients, args.seconds)
            return
        elapsed, latencies, errors = drive(
            args.port, args.path, cookie, args.clients, args.requests, args.seconds
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    latencies.sort()
    p90 = latencies[max(0, int(len(latencies) * 0.9) - 1)]
    report(
        len(latencies),
        args.path,
        args.clients,
        elapsed,
        len(latencies) / elapsed,
        errors,
        statistics.median(latencies),
        p90,
        args.port,
        "python",
    )


if __name__ == "__main__":
    main()
