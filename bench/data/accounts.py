"""What the data set leaves outside the database: the PDF files every document row points
at, and var/bench/accounts.json (the load test's accounts and search terms)."""

import json
from pathlib import Path

from bench.common import RESULTS_DIR
from bench.data.people import PASSWORD


def render_pdfs():
    """One real PDF dossier per language, rendered by WeasyPrint, shared by every document row."""
    import logging

    from django.conf import settings
    from django.db import connection

    from carres.pdf import render_dossier_pdf_bytes
    from companies.models import CompanyDossier

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    folder = Path(settings.MEDIA_ROOT) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for language in ("fr", "ar", "en"):
        path = folder / f"bench-{language}.pdf"
        if not path.exists():
            dossier = (
                CompanyDossier.objects.filter(
                    status="submitted", owner__preferred_language=language
                )
                .select_related("owner")
                .first()
            )
            pdf, _language = render_dossier_pdf_bytes(dossier)
            path.write_bytes(pdf)
        sizes[language] = path.stat().st_size
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE carres_generateddocument SET size = %s WHERE file = %s AND size = 0",
                [sizes[language], f"documents/bench-{language}.pdf"],
            )
    return sizes


def write_accounts(name="accounts", sample=2000):
    """var/bench/<name>.json: accounts for the load test and search terms from the data."""
    import random

    from django.db import connection

    from accounts.models import User
    from carres.models import GeneratedDocument
    from companies.models import CompanyDossier, RegisteredCompany
    from ip_filings.models import PatentFiling, RegisteredMark, TrademarkFiling

    users = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("pk")
        .values("pk", "email")[:sample]
    )
    ids = [user["pk"] for user in users]
    by_owner = {pk: {"company": [], "trademark": [], "patent": [], "documents": []} for pk in ids}
    company_drafts, trademark_drafts = {}, {}
    for model, key, drafts in (
        (CompanyDossier, "company", company_drafts),
        (TrademarkFiling, "trademark", trademark_drafts),
        (PatentFiling, "patent", None),
    ):
        for pk, owner, status in (
            model.objects.filter(owner_id__in=ids)
            .order_by("pk")
            .values_list("pk", "owner_id", "status")
        ):
            if drafts is not None and status == "draft" and owner not in drafts:
                drafts[owner] = pk
            else:
                by_owner[owner][key].append(pk)
        documents = GeneratedDocument.objects.filter(
            content_type__model=model._meta.model_name,
            object_id__in=model.objects.filter(owner_id__in=ids).values("pk"),
        ).values_list("pk", "object_id")
        owners = dict(model.objects.filter(owner_id__in=ids).values_list("pk", "owner_id"))
        for pk, object_id in documents:
            by_owner[owners[object_id]]["documents"].append(pk)
    accounts = [
        {
            "email": user["email"],
            "password": PASSWORD,
            "company_draft": company_drafts.get(user["pk"]),
            "trademark_draft": trademark_drafts.get(user["pk"]),
            **by_owner[user["pk"]],
        }
        for user in users
    ]
    rng = random.Random(11)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT mark_text, classes FROM ip_filings_registeredmark TABLESAMPLE SYSTEM (1) "
            "LIMIT 400"
        )
        marks = cursor.fetchall() or list(
            RegisteredMark.objects.values_list("mark_text", "classes")[:400]
        )
        cursor.execute(
            "SELECT name FROM companies_registeredcompany TABLESAMPLE SYSTEM (1) LIMIT 400"
        )
        companies = [row[0] for row in cursor.fetchall()] or list(
            RegisteredCompany.objects.values_list("name", flat=True)[:400]
        )
    mark_queries = []
    for index, (text, classes) in enumerate(marks):
        if index % 3 == 1 and len(text) > 4:  # a misspelling: a letter doubled
            text = text[:3] + text[2] + text[3:]
        mark_queries.append({"mark": text, "classes": ",".join(map(str, classes[:2]))})
    name_queries = [name if index % 2 else name + " Plus" for index, name in enumerate(companies)]
    rng.shuffle(mark_queries)
    rng.shuffle(name_queries)
    payload = {"accounts": accounts, "mark_queries": mark_queries, "name_queries": name_queries}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False))
    return len(accounts)
