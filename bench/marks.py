"""Benchmark the prior-mark search on a large synthetic register, in a database of its own.

    .venv/bin/python -m bench marks --marks 1000000 [--database carres_bench]
        [--queries 400] [--concurrency 4] [--reuse] [--repeat 3]
        [--serve 8101 [--workers N] | --http http://127.0.0.1:8765] [--rebuild-words]
        [--result marks] [--compare-to var/bench/marks.json]

Creates (or with --reuse, keeps and migrates) the database, loads N synthetic marks with
COPY and the indexes and word triggers off, builds the word posting lists and vocabulary
and the indexes (time and size of each reported), then runs a mix of queries through
`search_prior_marks`, in three groups reported apart:

    classes    register marks, misspelt, lower-cased or Arabic, in one or several classes
    no class   the same kinds of query in all classes (the word door)
    common     class-less queries made of words the register is full of ("Atlas",
               "Maroc", "Star", "Best Food", "Atlaz", register marks holding a common word)

each once sequentially (p50/p95 per group and kind) and with --concurrency threads
(throughput, p50/p95); --repeat runs the timed passes again and prints the median of each
figure, for a shared, noisy machine. With --serve PORT the script starts gunicorn on the
bench database itself (with gunicorn.conf.py, as in production; --workers to change the
number) and times the public search page end to end with --concurrency users, every
request a new query for the page cache (its p50/p95 and /healthz's in the same run go to
the result's "page"); --http times a server
already running instead. --result names the JSON file (another register size keeps its
own, e.g. marks-5m), and --compare-to a smaller register's result adds the goal that the
page's p95 stays within 3x of its (issue 21: 1,000,000 marks, then 5,000,000).

It also measures what the word door changes: for every class-less query, how much of
the exhaustive trigram search's top 20 (`word_door=False`) the word door returns, and
the recall@10 of the public list of hard pairs (tests/ip_filings/data/search_pairs.csv)
planted in the big register, with and without classes, and the negatives flagged high
risk. The server is taken from DATABASE_URL
(its database name is replaced by --database).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import create_database, database_url, write_result
from bench.marks_queries import (
    build_queries,
    explain,
    measure_agreement,
    measure_recall,
    print_summaries,
    summary,
    time_concurrently,
    time_searches,
)
from bench.marks_register import build_words, load_marks, print_word_sizes
from carres.testservers import local_production_env

BASE_DIR = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=1_000_000)
    parser.add_argument("--database", default="carres_bench")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (medians printed)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument(
        "--rebuild-words",
        action="store_true",
        help="with --reuse: rebuild the word posting lists and vocabulary (timed)",
    )
    parser.add_argument("--explain", action="store_true", help="print three query plans")
    parser.add_argument(
        "--skip-timing", action="store_true", help="only the agreement and recall checks"
    )
    parser.add_argument(
        "--skip-checks", action="store_true", help="only the timings (no agreement, no recall)"
    )
    parser.add_argument(
        "--no-word-door",
        action="store_true",
        help="time class-less searches with the exhaustive trigram doors (the 'before' figures; "
        "--http against a server running the code before the word door for the page)",
    )
    parser.add_argument(
        "--serve",
        type=int,
        metavar="PORT",
        help="start gunicorn on 127.0.0.1:PORT on the bench database and time the search page",
    )
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers for --serve (default: gunicorn.conf.py's)"
    )
    parser.add_argument("--result", default="marks", help="name of the var/bench JSON file")
    parser.add_argument(
        "--compare-to",
        metavar="JSON",
        help="a result of this script on a smaller register (e.g. var/bench/marks.json): "
        "the page's p95 here must stay within 3x of its",
    )
    parser.add_argument(
        "--http",
        metavar="BASE_URL",
        help="also time the public search page end to end against a server already running "
        "on the bench database, e.g. http://127.0.0.1:8765",
    )
    args = parser.parse_args()

    created = create_database(args.database, reuse=args.reuse)
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from ip_filings.models import RegisteredMark
    from ip_filings.search import search_prior_marks

    table = RegisteredMark._meta.db_table
    call_command("migrate", verbosity=0)  # on --reuse too: a new migration backfills
    loading = load_marks(args.marks) if created else None
    if not created and args.rebuild_words:
        build_words(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) FROM " + table,  # noqa: S608
            [table],
        )
        count, size = cursor.fetchone()
        print(f"register: {count} marks, table + indexes {size}")
        if not created and not args.rebuild_words:
            print_word_sizes(cursor)

    rng = random.Random(42)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT mark_text, classes, script FROM {table} TABLESAMPLE SYSTEM (1) "  # noqa: S608
            "REPEATABLE (42) LIMIT 5000"
        )
        sample = cursor.fetchall()
        if len(sample) < 100:  # a small register: a 1 % sample of its pages may be empty
            cursor.execute(
                f"SELECT mark_text, classes, script FROM {table} ORDER BY id LIMIT 5000"  # noqa: S608
            )
            sample = cursor.fetchall()
    queries = build_queries(sample, args.queries, rng)
    if args.explain:
        explain(connection, transaction)

    word_door = False if args.no_word_door else None

    def search(text, chosen):
        return search_prior_marks(text, chosen or None, word_door=word_door)

    time_searches(queries[:20], search)  # warm the cache
    sequential, concurrent, elapsed = [], [], []
    for _run in range(0 if args.skip_timing else args.repeat):
        sequential.append(time_searches(queries, search))
        seconds, timings = time_concurrently(
            queries, search, args.concurrency, after=connections.close_all
        )
        concurrent.append(timings)
        elapsed.append(seconds)
    if not args.skip_timing:
        print_summaries("sequential", sequential)
        print_summaries(f"{args.concurrency} concurrent", concurrent, elapsed=elapsed)

    recall = None
    if not args.skip_checks:
        measure_agreement(queries, search_prior_marks)
        recall = measure_recall(search_prior_marks, connection)

    page = None
    if args.serve:
        with GunicornServer(args.serve, args.workers):
            page = http_benchmark(f"http://127.0.0.1:{args.serve}", queries, args)
    elif args.http:
        page = http_benchmark(args.http, queries, args)
    if not args.skip_timing:
        write_result(
            args.result,
            {
                "title": "Prior-mark search over the trademark register (in process)",
                "register_marks": count,
                "register_size": size,
                "loading": loading,
                "recall": recall,
                "sequential_ms": _medians(sequential),
                "concurrent": {
                    "threads": args.concurrency,
                    "per_second": round(
                        statistics.median(
                            len(t) / seconds for seconds, t in zip(elapsed, concurrent, strict=True)
                        ),
                        1,
                    ),
                    "ms": _medians(concurrent),
                },
                "page": page,
                "goals": marks_goals(count, recall, page, args.compare_to),
            },
        )


PAGE_P95_MS = 150  # issue 21: through the page, 4 users, 1,000,000 marks
LARGER_REGISTER_FACTOR = 3  # and within 3x of that on 5,000,000


def marks_goals(count, recall, page, compare_to):
    """Issue 21's goals that this run measured: recall on the hard pairs, the page's p95 at
    `--concurrency` users, and (with --compare-to) the p95 against a smaller register's."""
    goals = []
    if recall:
        for key, floor in (("with_class", 0.97), ("without_class", 0.93)):
            rate = recall[f"recall_at_10_{key}"]
            goals.append(
                {
                    "goal": f"hard pairs in the top 10, {key.replace('_', ' ')}, {count:,} marks",
                    "target": f">= {floor:.0%}",
                    "measured": f"{rate:.1%} of {recall['pairs']}",
                    "passed": rate >= floor,
                }
            )
        goals.append(
            {
                "goal": "negative pairs flagged high risk",
                "target": "0",
                "measured": str(recall["negatives_flagged_high"]),
                "passed": recall["negatives_flagged_high"] == 0,
            }
        )
    if page and not compare_to:  # the larger register is held to the smaller one's, below
        measured = (
            f"p95 {page['p95_ms']:.0f} ms, p50 {page['p50_ms']:.0f} ms, {page['per_second']:.0f} "
            f"req/s; /healthz p95 {page['healthz_p95_ms']:.0f} ms in the same run; "
            f"load {page['load_average']}"
        )
        goals.append(
            {
                "goal": f"search page p95 at {page['users']} users, every query new, "
                f"{count:,} marks",
                "target": f"<= {PAGE_P95_MS} ms",
                "measured": measured,
                "passed": page["p95_ms"] <= PAGE_P95_MS,
            }
        )
    if page and compare_to:
        smaller = json.loads(Path(compare_to).read_text())
        before = (smaller.get("page") or {}).get("p95_ms")
        if before:
            goals.append(
                {
                    "goal": f"search page p95 on {count:,} marks against "
                    f"{smaller['register_marks']:,}",
                    "target": f"<= {LARGER_REGISTER_FACTOR}x ({before:.0f} ms there)",
                    "measured": f"{page['p95_ms'] / before:.2f}x (p95 {page['p95_ms']:.0f} ms)",
                    "passed": page["p95_ms"] <= LARGER_REGISTER_FACTOR * before,
                }
            )
    return goals


