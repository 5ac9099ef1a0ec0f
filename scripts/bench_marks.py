"""Benchmark the prior-mark search on a large synthetic register, in a database of its own.

    .venv/bin/python scripts/bench_marks.py --marks 1000000 [--database carres_bench]
        [--queries 400] [--concurrency 4] [--reuse] [--repeat 3]
        [--serve 8101 [--workers 4] | --http http://127.0.0.1:8765] [--rebuild-words]

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
bench database itself (--workers, 4 as in production) and times the public search page
end to end with --concurrency users; --http times a server already running instead.

It also measures what the word door changes: for every class-less query, how much of
the exhaustive trigram search's top 20 (`word_door=False`) the word door returns, and
the recall@10 of the public list of hard pairs (tests/ip_filings/data/search_pairs.csv)
planted in the big register, with and without classes, and the negatives flagged high risk. The server is taken from DATABASE_URL
(its database name is replaced by --database).
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "scripts"))
from benchlib import create_database, database_url, percentile, write_result  # noqa: E402

from tests.servers import local_production_env  # noqa: E402 (standard library only)


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


COMMON_QUERIES = [
    "Atlas",
    "Maroc",
    "Star",
    "Best Food",
    "Atlaz",
    "Royal Food",
    "Golden Star",
    "Maroc Telecom",
    "Sahara Nour",
    "أطلس",
    "نور",
    "Bio Argan",
]
GROUPS = ("classes", "no class", "common")


def build_queries(sample, count, rng):
    """(group, kind, text, classes) tuples: the mix described in the module docstring."""
    from ip_filings.register import _WORDS

    latin = [row for row in sample if row[2] == "latin"]
    arabic = [row for row in sample if row[2] == "arabic"]
    queries = []
    for index in range(count):
        kind = ("exact", "misspelt", "lowercase", "arabic")[index % 4]
        pool = arabic if kind == "arabic" and arabic else latin
        text, classes, _script = rng.choice(pool)
        if kind == "misspelt":
            text = perturb(text, rng)
        elif kind == "lowercase":
            text = text.lower()
        mode = index % 3
        if mode == 0:
            queries.append(("classes", kind, text, list(classes[:1])))
        elif mode == 1:
            queries.append(("classes", kind, text, [*classes, rng.randint(1, 45)]))
        else:
            queries.append(("no class", kind, text, []))
    # class-less queries of common words: a quarter of the class-less ones
    common_words = {word.lower() for word in _WORDS}
    holding = [row for row in latin if common_words & set(row[0].lower().split())]
    for index in range(max(len(COMMON_QUERIES), count // 12)):
        if index < len(COMMON_QUERIES):
            queries.append(("common", "named", COMMON_QUERIES[index], []))
        elif holding:
            text = rng.choice(holding)[0]
            if index % 2:
                queries.append(("common", "register, misspelt", perturb(text, rng), []))
            else:
                queries.append(("common", "register", text, []))
    rng.shuffle(queries)
    return queries


def time_searches(queries, search):
    """[(group, kind, ms)] for each query, one after the other."""
    timings = []
    for group, kind, text, chosen in queries:
        started = time.perf_counter()
        search(text, chosen)
        timings.append((group, kind, (time.perf_counter() - started) * 1000))
    return timings


def time_concurrently(queries, search, concurrency, *, after=None):
    """(elapsed seconds, [(group, kind, ms)]) with `concurrency` threads sharing the queries."""
    lock = threading.Lock()
    timings = []

    def worker(part):
        local = time_searches(part, search)
        if after:
            after()
        with lock:
            timings.extend(local)

    parts = [queries[index::concurrency] for index in range(concurrency)]
    threads = [threading.Thread(target=worker, args=(part,)) for part in parts]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, timings


def summary(timings):
    """{label: (count, p50, p95)} overall, per group and per (group, kind)."""
    out = {"all": [ms for _group, _kind, ms in timings]}
    for group, kind, ms in timings:
        out.setdefault(group, []).append(ms)
        out.setdefault(f"{group} / {kind}", []).append(ms)
    return {
        label: (len(values), percentile(values, 0.5), percentile(values, 0.95))
        for label, values in out.items()
    }


def print_summaries(title, runs, *, elapsed=None):
    """One line per label: median over the runs of p50 and p95 (and of throughput)."""
    print(f"{title} ({len(runs)} run{'s' if len(runs) > 1 else ''}, medians):")
    if elapsed:
        rates = [len(timings) / seconds for seconds, timings in zip(elapsed, runs, strict=True)]
        print(
            f"  throughput {statistics.median(rates):.0f} searches/s "
            f"(runs: {', '.join(f'{rate:.0f}' for rate in rates)})"
        )
    summaries = [summary(timings) for timings in runs]
    labels = sorted(summaries[0], key=lambda label: (label != "all", label))
    for label in labels:
        count = summaries[0][label][0]
        p50 = statistics.median(s[label][1] for s in summaries if label in s)
        p95s = [s[label][2] for s in summaries if label in s]
        print(
            f"  {label:<34} n={count:<4} p50 {p50:6.1f} ms  p95 {statistics.median(p95s):6.1f} ms"
            f"  (p95 per run: {', '.join(f'{value:.0f}' for value in p95s)})"
        )


@contextmanager
def indexes_dropped(table, *, log=print, defer=()):
    """Drop `table`'s plain indexes (not its primary key or unique ones) for a bulk load and
    build them again afterwards, timing each; yields the dict the timings are put in. The
    indexes named in `defer` stay dropped: their (name, definition) pairs are put in the
    dict under "deferred", for whoever builds them later."""
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
    built = {"deferred": [(n, d) for n, d in indexes if n in defer]}
    try:
        yield built
    finally:
        with connection.cursor() as cursor:
            for name, definition in indexes:
                if name in defer:
                    continue
                started = time.monotonic()
                cursor.execute(definition)
                elapsed = time.monotonic() - started
                cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [name])
                size = cursor.fetchone()[0]
                built[name] = {"seconds": round(elapsed, 1), "size": size}
                log(f"index {name}: built in {elapsed:.1f} s, size {size}")
            cursor.execute(f"VACUUM ANALYZE {table}")


def load_marks(count, *, log=print):
    """COPY `count` synthetic marks into the (migrated, empty) register with its indexes and
    word trigger off, rebuild the indexes, then the word posting lists (timed). Also used by
    scripts/bench_data.py for the load-test data set."""
    from django.db import connection

    from ip_filings.models import RegisteredMark
    from ip_filings.register import generate_marks

    table = RegisteredMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER markword_insert")
    # the marks' words GIN is built once, by build_words, after the posting lists
    with indexes_dropped(table, log=log, defer={"mark_words_gin"}) as built:
        started = time.monotonic()
        for batch, start in enumerate(range(0, count, 100_000)):
            generate_marks(min(100_000, count - start), seed=batch, prefix="B")
        load_seconds = time.monotonic() - started
        log(f"load: {count} marks with COPY in {load_seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER markword_insert")
    started = time.monotonic()
    build_words(connection, deferred=built.pop("deferred"))
    return {
        "load_seconds": round(load_seconds, 1),
        "indexes": built,
        "words_seconds": round(time.monotonic() - started, 1),
    }


def build_words(connection, deferred=()):
    """Empty and refill the posting lists and vocabulary from the register, timing each step.
    `deferred`: (name, definition) of indexes dropped before (by `indexes_dropped`) to build
    with the others."""
    from ip_filings.models import MarkVocabulary, MarkWord, RegisteredMark

    words, vocabulary = MarkWord._meta.db_table, MarkVocabulary._meta.db_table
    marks = RegisteredMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE (tablename = ANY(%s) "
            "AND indexdef NOT LIKE %s AND indexname NOT LIKE %s) OR indexname = %s",
            [[words, vocabulary], "%UNIQUE%", "%pkey", "mark_words_gin"],
        )
        indexes = cursor.fetchall()
        cursor.execute(f"TRUNCATE {words}, {vocabulary}")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        indexes += list(deferred)
        started = time.monotonic()
        # the same INSERT as migration 0005's backfill; the vocabulary trigger counts
        cursor.execute(
            f"INSERT INTO {words} (mark_id, word, size) SELECT m.id, w.word, w.size "  # noqa: S608
            f"FROM {marks} AS m, ip_filings_mark_words(m.normalized, m.romanized, m.script) AS w"
        )
        print(
            f"word posting lists and vocabulary (with their primary keys): "
            f"{time.monotonic() - started:.1f} s"
        )
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition)
            elapsed = time.monotonic() - started
            cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [name])
            print(f"index {name}: built in {elapsed:.1f} s, size {cursor.fetchone()[0]}")
        cursor.execute(f"VACUUM ANALYZE {words}")
        cursor.execute(f"VACUUM ANALYZE {vocabulary}")
        print_word_sizes(cursor)


def print_word_sizes(cursor):
    from ip_filings.models import MarkVocabulary, MarkWord

    for model in (MarkWord, MarkVocabulary):
        table = model._meta.db_table
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_relation_size(%s)), "  # noqa: S608
            "pg_size_pretty(pg_indexes_size(%s)) FROM " + table,
            [table, table],
        )
        rows, heap, indexes = cursor.fetchone()
        cursor.execute(
            "SELECT indexname, pg_size_pretty(pg_relation_size(indexname::regclass)) "
            "FROM pg_indexes WHERE tablename = %s ORDER BY 1",
            [table],
        )
        each = ", ".join(f"{name} {size}" for name, size in cursor.fetchall())
        print(f"{table}: {rows} rows, table {heap}, indexes {indexes} ({each})")


def measure_recall(search_prior_marks, connection):
    """The public list of hard pairs (tests/ip_filings/data/search_pairs.csv) planted in the
    register: recall@10 with the class and without, negatives flagged high risk."""
    from ip_filings.models import RegisteredMark
    from tests.ip_filings.recall import PLANTED_PREFIX, load_pairs, measure, plant

    RegisteredMark.objects.filter(number__startswith=PLANTED_PREFIX).delete()
    pairs = load_pairs()
    planted = plant(pairs)
    result = measure(pairs, planted, lambda text, classes: search_prior_marks(text, classes))
    print(f"hard pairs planted in the register ({len(pairs)} rows):")
    for line in result.lines():
        print(f"  {line}")
    return {
        "pairs": sum(not pair.negative for pair in pairs),
        "recall_at_10_with_class": round(result.rate("class"), 4),
        "recall_at_10_without_class": round(result.rate("no class"), 4),
        "negatives_flagged_high": len(result.flagged),
    }


def measure_agreement(queries, search_prior_marks):
    """What the word door changes in the top 20 of the class-less queries.

    Both searches keep a bounded number of candidates, and the exhaustive one breaks
    ties among equally similar marks (thousands of "Atlas X") in no particular order,
    so the same marks cannot be expected: what counts is that the word door's i-th
    result scores as high as the exhaustive one's ("ranks matched"). The share of the
    same marks is printed too.
    """
    ranks, same_marks, whole, exhaustive_ms = [], [], 0, []
    strong_matched = strong = 0  # ranks where the exhaustive result is medium or high risk
    worst = []
    for group, _kind, text, chosen in queries:
        if chosen:
            continue
        started = time.perf_counter()
        exhaustive = search_prior_marks(text, None, word_door=False)
        exhaustive_ms.append((time.perf_counter() - started) * 1000)
        words = search_prior_marks(text, None, word_door=True)
        if not exhaustive:
            ranks.append(1.0)
            same_marks.append(1.0)
            whole += 1
            continue
        theirs = [match.score for match in exhaustive]
        ours = [match.score for match in words] + [0.0] * len(theirs)
        pairs = list(zip(ours, theirs, strict=False))
        matched = sum(mine >= their - 1e-9 for mine, their in pairs)
        strong += sum(match.risk != "low" for match in exhaustive)
        strong_matched += sum(
            mine >= their - 1e-9
            for (mine, their), match in zip(pairs, exhaustive, strict=False)
            if match.risk != "low"
        )
        ranks.append(matched / len(theirs))
        whole += matched == len(theirs)
        ids = {match.mark.pk for match in exhaustive}
        same_marks.append(len(ids & {match.mark.pk for match in words}) / len(ids))
        worst.append((matched / len(theirs), group, text))
    worst.sort()
    print(
        f"word door vs exhaustive trigram search, {len(ranks)} class-less queries: "
        f"ranks matched {statistics.mean(ranks):.3f} (whole top 20 matched: {whole}/{len(ranks)}), "
        f"ranks matched where the exhaustive result is medium or high risk "
        f"{strong_matched}/{strong}, same marks {statistics.mean(same_marks):.3f}; "
        f"exhaustive search alone "
        f"p50 {percentile(exhaustive_ms, 0.5):.0f} ms, p95 {percentile(exhaustive_ms, 0.95):.0f} ms"
    )
    for share, group, text in worst[:8]:
        if share < 1:
            print(f"  lowest: {share:.2f} for {text!r} ({group})")


def explain(connection, transaction):
    from ip_filings.normalize import match_keys, script_of
    from ip_filings.search import candidate_query, trigram_settings_sql

    for text, chosen in (("Atlas Délice", (30, 43)), ("أطلس", (30,)), ("Atlas Bachan", ())):
        keys = match_keys(text)
        sql, params = candidate_query(keys, chosen, query_script=script_of(text))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*trigram_settings_sql(not chosen))
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"EXPLAIN ANALYZE (query {text!r}, classes {chosen}):")
        print(plan)
        used = sorted(set(re.findall(r"(?:Index Scan|Index Only Scan) (?:using|on) (\w+)", plan)))
        print(f"indexes used: {', '.join(used) or 'none'}")


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
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers for --serve")
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

    if args.serve:
        with GunicornServer(args.serve, args.workers):
            http_benchmark(f"http://127.0.0.1:{args.serve}", queries, args)
    elif args.http:
        http_benchmark(args.http, queries, args)
    if not args.skip_timing:
        write_result(
            "marks",
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
            },
        )


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
                "--workers",
                str(self.workers),
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
    """GET /fr/trademarks/search/ for every query, --concurrency users at a time."""

    def fetch(text, chosen):
        query = urllib.parse.urlencode({"mark": text, "classes": ",".join(map(str, chosen))})
        with urllib.request.urlopen(f"{base_url}/fr/trademarks/search/?{query}") as response:  # noqa: S310
            response.read()
            assert response.status == 200

    time_searches(queries[:20], fetch)
    runs, elapsed = [], []
    for _run in range(args.repeat):
        seconds, timings = time_concurrently(queries, fetch, args.concurrency)
        runs.append(timings)
        elapsed.append(seconds)
    print_summaries(
        f"HTTP, {args.concurrency} concurrent users, search page", runs, elapsed=elapsed
    )


if __name__ == "__main__":
    main()
