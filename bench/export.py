"""Benchmark the personal-data export (law 09-08 right of access) for a busy account.

Usage: DATABASE_URL=... python -m bench export [N]
An Arabic-speaking entrepreneur with 10 company dossiers (each with its checklist answered
by 1 MiB files, a timeline and messages), 5 training sign-ups and 3 support requests; the
JSON and the PDF export are each built N times. Prints p50/p95, the PDF's page count, and
the PDF's p50 as a ratio of one dossier's PDF (carres.pdf) timed in the same run, a figure
that holds on a loaded machine. The PDF is drawn by a worker (documents queue), never in a
web request; the JSON is built in the request.
Runs in a throwaway database (bench_export_<pid>, migrated, dropped at the end) on the
DATABASE_URL server; files go to a temporary folder that is removed.
"""

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
MEDIA = tempfile.TemporaryDirectory()
os.environ["MEDIA_ROOT"] = MEDIA.name

import django  # noqa: E402

django.setup()

import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from pypdf import PdfReader  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)


def build_account():
    from accounts.enums import Office, Role
    from carres.enums import DossierAction
    from carres.services import attach_file, post_message
    from carres.workflow import transition
    from tests.factories.accounts import make_user
    from tests.factories.chambers import make_request
    from tests.factories.companies import make_company_dossier
    from tests.factories.files import large_pdf, release_quarantined
    from tests.factories.trainings import make_registration, make_session

    user = make_user("bench-export@example.ma", first_name="سلمى", preferred_language="ar")
    examiner = make_user("bench-examiner@example.ma", role=Role.EXAMINER, office=Office.OMPIC)
    mib_pdf = large_pdf(1024 * 1024)  # a valid 1 MiB PDF: uploads are checked
    for number in range(10):
        dossier = make_company_dossier(
            user, name_1=f"أطلس للابتكار {number}", name_2=f"Atlas bench {number}"
        )
        for page in range(2):
            attach_file(
                dossier,
                actor=user,
                upload=SimpleUploadedFile(f"piece-{number}-{page}.pdf", mib_pdf),
            )
        release_quarantined()  # as the scanning worker would, before the submission
        transition(dossier, DossierAction.SUBMIT, actor=user)
        transition(dossier, DossierAction.TAKE, actor=examiner)
        dossier.refresh_from_db()
        post_message(dossier, actor=examiner, body="هل يمكنكم إرسال النظام الأساسي الموقع؟")
        post_message(dossier, actor=user, body="نعم، أرسلته اليوم.")
    for _ in range(5):
        make_registration(make_session(), user)
    for _ in range(3):
        make_request(user, message="أحتاج مساعدة لإيداع علامتي التجارية.")
    return user


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main(runs):
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_export_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        measure(runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        MEDIA.cleanup()


def measure(runs):
    from accounts.export import collect_personal_data, render_export_pdf
    from carres.pdf import render_dossier_pdf_bytes
    from companies.models import CompanyDossier

    with transaction.atomic():
        user = build_account()
        render_export_pdf(user)  # warm-up: fonts, templates
        json_times, pdf_times, dossier_times = [], [], []
        dossier = CompanyDossier.objects.filter(owner=user).first()
        for _ in range(runs):
            start = time.perf_counter()
            render_dossier_pdf_bytes(dossier)
            dossier_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            body = json.dumps(collect_personal_data(user), ensure_ascii=False, default=str)
            json_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            pdf = render_export_pdf(user)
            pdf_times.append(time.perf_counter() - start)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        transaction.set_rollback(True)
    json_p50, json_p95 = percentiles(json_times)
    pdf_p50, pdf_p95 = percentiles(pdf_times)
    print(
        f"export runs={runs} json={len(body) // 1024}KiB p50={json_p50:.3f}s p95={json_p95:.3f}s "
        f"pdf_pages={pages} p50={pdf_p50:.3f}s p95={pdf_p95:.3f}s "
        f"pdf_vs_one_dossier_pdf={pdf_p50 / statistics.median(dossier_times):.1f}x"
    )


def command():
    """`python -m bench export [N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10, help="times each export is built")
    return main(parser.parse_args().count)
