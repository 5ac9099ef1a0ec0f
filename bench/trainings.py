"""Benchmark the public trainings catalogue with 10,000 sessions.

Usage: .venv/bin/python -m bench trainings [SESSIONS] [REQUESTS] [--database NAME]
Creates a throwaway test database (test_<name>), fills it, times catalogue pages
through Django's test client (server time, no network) and prints p50/p95 and the
number of queries per page. The database is destroyed at the end. With --database, the
pages are timed on that database as it is (e.g. the one bench/data/ loaded),
which is neither filled nor destroyed. Figures also go to var/bench/trainings.json.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone

from bench.common import use_database, write_result


def fill(count):
    from accounts.models import User
    from chambers.models import Chamber, Venue
    from trainings.enums import Audience, Theme
    from trainings.models import Registration, Training, TrainingSession

    rng = random.Random(42)  # nosec B311  # seeded sample for a benchmark
    trainings = [
        Training.objects.create(
            title_fr=f"Formation {n}",
            theme=rng.choice(Theme.values),
            audience=rng.choice(Audience.values),
            duration_hours=3,
            language=rng.choice(["fr", "ar", "en"]),
        )
        for n in range(40)
    ]
    venues = list(Venue.objects.exclude(kind="online").select_related("region", "city"))
    chambers = list(Chamber.objects.all())
    now = timezone.now()
    sessions = []
    for _ in range(count):
        venue = rng.choice(venues)
        starts_at = now + timedelta(hours=rng.randint(2, 24 * 365))
        sessions.append(
            TrainingSession(
                training=rng.choice(trainings),
                venue=venue,
                city=venue.city,
                region=venue.region,
                chamber=rng.choice(chambers),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                signup_deadline=starts_at - timedelta(hours=1),
                capacity=rng.randint(10, 60),
            )
        )
    TrainingSession.objects.bulk_create(sessions, batch_size=2000)
    users = User.objects.bulk_create(
        [User(email=f"bench{n}@example.ma") for n in range(500)], batch_size=500
    )
    picked = rng.sample(
        list(TrainingSession.objects.values_list("pk", flat=True)), min(count, 3000)
    )
    Registration.objects.bulk_create(
        [Registration(session_id=pk, user=rng.choice(users), status="confirmed") for pk in picked],
        batch_size=2000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return venues


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sessions", type=int, nargs="?", default=10_000)
    parser.add_argument("requests", type=int, nargs="?", default=200)
    parser.add_argument("--database", help="time the pages on this loaded database")
    args = parser.parse_args()
    count, requests = args.sessions, args.requests
    if args.database:
        use_database(args.database)
    import django

    django.setup()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if not args.database:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        if args.database:
            from chambers.models import Venue
            from trainings.models import TrainingSession

            venues = list(Venue.objects.exclude(kind="online").select_related("region", "city"))
            count = TrainingSession.objects.count()
        else:
            venues = fill(count)
        from trainings.enums import Theme

        client = Client()
        rng = random.Random(7)  # nosec B311  # seeded sample for a benchmark
        queries = [
            "",
            "?theme=patents",
            "?language=ar&audience=smes",
            "?page=5",
        ]
        for venue in venues[:10]:
            queries.append(f"?region={venue.region_id}")
            queries.append(f"?city={venue.city_id}&theme={rng.choice(Theme.values)}")
        day = timezone.localdate()
        queries.append(f"?date_from={day + timedelta(days=30)}&date_to={day + timedelta(days=60)}")
        timings, counts = [], set()
        client.get("/fr/trainings/")  # warm up
        for n in range(requests):
            url = "/fr/trainings/" + queries[n % len(queries)]
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url  # nosec B101  # a benchmark's sanity check
            counts.add(len(captured))
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{count} sessions, {requests} catalogue requests")
        print(
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
        )
        print(f"queries per page: {sorted(counts)}")
        write_result(
            "trainings",
            {
                "title": "Trainings catalogue, server time through the test client",
                "sessions": count,
                "requests": requests,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(p95, 1),
                "max_ms": round(timings[-1], 1),
                "queries_per_page": sorted(counts),
            },
        )
    finally:
        if not args.database:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def command():
    return main()
