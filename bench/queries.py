"""Queries per page, for every main page, at two data sizes: they must not grow with the data.

    .venv/bin/python -m bench queries small=carres_bench_small bench=carres_bench

Each LABEL=DATABASE is a database loaded by bench/data/ (a tiny one and the
bench one). For each, a child process requests every main page through Django's test
client (no network) as an anonymous visitor or as one of the loaded entrepreneurs,
twice, and counts the SQL queries of the second request (CaptureQueriesContext). Writes
var/bench/queries.json: the count of each page at each size, and whether it is the same.
Nothing is written to the databases except sessions and the "read" marks of notifications.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

from bench.common import use_database, write_result  # noqa: E402


def pick_user():
    """An entrepreneur of the data set with a patent draft and a support request, if any."""
    from accounts.models import User
    from ip_filings.models import PatentFiling

    bench_users = User.objects.filter(email__endswith="@bench.example")
    with_patent_draft = PatentFiling.objects.filter(status="draft").values("owner_id")
    return (
        bench_users.filter(pk__in=with_patent_draft, support_requests__isnull=False)
        .order_by("pk")
        .first()
        or bench_users.filter(pk__in=with_patent_draft).order_by("pk").first()
        or bench_users.order_by("pk").first()
    )


def pages(user):
    """[(name, url, signed in?)] of the main pages, for `user`'s own dossiers."""
    from carres.models import GeneratedDocument
    from companies.models import CompanyDossier
    from ip_filings.models import PatentFiling, TrademarkFiling
    from trainings.models import Caravan, TrainingSession

    session = TrainingSession.objects.order_by("starts_at").first()
    caravan = Caravan.objects.first()
    company_draft = CompanyDossier.objects.filter(owner=user, status="draft").order_by("pk").first()
    company = CompanyDossier.objects.filter(owner=user).exclude(status="draft").first()
    trademark_draft = (
        TrademarkFiling.objects.filter(owner=user, status="draft").order_by("pk").first()
    )
    trademark = TrademarkFiling.objects.filter(owner=user).order_by("-pk").first()
    patent = PatentFiling.objects.filter(owner=user).order_by("pk").first()
    submitted = CompanyDossier.objects.exclude(reference=None).exclude(status="withdrawn").first()
    document = (
        GeneratedDocument.objects.filter(
            content_type__model="companydossier", object_id=company.pk
        ).first()
        if company
        else None
    )
    request = user.support_requests.first()
    anonymous = [
        ("home", "/fr/"),
        ("trainings catalogue", "/fr/trainings/"),
        ("trainings catalogue, page 2", "/fr/trainings/?page=2"),
        ("trainings catalogue, filtered", "/fr/trainings/?theme=patents&language=fr"),
        ("training session", f"/fr/trainings/sessions/{session.pk}/"),
        ("caravan", f"/fr/trainings/caravans/{caravan.pk}/" if caravan else None),
        ("chambers directory", "/fr/chambers/"),
        ("prior-mark search", "/fr/trademarks/search/?mark=Atlas+D%C3%A9lice&classes=30%2C43"),
        ("prior-mark search, Arabic", "/fr/trademarks/search/?mark=%D8%A3%D8%B7%D9%84%D8%B3"),
        ("Nice class picker", "/fr/trademarks/classes/?q=v%C3%AAtements"),
        ("fee estimate", "/fr/trademarks/fees/?classes=25%2C35&applicant_kind=sme"),
        ("IP self-diagnostic", "/fr/diagnostic/"),
        (
            "public verification",
            f"/fr/verify/{submitted.reference}/{submitted.verification_code}/",
        ),
        ("sign-in page", "/fr/accounts/login/"),
    ]
    signed_in = [
        ("dashboard", "/fr/dashboard/"),
        ("notifications", "/fr/notifications/"),
        ("profile", "/fr/accounts/profile/"),
        ("my trainings", "/fr/trainings/mine/"),
        ("my support requests", "/fr/chambers/requests/"),
        (
            "support request",
            f"/fr/chambers/requests/{request.pk}/" if request else None,
        ),
        ("company dossier", f"/fr/companies/{company.pk}/" if company else None),
        ("PDF download", f"/fr/dossiers/documents/{document.pk}/" if document else None),
        ("trademark dossier", f"/fr/trademarks/dossiers/{trademark.pk}/"),
        ("trademark watches", "/fr/trademarks/dossiers/watches/"),
        ("patent dossier", f"/fr/patents/{patent.pk}/" if patent else None),
        (
            "company name check (htmx)",
            f"/fr/companies/{company_draft.pk}/check-name/?field=name_1&name_1=Atlas+Conseil",
        ),
    ]
    for step in (
        "names",
        "activity",
        "associates",
        "managers",
        "head_office",
        "documents",
        "review",
    ):
        signed_in.append(
            (f"company wizard: {step}", f"/fr/companies/{company_draft.pk}/step/{step}/")
        )
    for step in ("mark", "classes", "search", "applicant", "priority"):
        signed_in.append(
            (
                f"trademark wizard: {step}",
                f"/fr/trademarks/dossiers/{trademark_draft.pk}/step/{step}/",
            )
        )
    signed_in.append(
        ("trademark wizard: review", f"/fr/trademarks/dossiers/{trademark_draft.pk}/review/")
    )
    if patent is not None and patent.status == "draft":
        for step in ("request", "claims", "applicants"):
            signed_in.append((f"patent wizard: {step}", f"/fr/patents/{patent.pk}/step/{step}/"))
    return [(name, url, False) for name, url in anonymous if url] + [
        (name, url, True) for name, url in signed_in if url
    ]


