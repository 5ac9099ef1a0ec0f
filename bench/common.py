"""What the benchmark scripts share: where figures go, percentiles, the bench databases.

Every bench script writes its figures to `var/bench/<name>.json` with `write_result`;
`bench/report.py` turns the folder into docs/bench/REPORT.md and report.json.
Imported by the phases of this package (`python -m bench`, from the checkout's folder).
"""

import json
import os
import platform
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", BASE_DIR / "var" / "bench"))


def percentile(values, fraction):
    """Nearest-rank percentile of `values` (0 <= fraction <= 1); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def machine():
    """The machine the figures were taken on, with its load: it is shared, so they are noisy."""
    one, five, fifteen = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(one, 2), round(five, 2), round(fifteen, 2)],
        "python": platform.python_version(),
        "hostname": platform.node(),
    }


def write_result(name, figures):
    """Write `figures` (a JSON-able dict) to var/bench/<name>.json, stamped; return the path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "name": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        **figures,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def database_url(name):
    """DATABASE_URL (or the local default) with its database name replaced by `name`."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_exists(name):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        return bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def create_database(name, *, reuse):
    """Create database `name` (UTF-8, C.UTF-8 for pg_trgm). With `reuse`, keep an existing
    one and return False; otherwise drop it first. True when it was (re)created."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return False
        if exists:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            f"LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    return True


def drop_database(name):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def use_database(name):
    """Point this process (before django.setup()) at database `name` of the same server."""
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def _call(job):
    function, args, kwargs = job
    from django.db import connections

    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


def in_parallel(function, calls, *, workers=2):
    """Run function(*args, **kwargs) for each (args, kwargs) of `calls` in `workers` forked
    processes (Django already set up; each child opens its own database connection).
    A bulk load spends its time computing rows in Python: one process per core."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's socket
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_call, [(function, args, kwargs) for args, kwargs in calls]))


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
