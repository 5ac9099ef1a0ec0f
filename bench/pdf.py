"""Benchmark the PDF dossier: a ~4-page Arabic dossier rendered N times in this process.

Usage: DATABASE_URL=... python -m bench pdf [N]
Prints p50/p95 render time and the peak resident memory of the process (also written to
var/bench/pdf.json). Everything it creates is rolled back.
"""

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

from bench.common import write_result

django.setup()

import logging  # noqa: E402

from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from carres.pdf import render_dossier_pdf_bytes  # noqa: E402
from carres.workflow import transition  # noqa: E402
from tests.factories.companies import make_company_dossier  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)

# As long as the activity may be (2,000 characters, the model's check constraint).
ACTIVITY = (
    (
        "تصميم وتطوير البرمجيات وتقديم خدمات الاستشارة في مجال التحول الرقمي للمقاولات الصغرى والمتوسطة، "
        "وتكوين الأطر في مجالات الملكية الصناعية والتجارية. "
    )
    * 60
)[:2_000]


def main(runs):
    timings = []
    with transaction.atomic():
        owner = User.objects.create_user("bench@example.ma", preferred_language="ar")
        # A complete dossier (associates, managers, checklist), with long Arabic text.
        dossier = make_company_dossier(
            owner,
            name_1="أطلس للابتكار",
            activity=ACTIVITY,
            head_office_address="12 شارع الزرقطوني",
        )
        transition(dossier, "submit", actor=owner)
        pdf, _ = render_dossier_pdf_bytes(dossier)  # warm-up: fonts, templates
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        for _ in range(runs):
            start = time.perf_counter()
            render_dossier_pdf_bytes(dossier)
            timings.append(time.perf_counter() - start)
        transaction.set_rollback(True)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pages={pages} runs={runs} p50={statistics.median(timings):.3f}s "
        f"p95={p95:.3f}s peak_rss={peak_mb:.0f}MB"
    )
    write_result(
        "pdf",
        {
            "title": "PDF dossier rendering (WeasyPrint, Arabic, in process)",
            "pages": pages,
            "runs": runs,
            "p50_seconds": round(statistics.median(timings), 3),
            "p95_seconds": round(p95, 3),
            "peak_rss_mb": round(peak_mb),
        },
    )


def command():
    """`python -m bench pdf [N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=20, help="renders")
    return main(parser.parse_args().count)
