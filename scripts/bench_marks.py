"""Benchmark the prior-mark search on a large synthetic register, in a database of its own.

    .venv/bin/python scripts/bench_marks.py --marks 1000000 [--database carres_bench]
        [--queries 400] [--concurrency 4] [--reuse]

Creates (or with --reuse, keeps) the database, migrates it, loads N synthetic marks with
COPY and the indexes dropped, rebuilds the indexes (time and size of each reported), then
runs a mix of queries (exact register marks, misspellings, accent/case variants and
Arabic-script queries) through `search_prior_marks`: once sequentially (p50/p95) and with
`--concurrency` threads (throughput, p50/p95). Prints the EXPLAIN of one query so one can
see which indexes the planner uses. The server is taken from DATABASE_URL (its database
name is replaced by --database).
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchlib import (  # noqa: E402
    create_database,
    in_parallel,
    percentile,
    use_database,
    write_result,
)


@contextmanager
def indexes_dropped(table, *, log=print):
    """Drop `table`'s plain indexes (not its primary key or unique ones) for a bulk load and
    build them again afterwards, timing each; yields the dict the timings are put in."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef NOT LIKE %s AND indexname NOT LIKE %s",
            [table, "%UNIQUE%", "%pkey"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    built = {}
    try:
        yield built
    finally:
        with connection.cursor() as cursor:
            for name, definition in indexes:
                started = time.monotonic()
                cursor.execute(definition)
                elapsed = time.monotonic() - started
                cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [name])
                size = cursor.fetchone()[0]
                built[name] = {"seconds": round(elapsed, 1), "size": size}
                log(f"index {name}: built in {elapsed:.1f} s, size {size}")
            cursor.execute(f"VACUUM ANALYZE {table}")


def load_marks(count, *, log=print):
    """Load `count` synthetic marks with COPY into the (migrated, empty) register, its
    indexes dropped during the load and rebuilt after; VACUUM ANALYZE. Django is set up."""
    from ip_filings.models import RegisteredMark
    from ip_filings.register import generate_marks

    with indexes_dropped(RegisteredMark._meta.db_table, log=log) as built:
        started = time.monotonic()
        batches = [
            ((min(100_000, count - start),), {"seed": batch, "prefix": "B"})
            for batch, start in enumerate(range(0, count, 100_000))
        ]
        in_parallel(generate_marks, batches)
        load_seconds = time.monotonic() - started
        log(f"load: {count} marks with COPY in {load_seconds:.1f} s")
    return {"load_seconds": round(load_seconds, 1), "indexes": built}