def _medians(runs):
    """{label: {count, p50, p95}}: medians over the runs, as print_summaries prints them."""
    summaries = [summary(timings) for timings in runs]
    return {
        label: {
            "count": summaries[0][label][0],
            "p50": round(statistics.median(s[label][1] for s in summaries if label in s), 1),
            "p95": round(statistics.median(s[label][2] for s in summaries if label in s), 1),
        }
        for label in summaries[0]
    }


class GunicornServer:
    """gunicorn serving the bench database on 127.0.0.1:port, stopped on exit."""

    def __init__(self, port, workers):
        self.port, self.workers = port, workers

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "carres.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--config",
                str(BASE_DIR / "gunicorn.conf.py"),
                *(("--workers", str(self.workers)) if self.workers else ()),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env={**local_production_env(), "DEBUG": "false"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{self.port}/fr/trademarks/search/"
                with urllib.request.urlopen(url):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.5)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def http_benchmark(base_url, queries, args):
    """GET /fr/trademarks/search/ for every query, --concurrency users at a time; each pass
    asks with a query string of its own (`&pass=N`, which the page does not read), so that
    every request misses the page cache: new queries, not a repeat. Returns the medians."""

    def fetch(text, chosen, pass_number):
        query = urllib.parse.urlencode(
            {"mark": text, "classes": ",".join(map(str, chosen)), "pass": pass_number}
        )
        with urllib.request.urlopen(f"{base_url}/fr/trademarks/search/?{query}") as response:  # noqa: S310
            response.read()
            assert response.status == 200

    def healthz(_text, _chosen):
        with urllib.request.urlopen(f"{base_url}/healthz") as response:  # noqa: S310
            response.read()

    time_searches(queries[:20], lambda text, chosen: fetch(text, chosen, "warm"))
    runs, elapsed, health = [], [], []
    for run in range(args.repeat):
        seconds, timings = time_concurrently(
            queries, lambda text, chosen, run=run: fetch(text, chosen, run), args.concurrency
        )
        runs.append(timings)
        elapsed.append(seconds)
        # /healthz as many times, as many users, right after: the machine's noise in the
        # same run (a shared machine's figures are compared through this ratio)
        health.append(time_concurrently(queries, healthz, args.concurrency)[1])
    print_summaries(
        f"HTTP, {args.concurrency} concurrent users, search page", runs, elapsed=elapsed
    )
    print_summaries(f"HTTP, {args.concurrency} concurrent users, /healthz", health)
    for run, (searched, checked) in enumerate(zip(runs, health, strict=True), 1):
        page, probe = summary(searched)["all"], summary(checked)["all"]
        print(
            f"  run {run}: search page / healthz: p50 {page[1] / probe[1]:.1f}x, "
            f"p95 {page[2] / probe[2]:.1f}x; load average {os.getloadavg()[0]:.1f}"
        )
    pages = [summary(timings)["all"] for timings in runs]
    probes = [summary(timings)["all"] for timings in health]
    return {
        "users": args.concurrency,
        "queries_per_run": len(queries),
        "runs": args.repeat,
        "per_second": round(
            statistics.median(len(t) / seconds for seconds, t in zip(elapsed, runs, strict=True)),
            1,
        ),
        "p50_ms": round(statistics.median(p[1] for p in pages), 1),
        "p95_ms": round(statistics.median(p[2] for p in pages), 1),
        "healthz_p95_ms": round(statistics.median(p[2] for p in probes), 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def command():
    return main()