def measure(label, database, output):
    use_database(database)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # the test client's host "testserver", no e-mail sent
    user = pick_user()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(user)
    counts = {}
    for name, url, signed in pages(user):
        client = signed_in if signed else anonymous
        client.get(url)  # first request: per-process caches (content types, templates)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        counts[name] = {
            "url": url.split("?")[0],
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "signed_in": signed,
        }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM ip_filings_registeredmark), "
            "(SELECT count(*) FROM companies_registeredcompany), "
            "(SELECT count(*) FROM trainings_trainingsession), "
            "(SELECT count(*) FROM accounts_user)"
        )
        marks, companies, sessions, users = cursor.fetchone()
    Path(output).write_text(
        json.dumps(
            {
                "label": label,
                "database": database,
                "data": {
                    "marks": marks,
                    "companies": companies,
                    "sessions": sessions,
                    "users": users,
                },
                "pages": counts,
            }
        )
    )


def main(arguments):
    if arguments[:1] == ["--one"]:
        label, database, output = arguments[1:4]
        measure(label, database, output)
        return 0
    sizes = [argument.split("=", 1) for argument in arguments]
    results = []
    for label, database in sizes:
        output = BASE_DIR / "var" / "bench" / f".queries-{label}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 - this command, fixed arguments
            [sys.executable, "-m", "bench", "queries", "--one", label, database, str(output)],
            cwd=BASE_DIR,
            check=True,
            env=dict(os.environ),
        )
        results.append(json.loads(output.read_text()))
        output.unlink()
    names = list(results[0]["pages"])
    rows, errors = [], []
    for name in names:
        row = {"page": name, "url": results[0]["pages"][name]["url"]}
        found = []
        for result in results:
            page = result["pages"].get(name)
            if page is None:
                continue
            row[result["label"]] = page["queries"]
            found.append(page["queries"])
            if page["status"] != 200:
                errors.append(f"{name} ({result['label']}): HTTP {page['status']}")
        row["constant"] = len(set(found)) == 1 and len(found) == len(results)
        rows.append(row)
    for row in rows:
        sizes_text = "  ".join(f"{label} {row.get(label, '-'):>3}" for label, _db in sizes)
        flag = "" if row["constant"] else "   <-- differs"
        print(f"  {row['page']:<34} {sizes_text}{flag}")
    constant = sum(row["constant"] for row in rows)
    print(f"queries per page: {constant} of {len(rows)} pages constant; errors: {errors or 'none'}")
    write_result(
        "queries",
        {
            "title": "Queries per page at two data sizes",
            "sizes": {result["label"]: result["data"] for result in results},
            "pages": rows,
            "constant_pages": constant,
            "total_pages": len(rows),
            "errors": errors,
        },
    )
    return 0


def command():
    return main(sys.argv[1:])
