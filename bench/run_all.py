"""`make bench`: every benchmark, in order, then the report in docs/bench/.

    .venv/bin/python -m bench all [--database carres_bench] [--scale 1.0] [--reuse]
        [--keep] [--users 50] [--run-time 4m] [--port 8601]

Phases (one progress line each, with the time so far and the load average):
 1. the data set (bench/data/: 1M marks, 500k companies, 10k sessions, 50k
    users with dossiers in every state; --reuse keeps a database already loaded)
 2. a tiny data set (scale 0.001) for the queries-per-page comparison
 3. queries per page at both sizes (bench/queries.py)
 4. PDF rendering in process (bench/pdf.py)
 5. a burst of 100 submissions through real workers: e-mail waits, PDF queue throughput
    (bench/burst.py)
 6. the trainings catalogue, prior-mark search and name availability on the big data
    (bench/trainings.py, marks.py, names.py; the search also through its page at 4 users,
    gunicorn on --port + 1)
 7. the portal in production shape (bench/serve.py: gunicorn + Celery workers)
 8. the mixed load with locust and raw throughput with wrk (bench/load.py)
 9. wrk on each public page, cache hits and misses, as ratios to /healthz (bench/wrk.py);
    the statistics page and the signed-in pages at 10 users, p95 (bench/latency.py)
10. the report (bench/report.py), from every var/bench/*.json present
Then the portal is stopped and both bench databases are dropped, unless --keep or a
phase failed (then `--reuse` picks the loaded one up again).
A failed phase is reported and the others still run; the exit status says if any failed.
The PostgreSQL server and Redis are those of DATABASE_URL and REDIS_URL.
"""

import argparse
import os
import subprocess
import sys
import time

from bench import serve
from bench.common import BASE_DIR, RESULTS_DIR, database_url, drop_database

PYTHON = sys.executable
STARTED = time.monotonic()


def progress(number, total, text):
    elapsed = time.monotonic() - STARTED
    load = os.getloadavg()[0]
    print(
        f"\n[bench {number}/{total} | {elapsed / 60:4.1f} min | load {load:.1f}] {text}",
        flush=True,
    )


def script(name, *arguments, database=None, env=None):
    """`python -m bench NAME ARGUMENTS` in a process of its own; True when it succeeded."""
    environment = {**os.environ, **(env or {})}
    if database:
        environment["DATABASE_URL"] = database_url(database)
    command = [PYTHON, "-m", "bench", name, *map(str, arguments)]
    return subprocess.run(command, cwd=BASE_DIR, env=environment, check=False).returncode == 0  # noqa: S603


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "carres_bench"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep a bench database loaded before")
    parser.add_argument("--keep", action="store_true", help="do not drop the databases at the end")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--run-time", default="4m")
    parser.add_argument("--wrk-duration", default="20s")
    parser.add_argument("--port", type=int, default=8601)
    args = parser.parse_args()

    os.environ.setdefault("MEDIA_ROOT", str(RESULTS_DIR / "media"))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for old in RESULTS_DIR.glob("*.json"):
        # Results of an earlier run would slip into this report; other scripts' files
        # (lighthouse.json, faults.json) are theirs to refresh and stay.
        if old.stem in bench_names():
            old.unlink()
    database, small = args.database, f"{args.database}_small"
    reuse = ["--reuse"] if args.reuse else []
    failed = []
    total = 10

    def phase(number, text, ok):
        if not ok:
            failed.append(text)
            print(f"[bench] FAILED: {text}", flush=True)

    progress(1, total, f"data set in {database} (scale {args.scale})")
    phase(
        1,
        "data set",
        script("data", "--database", database, "--scale", args.scale, *reuse),
    )
    progress(2, total, f"tiny data set in {small} (scale 0.001)")
    phase(
        2,
        "tiny data set",
        script(
            "data",
            "--database",
            small,
            "--scale",
            "0.001",
            "--reuse",
            "--result",
            "dataset-small",
            "--accounts",
            "none",
        ),
    )
    progress(3, total, "queries per page at both sizes")
    phase(3, "queries per page", script("queries", f"small={small}", f"bench={database}"))
    progress(4, total, "PDF rendering (10 renders of an Arabic dossier)")
    phase(4, "PDF rendering", script("pdf", 10, database=database))
    progress(5, total, "burst of 100 submissions through the workers (PDF queue throughput)")
    phase(5, "burst", script("burst", 100, database=database))
    progress(6, total, "catalogue, prior-mark search, name availability on the big data")
    phase(6, "trainings catalogue", script("trainings", 0, 200, "--database", database))
    phase(
        6,
        "prior-mark search",
        script("marks", "--database", database, "--reuse", "--serve", args.port + 1),
    )
    phase(6, "name availability", script("names", 0, 400, "--database", database))
    progress(7, total, f"the portal in production shape on 127.0.0.1:{args.port}")
    try:
        with serve.serving(database, args.port) as host:
            progress(
                8,
                total,
                f"mixed load: {args.users} users for {args.run_time}, then wrk "
                f"({args.wrk_duration} per page)",
            )
            phase(
                8,
                "mixed load",
                script(
                    "load",
                    "--host",
                    host,
                    "--users",
                    args.users,
                    "--spawn-rate",
                    args.spawn_rate,
                    "--run-time",
                    args.run_time,
                    "--wrk-duration",
                    args.wrk_duration,
                ),
            )
            progress(9, total, "wrk on each public page, warm cache then cold, ratio to /healthz")
            phase(9, "public pages (wrk)", script("wrk", "--host", host, "--rounds", 3))
            phase(
                9,
                "public pages, cold cache (wrk)",
                script(
                    "wrk", "--host", host, "--rounds", 1, "--cold", "--result", "wrk_pages_cold"
                ),
            )
            phase(
                9,
                "statistics and signed-in pages at 10 users (p95)",
                script("latency", "--host", host, "--users", 10),
            )
    except RuntimeError as error:
        phase(7, f"portal: {error}", False)
    progress(10, total, "report: docs/bench/REPORT.md and report.json")
    phase(10, "report", script("report"))
    if failed and not args.keep:
        print(
            f"[bench] kept {database} and {small} after a failure: run again with --reuse "
            f"(make bench BENCH_REUSE=1), or drop them with python -m bench data --drop",
            flush=True,
        )
    elif not args.keep:
        for name in (database, small):
            drop_database(name)
        print(f"[bench] dropped {database} and {small} (--keep keeps them)", flush=True)
    minutes = (time.monotonic() - STARTED) / 60
    print(
        f"\n[bench] done in {minutes:.1f} min"
        + (f"; failed: {', '.join(failed)}" if failed else "; every phase ran"),
        flush=True,
    )
    return 1 if failed else 0


def bench_names():
    """The result files this run writes (see each script)."""
    return {
        "dataset",
        "dataset-small",
        "queries",
        "pdf",
        "burst",
        "trainings",
        "marks",
        "names",
        "load",
        "wrk",
        "latency",
    }


def command():
    return main()