def perturb(text, rng):
    """A plausible variant a user might type: a swap, a doubled or dropped letter, accents."""
    if len(text) < 4:
        return text.upper()
    index = rng.randrange(1, len(text) - 2)
    choice = rng.random()
    if choice < 0.3:
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    if choice < 0.55:
        return text[:index] + text[index] + text[index:]
    if choice < 0.8:
        return text[:index] + text[index + 1 :]
    return text.upper().replace("E", "É", 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=1_000_000)
    parser.add_argument("--database", default="carres_bench")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument(
        "--http",
        metavar="BASE_URL",
        help="also time the public search page end to end against a server already running "
        "on the bench database, e.g. http://127.0.0.1:8765",
    )
    args = parser.parse_args()

    created = create_database(args.database, reuse=args.reuse)
    use_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from ip_filings.models import RegisteredMark
    from ip_filings.normalize import match_keys, script_of
    from ip_filings.search import TRIGRAM_THRESHOLD, candidate_query, search_prior_marks

    table = RegisteredMark._meta.db_table
    loading = None
    if created:
        call_command("migrate", verbosity=0)
        loading = load_marks(args.marks)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) FROM " + table,  # noqa: S608  # nosec B608  # the benchmark's own table name
            [table],
        )
        count, size = cursor.fetchone()
        print(f"register: {count} marks, table + indexes {size}")

    rng = random.Random(42)  # nosec B311  # seeded sample for a benchmark
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT mark_text, classes, script FROM {table} TABLESAMPLE SYSTEM (1) LIMIT 5000"  # noqa: S608  # nosec B608  # the benchmark's own table name
        )
        sample = cursor.fetchall()
        if len(sample) < 100:  # a small register: a 1 % sample of its pages may be empty
            cursor.execute(
                f"SELECT mark_text, classes, script FROM {table} ORDER BY random() LIMIT 5000"  # noqa: S608
            )
            sample = cursor.fetchall()
    latin = [row for row in sample if row[2] == "latin"]
    arabic = [row for row in sample if row[2] == "arabic"]
    queries = []
    for index in range(args.queries):
        kind = index % 4
        pool = arabic if kind == 3 and arabic else latin
        text, classes, _script = rng.choice(pool)
        if kind == 1:
            text = perturb(text, rng)
        elif kind == 2:
            text = text.lower()
        chosen = list(classes[:1]) if index % 2 == 0 else [*classes, rng.randint(1, 45)]
        queries.append((text, chosen))
    queries += [("Atlas", [30]), ("أطلس", [30]), ("Marjane", [35]), ("Café Délice", [43])]

    # EXPLAIN of one representative query
    for text, chosen in (("Atlas Délice", (30, 43)), ("أطلس", (30,)), ("Atlas", ())):
        keys = match_keys(text)
        sql, params = candidate_query(keys, chosen, query_script=script_of(text))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"EXPLAIN ANALYZE (query {text!r}, classes {chosen}):")
        print(plan)
        used = sorted(set(re.findall(r"(?:Index Scan|Index Only Scan) (?:using|on) (\w+)", plan)))
        print(f"indexes used: {', '.join(used) or 'none'}")

    for text, chosen in queries[:20]:  # warm the cache
        search_prior_marks(text, chosen)

    timings, found = [], 0
    for text, chosen in queries:
        started = time.perf_counter()
        matches = search_prior_marks(text, chosen)
        timings.append((time.perf_counter() - started) * 1000)
        found += bool(matches)
    print(
        f"sequential: {len(timings)} searches, p50 {percentile(timings, 0.5):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms, "
        f"mean {statistics.mean(timings):.1f} ms; {found} with matches"
    )

    lock = threading.Lock()
    concurrent_timings = []

    def worker(part):
        local = []
        for text, chosen in part:
            started = time.perf_counter()
            search_prior_marks(text, chosen)
            local.append((time.perf_counter() - started) * 1000)
        connections.close_all()
        with lock:
            concurrent_timings.extend(local)

    parts = [queries[index :: args.concurrency] for index in range(args.concurrency)]
    threads = [threading.Thread(target=worker, args=(part,)) for part in parts]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(
        f"{args.concurrency} concurrent: {len(concurrent_timings)} searches in {elapsed:.1f} s = "
        f"{len(concurrent_timings) / elapsed:.0f}/s, p50 {percentile(concurrent_timings, 0.5):.1f} "
        f"ms, p95 {percentile(concurrent_timings, 0.95):.1f} ms"
    )

    http = http_benchmark(args.http, queries, args.concurrency) if args.http else None
    write_result(
        "marks",
        {
            "title": "Prior-mark search over the trademark register (search_prior_marks, in process)",
            "register_marks": count,
            "register_size": size,
            "loading": loading,
            "sequential_ms": {
                "count": len(timings),
                "p50": round(percentile(timings, 0.5), 1),
                "p95": round(percentile(timings, 0.95), 1),
                "p99": round(percentile(timings, 0.99), 1),
                "max": round(max(timings), 1),
            },
            "with_matches": found,
            "concurrent": {
                "threads": args.concurrency,
                "per_second": round(len(concurrent_timings) / elapsed, 1),
                "p50_ms": round(percentile(concurrent_timings, 0.5), 1),
                "p95_ms": round(percentile(concurrent_timings, 0.95), 1),
            },
            "http": http,
        },
    )


def http_benchmark(base_url, queries, concurrency):
    """GET /fr/trademarks/search/ for every query, `concurrency` users at a time."""
    import urllib.parse
    import urllib.request

    def fetch(text, chosen):
        query = urllib.parse.urlencode({"mark": text, "classes": ",".join(map(str, chosen))})
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base_url}/fr/trademarks/search/?{query}") as response:  # noqa: S310  # nosec B310  # the benchmark's own live server over http
            response.read()
            assert response.status == 200  # nosec B101  # a benchmark's sanity check
        return (time.perf_counter() - started) * 1000

    for text, chosen in queries[:20]:
        fetch(text, chosen)
    lock = threading.Lock()
    timings = []

    def user(part):
        local = [fetch(text, chosen) for text, chosen in part]
        with lock:
            timings.extend(local)

    parts = [queries[index::concurrency] for index in range(concurrency)]
    threads = [threading.Thread(target=user, args=(part,)) for part in parts]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(
        f"HTTP, {concurrency} concurrent users: {len(timings)} searches in {elapsed:.1f} s = "
        f"{len(timings) / elapsed:.0f}/s, p50 {percentile(timings, 0.5):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms"
    )
    return {
        "users": concurrency,
        "per_second": round(len(timings) / elapsed, 1),
        "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


if __name__ == "__main__":
    main()
