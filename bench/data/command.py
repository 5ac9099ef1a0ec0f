"""`python -m bench data`: load the data set (see bench/data/__init__.py), or reuse it."""

import argparse
import time

import bench.data
from bench.common import (
    create_database,
    database_exists,
    drop_database,
    in_parallel,
    indexes_dropped,
    use_database,
    write_result,
)
from bench.data.accounts import render_pdfs, write_accounts
from bench.data.people import load_people_and_dossiers
from bench.marks_register import load_marks
from bench.trainings import fill as fill_sessions

FULL = {"marks": 1_000_000, "companies": 500_000, "sessions": 10_000, "users": 50_000}


def count(scale, what):
    return max(1, round(FULL[what] * scale))


def log(message):
    print(f"[bench-data] {message}", flush=True)


def table_counts():
    from django.db import connection

    tables = [
        "ip_filings_registeredmark",
        "companies_registeredcompany",
        "trainings_trainingsession",
        "accounts_user",
        "companies_companydossier",
        "ip_filings_trademarkfiling",
        "ip_filings_patentfiling",
        "carres_dossierevent",
        "carres_generateddocument",
        "carres_notification",
        "trainings_registration",
        "chambers_supportrequest",
    ]
    with connection.cursor() as cursor:
        found = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            found[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT status, count(*) FROM ("
            " SELECT status FROM companies_companydossier UNION ALL"
            " SELECT status FROM ip_filings_trademarkfiling UNION ALL"
            " SELECT status FROM ip_filings_patentfiling) AS every_dossier GROUP BY status"
        )
        found["dossiers_by_state"] = dict(sorted(cursor.fetchall()))
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        found["database_size"] = cursor.fetchone()[0]
    return found


def loaded_scale():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT value FROM bench_dataset WHERE key = 'scale'")
        row = cursor.fetchone()
    return float(row[0]) if row else None


def load(scale):
    """Migrate and fill the (new) database at `scale`; return the seconds of each part."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from companies.register_io import generate_register

    timings = {}

    def part(name, function, *args):
        started = time.monotonic()
        result = function(*args)
        timings[name] = round(time.monotonic() - started, 1)
        log(f"{name}: {timings[name]} s")
        return result

    part("migrate", call_command, "migrate", "--noinput", "-v0")
    part("seed_demo", call_command, "seed_demo", "--allow-production", "-v0")
    part("marks", load_marks, count(scale, "marks"))

    def companies():
        # Seeded companies stay; the unique ICE index stays too (COPY keeps checking it).
        with indexes_dropped("companies_registeredcompany"):
            # In chunks with disjoint number ranges (each number makes one unique ICE).
            total, chunk = count(scale, "companies"), 50_000
            in_parallel(
                generate_register,
                [
                    ((min(chunk, total - start),), {"seed": 7 + start, "start": 1_000_000 + start})
                    for start in range(0, total, chunk)
                ],
            )

    part("companies", companies)
    part("training_sessions", fill_sessions, count(scale, "sessions"))

    def people():
        from trainings.models import TrainingSession

        sessions = list(
            TrainingSession.objects.filter(starts_at__gt=timezone.now()).values_list(
                "pk", flat=True
            )
        )
        return load_people_and_dossiers(
            count(scale, "users"), sessions=sessions, now=timezone.now()
        )

    written = part("users_and_dossiers", people)
    part("pdfs", render_pdfs)
    # The nightly task over the whole data set: the statistics page and open data read it.
    part("statistics", call_command, "rebuild_statistics", "-v0")

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CREATE TABLE bench_dataset (key text PRIMARY KEY, value text)")
            cursor.execute(
                "INSERT INTO bench_dataset VALUES ('scale', %s), ('loaded_at', now()::text)",
                [str(scale)],
            )

    part("vacuum_analyze", analyze)
    return timings, written


def main():
    parser = argparse.ArgumentParser(description=bench.data.__doc__.splitlines()[0])
    parser.add_argument("--database", default="carres_bench")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep a database loaded at this scale")
    parser.add_argument("--drop", action="store_true", help="drop the database and exit")
    parser.add_argument("--result", default="dataset", help="name of the var/bench JSON file")
    parser.add_argument(
        "--accounts", default="accounts", help="var/bench file for the load test, or none"
    )
    args = parser.parse_args()
    if args.drop:
        drop_database(args.database)
        log(f"dropped {args.database}")
        return

    started = time.monotonic()
    reused = False
    if args.reuse and database_exists(args.database):
        use_database(args.database)
        import django

        django.setup()
        if loaded_scale() == args.scale:
            reused = True
            log(f"reusing {args.database} (scale {args.scale})")
        else:
            from django.db import connections

            connections.close_all()
            log(f"{args.database} is not loaded at scale {args.scale}: loading it again")
    timings, written = {}, {}
    if not reused:
        create_database(args.database, reuse=False)
        use_database(args.database)
        import django

        django.setup()
        timings, written = load(args.scale)
    render_pdfs()  # the files live outside the database: make sure they are there
    accounts = write_accounts(args.accounts) if args.accounts != "none" else 0
    counts = table_counts()
    elapsed = round(time.monotonic() - started, 1)
    log(f"{args.database} ready in {elapsed} s: {counts}")
    write_result(
        args.result,
        {
            "title": "The load-test data set",
            "database": args.database,
            "scale": args.scale,
            "reused": reused,
            "seconds": elapsed,
            "parts_seconds": timings,
            "copied_rows": written,
            "counts": counts,
            "accounts_for_load_test": accounts,
        },
    )


def command():
    return main()
