"""Burst benchmark: N dossiers submitted at once, with the default worker layout.

Starts the two workers of Procfile.dev (default+notifications; documents with
prefetch 1), submits N dossiers (each queues one PDF and one e-mail), then reports
how long the e-mails waited (they must not queue behind the PDFs), when the last
PDF was stored, and the PDF queue's throughput: PDFs stored per minute by the documents
worker while the queue drains (from the first PDF stored to the last). Figures also go to
var/bench/burst.json. Uses DATABASE_URL / REDIS_URL; deletes what it created.

Usage: DATABASE_URL=... REDIS_URL=... python -m bench burst [N]
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.common import write_result  # noqa: E402
from carres.models import GeneratedDocument, OutboxMessage  # noqa: E402
from carres.testservers import database_url, start_worker  # noqa: E402
from carres.workflow import transition  # noqa: E402
from companies.models import CompanyDossier  # noqa: E402
from tests.factories.companies import make_company_dossier  # noqa: E402

# The two workers of Procfile.dev: e-mails apart, so they never queue behind the PDFs.
WORKERS = [
    {"hostname": "bench-mail@%h", "queues": "default,notifications"},
    {"hostname": "bench-docs@%h", "queues": "documents", "prefetch_multiplier": 1},
]


def main(count):
    work = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    workers, owners = [], []
    try:
        for number, worker in enumerate(WORKERS):
            workers.append(  # each once it says it is ready
                start_worker(
                    database_url=database_url(connection.settings_dict),
                    broker_url=settings.REDIS_URL,
                    mail_dir=work,
                    log_path=work / f"worker-{number}.log",
                    pool="prefork",
                    concurrency=2,
                    **worker,
                )
            )
        owners = [User.objects.create_user(f"burst{i}@bench.example") for i in range(count)]
        dossiers = [make_company_dossier(owner) for owner in owners]
        start = time.monotonic()
        for dossier in dossiers:
            transition(dossier, "submit", actor=dossier.owner)
        submitted = time.monotonic() - start
        ids = [d.pk for d in dossiers]
        while time.monotonic() - start < 300:
            if not OutboxMessage.objects.filter(object_id__in=ids, sent_at__isnull=True).exists():
                break
            time.sleep(0.5)
        total = time.monotonic() - start
        waits = sorted(
            (m.sent_at - m.created_at).total_seconds()
            for m in OutboxMessage.objects.filter(object_id__in=ids, channel="email")
        )
        stored = sorted(
            GeneratedDocument.objects.filter(
                content_type__model="companydossier", object_id__in=ids
            ).values_list("created_at", flat=True)
        )
        pdfs = len(stored)
        draining = (stored[-1] - stored[0]).total_seconds() if pdfs > 1 else 0
        per_minute = (pdfs - 1) / draining * 60 if draining else None
        print(
            f"dossiers={count} submitted_in={submitted:.1f}s all_done_in={total:.1f}s pdfs={pdfs} "
            f"email_wait_p50={statistics.median(waits):.2f}s "
            f"email_wait_max={waits[-1]:.2f}s "
            f"pdf_queue={per_minute or 0:.0f}/min"
        )
        write_result(
            "burst",
            {
                "title": "A burst of submissions through the real Celery workers",
                "dossiers": count,
                "submitted_seconds": round(submitted, 1),
                "all_done_seconds": round(total, 1),
                "pdfs": pdfs,
                "pdf_per_minute": round(per_minute, 1) if per_minute else None,
                "documents_worker": "concurrency 2, prefetch 1",
                "email_wait_p50_seconds": round(statistics.median(waits), 2),
                "email_wait_max_seconds": round(waits[-1], 2),
            },
        )
    finally:
        for worker in workers:
            worker.stop()
        shutil.rmtree(work, ignore_errors=True)
        for document in GeneratedDocument.objects.filter(
            object_id__in=CompanyDossier.objects.filter(owner__in=owners).values("pk")
        ):
            document.file.delete(save=False)
            document.delete()
        CompanyDossier.objects.filter(owner__in=owners).delete()
        User.objects.filter(pk__in=[o.pk for o in owners]).delete()


def command():
    """`python -m bench burst [N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "count", type=int, nargs="?", default=100, help="dossiers submitted at once"
    )
    return main(parser.parse_args().count)
