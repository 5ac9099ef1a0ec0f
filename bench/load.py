"""The mixed load (locust, headless) and raw throughput (wrk) against a running portal.

    .venv/bin/python -m bench load --host http://127.0.0.1:8601 \\
        [--users 50] [--spawn-rate 1] [--run-time 4m] [--wrk-duration 20s]

Expects the portal started by bench/serve.py on the bench database and
var/bench/accounts.json written by bench/data/. Warms every web worker up
(first requests load templates and catalogues), runs bench/locustfile.py with
`--users` users arriving at `--spawn-rate` a second for `--run-time`, then wrk (`wrk`, a
Debian package) on three anonymous pages, 50 connections each. The machine's load
average is sampled throughout. Writes var/bench/load.json (p50/p95/p99, count, errors
and throughput per endpoint, totals, steady-state throughput at full user count) and
var/bench/wrk.json; locust's own CSV files stay in var/bench/locust_*.csv.
"""

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

from bench.common import RESULTS_DIR, percentile, write_result  # noqa: E402

BIN = Path(sys.executable).parent
WRK_PAGES = [
    ("home", "/fr/"),
    ("trainings catalogue", "/fr/trainings/"),
    ("chambers directory", "/fr/chambers/"),
]
WARM_UP = [
    "/fr/",
    "/ar/",
    "/en/",
    "/fr/trainings/",
    "/fr/chambers/",
    "/fr/trademarks/search/?mark=Atlas&classes=30",
    "/fr/trademarks/classes/?q=caf%C3%A9",
    "/fr/accounts/login/",
]


class LoadSampler(threading.Thread):
    """The 1-minute load average every 5 s while the load runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(5):
            self.samples.append(os.getloadavg()[0])

    def summary(self):
        if not self.samples:
            return None
        return {
            "mean": round(sum(self.samples) / len(self.samples), 2),
            "max": round(max(self.samples), 2),
        }


def warm_up(host, rounds=12):
    def fetch(path):
        try:
            with urllib.request.urlopen(host + path, timeout=60) as response:  # noqa: S310
                response.read()
        except OSError:
            pass

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch, WARM_UP * rounds))


def category(name):
    return name.split(":", 1)[0] if ":" in name else "other"


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_locust(prefix, users):
    endpoints, total = [], None
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = {
                "name": row["Name"],
                "method": row["Type"],
                "category": category(row["Name"]),
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "mean_ms": round(_number(row["Average Response Time"]) or 0, 1),
                "max_ms": _number(row["Max Response Time"]),
                "per_second": round(_number(row["Requests/s"]) or 0, 2),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                endpoints.append(entry)
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            failures.append(
                {
                    "name": row["Name"],
                    "method": row["Method"],
                    "error": row["Error"][:300],
                    "occurrences": int(row["Occurrences"]),
                }
            )
    steady = []
    with open(f"{prefix}_stats_history.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated" and int(row["User Count"] or 0) >= users:
                rate = _number(row["Requests/s"])
                if rate is not None:
                    steady.append(rate)
    steady = steady[2:]  # the first seconds at full count still carry the ramp's averaging
    return endpoints, total, failures, (round(sum(steady) / len(steady), 1) if steady else None)


def run_locust(host, users, spawn_rate, run_time):
    if not (BIN / "locust").exists():
        sys.exit(f"locust is not installed in {BIN}: `make setup` installs the dev extra")
    prefix = RESULTS_DIR / "locust"
    for suffix in ("_stats.csv", "_failures.csv", "_stats_history.csv", "_exceptions.csv"):
        Path(f"{prefix}{suffix}").unlink(missing_ok=True)
    command = [
        str(BIN / "locust"),
        "-f",
        str(BASE_DIR / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        run_time,
        "--host",
        host,
        "--csv",
        str(prefix),
        "--csv-full-history",
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    log = RESULTS_DIR / "logs" / "locust.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(log, "w") as handle:
        # Exit status 1 means "some requests failed": the figures say which.
        subprocess.run(command, cwd=BASE_DIR, stdout=handle, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    return prefix, round(time.monotonic() - started, 1)


def _ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def parse_wrk(output, name, path):
    """The figures of one `wrk --latency` run, from its text output."""
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "page": name,
        "url": path,
        "requests": int(total.group(1)) if total else None,
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p90_ms": _ms(latency["90"]),
        "p99_ms": _ms(latency["99"]),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def wrk_output(host, path, *, duration, connections, threads=2, script=None):
    """wrk's printed output for `path` (latency percentiles; a Lua `script` path when given):
    the one command line the load, wrk and latency phases share (read by `parse_wrk`)."""
    return subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}",
            "--latency",
            "--timeout",
            "10s",
            *(["-s", str(script)] if script else []),
            host + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def run_wrk(host, duration, connections=50, threads=2):
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (scripts/system-packages.sh --with-bench)"}
    pages = []
    for name, path in WRK_PAGES:
        output = wrk_output(host, path, duration=duration, connections=connections, threads=threads)
        pages.append(parse_wrk(output, name, path))
        print(
            f"  wrk {name}: {pages[-1]['per_second']:.0f} req/s, p50 {pages[-1]['p50_ms']} ms, "
            f"p99 {pages[-1]['p99_ms']} ms, errors {pages[-1]['non_2xx'] + pages[-1]['socket_errors']}",
            flush=True,
        )
    return {"connections": connections, "threads": threads, "duration": duration, "pages": pages}


ACCESS_LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+)$')


def server_times(log, skip_lines):
    """Time spent inside gunicorn per request (access log, %(M)s), by URL pattern: with the
    client's figures, tells waiting for a free worker (or CPU) from the work itself."""
    by_pattern = {}
    with open(log, errors="replace") as handle:
        for number, line in enumerate(handle):
            found = ACCESS_LINE.search(line.strip())
            if number < skip_lines or not found:
                continue
            method, path, _status, milliseconds = found.groups()
            path = re.sub(r"/\d+/", "/{id}/", path.split("?")[0])
            path = re.sub(r"^/(fr|ar|en)/", "/{lang}/", path)
            if path.startswith("/static/"):
                path = "/static/…"
            by_pattern.setdefault(f"{method} {path}", []).append(int(milliseconds))
    rows = []
    for pattern, times in sorted(by_pattern.items()):
        rows.append(
            {
                "pattern": pattern,
                "requests": len(times),
                "p50_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95),
                "p99_ms": percentile(times, 0.99),
            }
        )
    every = [time_ for times in by_pattern.values() for time_ in times]
    return {
        "all": {
            "requests": len(every),
            "p50_ms": percentile(every, 0.5),
            "p95_ms": percentile(every, 0.95),
            "p99_ms": percentile(every, 0.99),
        },
        "patterns": rows,
    }


