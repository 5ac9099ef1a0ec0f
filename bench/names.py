"""Benchmark name availability over a register of 500,000 companies.

Usage: .venv/bin/python -m bench names [COMPANIES] [CHECKS] [--database NAME]
Creates a throwaway test database (test_<name>), fills the register with
`generate_companies` (COPY), ANALYZEs, then times `check_name` for a mix of names
(identical to a registered one, close variants, Arabic, new names) and prints
p50/p95/max of the database time (the SQL of one check, summed) and the wall time of
one check, plus the plan of the similarity query. The database is destroyed at the end.
With --database, the checks run on that database's register as it is (e.g. the one
bench/data/ loaded); what the wizard-page timing creates is rolled back.
Figures also go to var/bench/names.json.
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment

from bench.common import use_database, write_result


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))]


def bench_wizard_pages(requests=40):
    """Server time of each wizard page (test client, no network), with the big register."""
    from django.test import Client

    from accounts.models import User
    from tests.factories.companies import make_company_dossier

    user = User.objects.create_user("bench@example.ma")
    dossier = make_company_dossier(user, name_1="Zitoun Innovation Lab")
    client = Client()
    client.force_login(user)
    steps = ["names", "activity", "associates", "managers", "head_office", "documents", "review"]
    print("wizard pages, server time (ms) and queries:")
    figures = {}
    for step in steps:
        url = f"/fr/companies/{dossier.pk}/step/{step}/"
        client.get(url)
        times = []
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (step, response.status_code)  # nosec B101  # a benchmark's sanity check
        print(
            f"  {step:<12} p50 {statistics.median(times):6.1f}  p95 {percentile(times, 0.95):6.1f}"
            f"  queries {len(captured.captured_queries)}"
        )
        figures[step] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": len(captured.captured_queries),
        }
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("companies", type=int, nargs="?", default=500_000)
    parser.add_argument("checks", type=int, nargs="?", default=400)
    parser.add_argument("--database", help="check names against this loaded database")
    args = parser.parse_args()
    companies, checks = args.companies, args.checks
    if args.database:
        use_database(args.database)
    import django

    django.setup()
    from django.db import transaction

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if not args.database:
        # Its own throwaway database, so that a test run in parallel does not clobber it.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_names_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from companies.models import RegisteredCompany
        from companies.register_io import generate_register
        from companies.selectors import check_name

        if args.database:
            companies = RegisteredCompany.objects.count()
            print(f"register: {companies} companies in {args.database}")
        else:
            started = time.perf_counter()
            generate_register(companies, seed=7)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE companies_registeredcompany")
            print(f"register: {companies} companies in {time.perf_counter() - started:.1f} s")

        rng = random.Random(3)  # nosec B311  # seeded sample for a benchmark
        sample = list(
            RegisteredCompany.objects.order_by("?").values_list("name", flat=True)[: checks // 2]
        )
        names = []
        for name in sample:
            names.append(name)  # identical
            names.append(name.replace("a", "e", 1) + "s")  # close variant
        names += ["Zitoun Innovation Lab", "مختبر الزيتون للابتكار", "Argan Numérique Plus"]
        rng.shuffle(names)

        db_ms, wall_ms, verdicts = [], [], {}
        for name in names:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                verdict = check_name(name).verdict
                wall_ms.append((time.perf_counter() - started) * 1000)
            db_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
        print(f"checks: {len(names)} names, verdicts {verdicts}")
        print(
            "database time per check (ms): "
            f"p50 {statistics.median(db_ms):.1f}  p95 {percentile(db_ms, 0.95):.1f}  "
            f"max {max(db_ms):.1f}"
        )
        print(
            "wall time per check (ms):     "
            f"p50 {statistics.median(wall_ms):.1f}  p95 {percentile(wall_ms, 0.95):.1f}  "
            f"max {max(wall_ms):.1f}"
        )
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db import transaction
        from django.db.models import Q

        from companies.names import distinctive_name, phonetic_key
        from companies.selectors import SIMILARITY_THRESHOLD

        key = distinctive_name(names[0])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(SIMILARITY_THRESHOLD)],
            )
            plan = (
                RegisteredCompany.objects.filter(
                    Q(distinctive_name__trigram_similar=key)
                    | Q(phonetic_key=phonetic_key(names[0]))
                )
                .annotate(similarity=TrigramSimilarity("distinctive_name", key))
                .order_by("-similarity")[:5]
                .explain(analyze=True)
            )
        print("plan of the similarity query:")
        print(plan)
        with transaction.atomic():
            wizard = bench_wizard_pages()
            transaction.set_rollback(True)
        write_result(
            "names",
            {
                "title": "Company-name availability over the register (check_name, in process)",
                "register_companies": companies,
                "checks": len(names),
                "verdicts": verdicts,
                "database_ms": {
                    "p50": round(statistics.median(db_ms), 1),
                    "p95": round(percentile(db_ms, 0.95), 1),
                    "max": round(max(db_ms), 1),
                },
                "wall_ms": {
                    "p50": round(statistics.median(wall_ms), 1),
                    "p95": round(percentile(wall_ms, 0.95), 1),
                    "max": round(max(wall_ms), 1),
                },
                "wizard_pages": wizard,
            },
        )
    finally:
        if not args.database:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def command():
    return main()