def _line_count(path):
    try:
        with open(path, errors="replace") as handle:
            return sum(1 for _line in handle)
    except FileNotFoundError:
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8601")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--run-time", default="4m")
    parser.add_argument("--wrk-duration", default="20s")
    parser.add_argument("--skip-wrk", action="store_true")
    args = parser.parse_args()

    warm_up(args.host)
    access_log = RESULTS_DIR / "logs" / "access.log"
    before = _line_count(access_log)
    sampler = LoadSampler()
    sampler.start()
    prefix, seconds = run_locust(args.host, args.users, args.spawn_rate, args.run_time)
    sampler.stopped.set()
    inside = server_times(access_log, before) if access_log.exists() else None
    if inside:
        print(
            f"  time inside gunicorn: p50 {inside['all']['p50_ms']} ms, "
            f"p95 {inside['all']['p95_ms']} ms over {inside['all']['requests']} requests",
            flush=True,
        )
    endpoints, total, failures, steady = read_locust(prefix, args.users)
    endpoints.sort(key=lambda entry: (entry["category"], entry["name"]))
    for entry in endpoints:
        print(
            f"  {entry['name']:<44} n={entry['requests']:<6} p50 {entry['p50_ms']:>5} "
            f"p95 {entry['p95_ms']:>5} p99 {entry['p99_ms']:>5} ms  errors {entry['failures']}",
            flush=True,
        )
    print(
        f"  total: {total['requests']} requests, {total['failures']} errors, "
        f"{total['per_second']} req/s over the run, {steady} req/s at {args.users} users",
        flush=True,
    )
    write_result(
        "load",
        {
            "title": "Mixed load (locust, headless) against gunicorn + Celery on the bench data",
            "host": args.host,
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "wall_seconds": seconds,
            "think_time_seconds": [1, 3],
            "load_average_during_run": sampler.summary(),
            "endpoints": endpoints,
            "total": total,
            "steady_per_second": steady,
            "failures": failures,
            "server_time": inside,
        },
    )
    if not args.skip_wrk:
        sampler = LoadSampler()
        sampler.start()
        wrk = run_wrk(args.host, args.wrk_duration)
        sampler.stopped.set()
        write_result(
            "wrk",
            {
                "title": "Raw throughput of anonymous pages (wrk, no think time)",
                "load_average_during_run": sampler.summary(),
                **wrk,
            },
        )


def command():
    return main()
