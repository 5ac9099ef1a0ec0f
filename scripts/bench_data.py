"""Load the load-test data set into a database of its own, fast (COPY), once.

    .venv/bin/python scripts/bench_data.py [--database carres_bench] [--scale 1.0] [--reuse]

At scale 1: 1,000,000 registered marks, 500,000 registered companies, 10,000 training
sessions and 50,000 entrepreneurs, each with five dossiers (a company-creation draft to
walk the wizard with, a trademark draft, and a company, a trademark and a patent dossier
whose states cycle through all seven, so that every kind is in every state), their
timelines, a PDF for each dossier past submission, notifications, a training sign-up
and, for one in five, a support request. `--scale 0.05` loads a twentieth of every count.

Reuses the project's loaders: the marks through `bench_marks.load_marks` (COPY with the
indexes dropped, then rebuilt), the companies through `generate_register` (COPY), the
sessions through `bench_trainings.fill`; `seed_demo` first for the reference data. Users
and dossiers are written here with COPY, with triggers off for the load (pghistory and
the foreign-key checks: the rows are made consistent by construction), one password
hash shared by every account. A real PDF is rendered once per language and every
generated document points at it.

With --reuse an existing database loaded at the same scale is kept (a row in the table
`bench_dataset` records what was loaded); anything else is dropped and loaded again.
Either way `var/bench/accounts.json` is written: accounts (e-mail, password, their
dossiers and documents) and search terms for the load test, drawn from the database.
Figures (time per part, row counts) go to var/bench/dataset.json.
"""

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchlib import (  # noqa: E402
    RESULTS_DIR,
    create_database,
    database_exists,
    drop_database,
    in_parallel,
    use_database,
    write_result,
)

from carres.enums import DossierStatus  # noqa: E402 (plain choices: no Django setup needed)

PASSWORD = "bench-Carres-2026"  # noqa: S105 - the bench accounts' shared password
FULL = {"marks": 1_000_000, "companies": 500_000, "sessions": 10_000, "users": 50_000}
STATES = list(DossierStatus.values)  # every kind of dossier is loaded in each of them
# The actions that lead a dossier to each state (after "create"), as the workflow writes them.
PATHS = {
    "draft": [],
    "submitted": [("submit", "draft", "submitted")],
    "in_review": [("submit", "draft", "submitted"), ("take", "submitted", "in_review")],
    "changes_requested": [
        ("submit", "draft", "submitted"),
        ("take", "submitted", "in_review"),
        ("request_changes", "in_review", "changes_requested"),
    ],
    "accepted": [
        ("submit", "draft", "submitted"),
        ("take", "submitted", "in_review"),
        ("accept", "in_review", "accepted"),
    ],
    "rejected": [
        ("submit", "draft", "submitted"),
        ("take", "submitted", "in_review"),
        ("reject", "in_review", "rejected"),
    ],
    "withdrawn": [("withdraw", "draft", "withdrawn")],
}
# The state of the dossier's current PDF (one is made on submit and on each decision).
PDF_STATE = {
    "submitted": "submitted",
    "in_review": "submitted",
    "changes_requested": "changes_requested",
    "accepted": "accepted",
    "rejected": "rejected",
}
VERB = {
    "submitted": "submission_received",
    "changes_requested": "changes_requested",
    "accepted": "accepted",
    "rejected": "rejected",
}
FIRST_NAMES = ["Salma", "Youssef", "Amina", "Karim", "Nadia", "Omar", "Leila", "Hamza", "Sara"]
LAST_NAMES = ["Bennani", "Alaoui", "Tazi", "El Amrani", "Idrissi", "Berrada", "Chraibi", "Fassi"]
BRANDS = ["Atlas", "Argan", "Zitoun", "Nour", "Sahara", "Menara", "Oasis", "Kasbah", "Yasmine"]
SECTORS = ["Conseil", "Digital", "Agro", "Logistique", "Textile", "Solar", "Design", "Santé"]


def count(scale, what):
    return max(1, round(FULL[what] * scale))


def log(message):
    print(f"[bench-data] {message}", flush=True)


class Copier:
    """COPY rows into tables with explicit ids, keeping the next id of each table."""

    def __init__(self, connection):
        self.connection = connection
        self.next_ids = {}
        self.written = {}

    def next_id(self, table):
        if table not in self.next_ids:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
                self.next_ids[table] = cursor.fetchone()[0]
        value = self.next_ids[table]
        self.next_ids[table] += 1
        return value

    def copy(self, table, columns, rows):
        with self.connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                written = 0
                for row in rows:
                    copy.write_row(row)
                    written += 1
        self.written[table] = self.written.get(table, 0) + written
        return written

    def reset_sequences(self):
        with self.connection.cursor() as cursor:
            for table in self.written:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT coalesce(max(id), 1) FROM {table}))",  # noqa: S608
                    [table],
                )


def load_people_and_dossiers(users_count, *, sessions, now):
    """COPY the entrepreneurs and everything they own; return {table: rows written}."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from accounts.models import User
    from chambers.models import Chamber, City
    from companies.models import ActivityCode, CompanyDossier
    from companies.names import normalize_name
    from ip_filings.models import PatentFiling, PatentKind, TrademarkFiling

    copier = Copier(connection)
    password = make_password(PASSWORD)  # hashed once: 50,000 PBKDF2 runs would take an hour
    examiners = {
        office: User.objects.filter(role="examiner", office=office).values_list("pk", flat=True)[0]
        for office in ("ompic", "inpi")
    }
    city = City.objects.select_related("region").get(code="06.141.01.0")
    code_62 = ActivityCode.objects.get(code="62.01").pk
    invention = PatentKind.objects.order_by("order").values_list("pk", flat=True).first()
    chambers = list(Chamber.objects.values_list("pk", "region_id"))
    types = {
        model: ContentType.objects.get_for_model(model).pk
        for model in (CompanyDossier, TrademarkFiling, PatentFiling)
    }
    prefix = {CompanyDossier: "CO", TrademarkFiling: "TM", PatentFiling: "PT"}
    year = now.year
    counters = {"CO": 0, "TM": 0, "PT": 0}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prefix, last_value FROM carres_referencecounter WHERE year = %s", [year]
        )
        counters.update(dict(cursor.fetchall()))

    rows = {
        name: []
        for name in (
            "user",
            "email",
            "company",
            "codes",
            "associate",
            "manager",
            "trademark",
            "filingclass",
            "patent",
            "claim",
            "inventor",
            "applicant",
            "event",
            "document",
            "notification",
            "registration",
            "support",
        )
    }

    def dossier_common(model, state, owner_id, created, lang):
        """(id, common column values, the dossier's events/documents/notifications)."""
        table = model._meta.db_table
        pk = copier.next_id(table)
        reference = None
        submitted_at = decided_at = examiner = None
        office = "inpi" if model is PatentFiling and pk % 3 == 0 else "ompic"
        path = PATHS[state]
        if any(action == "submit" for action, _f, _t in path):
            counters[prefix[model]] += 1
            reference = f"{prefix[model]}-{year}-{counters[prefix[model]]:06d}"
            submitted_at = created + timedelta(days=1)
        if state in ("in_review", "changes_requested", "accepted", "rejected"):
            examiner = examiners[office]
        if state in ("accepted", "rejected"):
            decided_at = created + timedelta(days=3)
        moment = created
        rows["event"].append(
            (
                copier.next_id("carres_dossierevent"),
                types[model],
                pk,
                owner_id,
                "create",
                "",
                "draft",
                "",
                False,
                moment,
            )
        )
        for action, from_status, to_status in path:
            moment += timedelta(days=1)
            actor = owner_id if action in ("submit", "withdraw") else examiner
            comment = (
                "Merci de préciser la liste des produits."
                if action
                in (
                    "request_changes",
                    "reject",
                )
                else ""
            )
            rows["event"].append(
                (
                    copier.next_id("carres_dossierevent"),
                    types[model],
                    pk,
                    actor,
                    action,
                    from_status,
                    to_status,
                    comment,
                    False,
                    moment,
                )
            )
        if state in PDF_STATE:
            rows["document"].append(
                (
                    copier.next_id("carres_generateddocument"),
                    types[model],
                    pk,
                    "dossier_pdf",
                    PDF_STATE[state],
                    lang,
                    f"documents/bench-{lang}.pdf",
                    "bench",
                    0,  # set to the real size once the PDFs are rendered
                    moment,
                    moment,
                )
            )
            verb = VERB[PDF_STATE[state]]
            rows["notification"].append(
                (
                    copier.next_id("carres_notification"),
                    f"bench:{types[model]}:{pk}",
                    verb,
                    types[model],
                    pk,
                    owner_id,
                    None if pk % 2 else moment,
                    moment,
                )
            )
        common = (
            pk,
            state,
            reference,
            office,
            submitted_at,
            decided_at,
            f"v{pk:011d}{types[model]:04d}",  # verification code: unique, never guessed here
            len(path),
            created,
            moment,
            examiner,
            owner_id,
        )
        return pk, common

    common_columns = [
        "id",
        "status",
        "reference",
        "office",
        "submitted_at",
        "decided_at",
        "verification_code",
        "lock_version",
        "created_at",
        "updated_at",
        "assigned_examiner_id",
        "owner_id",
    ]
    plan = [
        (
            "accounts_user",
            "id password is_superuser email first_name last_name phone preferred_language "
            "role office is_active date_joined notice_version notice_accepted_at optional_emails",
            "user",
        ),
        ("account_emailaddress", 'id email verified "primary" user_id', "email"),
        (
            "companies_companydossier",
            " ".join(common_columns)
            + " legal_form_id name_1 name_2 name_3 name_keys activity capital "
            "head_office_region_id head_office_city_id head_office_address domiciled "
            "domiciliation_company wizard_step",
            "company",
        ),
        (
            "companies_companydossier_activity_codes",
            "id companydossier_id activitycode_id",
            "codes",
        ),
        (
            "companies_associate",
            "id dossier_id kind full_name identifier contribution position",
            "associate",
        ),
        ("companies_manager", "id dossier_id role full_name identifier position", "manager"),
        (
            "ip_filings_trademarkfiling",
            " ".join(common_columns)
            + " mark_type mark_text transliteration applicant_kind applicant_name "
            "applicant_address",
            "trademark",
        ),
        ("ip_filings_filingclass", "id filing_id number terms", "filingclass"),
        (
            "ip_filings_patentfiling",
            " ".join(common_columns)
            + " kind_id invention_title technical_field abstract description",
            "patent",
        ),
        ("ip_filings_patentclaim", "id filing_id number text refers_to", "claim"),
        ("ip_filings_patentinventor", 'id filing_id name "order"', "inventor"),
        ("ip_filings_patentapplicant", 'id filing_id name "order"', "applicant"),
        (
            "carres_dossierevent",
            "id content_type_id object_id actor_id action from_status to_status comment "
            "internal created_at",
            "event",
        ),
        (
            "carres_generateddocument",
            "id content_type_id object_id kind state language file sha256 size created_at "
            "updated_at",
            "document",
        ),
        (
            "carres_notification",
            "id key verb content_type_id object_id recipient_id read_at created_at",
            "notification",
        ),
        (
            "trainings_registration",
            "id session_id user_id status queued_at certificate_code",
            "registration",
        ),
        (
            "chambers_supportrequest",
            "id entrepreneur_id topic region_id language message chamber_id created_at "
            "first_answer_due",
            "support",
        ),
    ]
    languages = ["fr", "fr", "ar", "en"]

    def add_user(index):
        user_id = copier.next_id("accounts_user")
        lang = languages[index % 4]
        joined = now - timedelta(days=400 - index % 365)
        rows["user"].append(
            (
                user_id,
                password,
                False,
                f"user{index:06d}@bench.example",
                FIRST_NAMES[index % len(FIRST_NAMES)],
                LAST_NAMES[index % len(LAST_NAMES)],
                "",
                lang,
                "entrepreneur",
                "",
                True,
                joined,
                settings.PRIVACY_NOTICE_VERSION,  # accepted at sign-up (law 09-08 consent)
                joined,
                False,
            )
        )
        rows["email"].append(
            (
                copier.next_id("account_emailaddress"),
                f"user{index:06d}@bench.example",
                True,
                True,
                user_id,
            )
        )
        brand = f"{BRANDS[index % len(BRANDS)]} {SECTORS[index % len(SECTORS)]} {index}"
        # Five dossiers: a company draft and a trademark draft for the wizard, and one of
        # each kind whose state cycles, so that every kind is found in every state.
        plan = [
            (CompanyDossier, "draft"),
            (TrademarkFiling, "draft"),
            (CompanyDossier, STATES[index % 7]),
            (TrademarkFiling, STATES[(index + 3) % 7]),
            (PatentFiling, STATES[(index + 5) % 7]),
        ]
        for number, (model, state) in enumerate(plan):
            created = joined + timedelta(days=10 + number)
            pk, common = dossier_common(model, state, user_id, created, lang)
            if model is CompanyDossier:
                names = [f"{brand} {number}", f"{brand} Groupe {number}", ""]
                rows["company"].append(
                    (
                        *common,
                        "sarl",
                        *names,
                        "{" + ",".join(f'"{normalize_name(n)}"' for n in names if n) + "}",
                        "Conception de logiciels et conseil aux entreprises",
                        "100000.00",
                        city.region_id,
                        city.pk,
                        "12 boulevard Zerktouni",
                        False,
                        "",
                        "documents" if state == "draft" else "review",
                    )
                )
                rows["codes"].append(
                    (copier.next_id("companies_companydossier_activity_codes"), pk, code_62)
                )
                for position, (name, share) in enumerate(
                    ((f"{FIRST_NAMES[index % 9]} Benali", "60000"), ("Youssef Alaoui", "40000"))
                ):
                    rows["associate"].append(
                        (
                            copier.next_id("companies_associate"),
                            pk,
                            "natural",
                            name,
                            f"BE{index:06d}{position}",
                            share,
                            position,
                        )
                    )
                rows["manager"].append(
                    (
                        copier.next_id("companies_manager"),
                        pk,
                        "manager",
                        f"{FIRST_NAMES[index % 9]} Benali",
                        f"BE{index:06d}0",
                        0,
                    )
                )
            elif model is TrademarkFiling:
                rows["trademark"].append(
                    (
                        *common,
                        "word",
                        f"{BRANDS[(index + number) % len(BRANDS)]} {index}",
                        "",
                        "individual",
                        f"{FIRST_NAMES[index % 9]} {LAST_NAMES[index % 8]}",
                        "12 rue Allal Ben Abdallah, Rabat",
                    )
                )
                for class_number in (25, 35)[: 1 + index % 2]:
                    rows["filingclass"].append(
                        (copier.next_id("ip_filings_filingclass"), pk, class_number, "Vêtements")
                    )
            else:
                rows["patent"].append(
                    (
                        *common,
                        invention,
                        f"Capteur d'humidité pour goutte-à-goutte n° {index}",
                        "Irrigation agricole",
                        "Un capteur capacitif commande la vanne d'irrigation.",
                        "État de la technique, problème, solution et mode de réalisation.",
                    )
                )
                for claim, refers in ((1, None), (2, 1)):
                    rows["claim"].append(
                        (
                            copier.next_id("ip_filings_patentclaim"),
                            pk,
                            claim,
                            "Capteur comprenant une sonde capacitive.",
                            refers,
                        )
                    )
                rows["inventor"].append(
                    (copier.next_id("ip_filings_patentinventor"), pk, "Salma Bennani", 0)
                )
                rows["applicant"].append(
                    (copier.next_id("ip_filings_patentapplicant"), pk, "Salma Bennani", 0)
                )
        session = sessions[index % len(sessions)]
        rows["registration"].append(
            (
                copier.next_id("trainings_registration"),
                session,
                user_id,
                "confirmed",
                joined,
                f"bench-{user_id}",
            )
        )
        if index % 5 == 0:
            chamber, region = chambers[index % len(chambers)]
            rows["support"].append(
                (
                    copier.next_id("chambers_supportrequest"),
                    user_id,
                    "trademark",
                    region,
                    lang,
                    "J'ai besoin d'aide pour déposer ma marque.",
                    chamber,
                    joined + timedelta(days=20),
                    (joined + timedelta(days=23)).date(),
                )
            )

    with connection.cursor() as cursor:
        # Triggers off for this session's COPY: pghistory's (the loaded rows have no history
        # to tell) and the foreign-key checks (every id above was just taken from its table).
        cursor.execute("SET session_replication_role = replica")
        # Columns with a model default but no database default get theirs here.
        defaults = {
            "companies_companydossier": {},
            "ip_filings_trademarkfiling": {
                "logo": "''",
                "logo_mime": "''",
                "logo_name": "''",
                "logo_size": "0",
                "colours": "''",
                "applicant_email": "''",
                "representative_name": "''",
                "representative_address": "''",
                "priority_country": "''",
                "priority_number": "''",
                "fee_snapshot": "'{}'::jsonb",
                "prior_search": "'[]'::jsonb",
            },
            "ip_filings_patentfiling": {
                "priority_country": "''",
                "priority_number": "''",
                "programme": "''",
            },
            "ip_filings_patentinventor": {"address": "''", "mention": "true"},
            "ip_filings_patentapplicant": {"profile": "'individual'", "share": "100"},
            "chambers_supportrequest": {
                "dossier_reference": "''",
                "chamber_chosen_by_entrepreneur": "false",
                "status": "'new'",
                "outcome": "''",
            },
        }
        for table, values in defaults.items():
            for column, value in values.items():
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value}")
    try:
        # In batches, so that the rows of 50,000 users are never all in memory at once.
        for start in range(0, users_count, 5000):
            for index in range(start, min(users_count, start + 5000)):
                add_user(index)
            for table, columns, key in plan:
                copier.copy(table, columns.split(), rows[key])
                rows[key].clear()
    finally:
        with connection.cursor() as cursor:
            for table, values in defaults.items():
                for column in values:
                    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
            cursor.execute("SET session_replication_role = DEFAULT")
    copier.reset_sequences()
    with connection.cursor() as cursor:
        for prefix_value, last in counters.items():
            cursor.execute(
                "INSERT INTO carres_referencecounter (prefix, year, last_value) "
                "VALUES (%s, %s, %s) ON CONFLICT (prefix, year) DO UPDATE SET last_value = "
                "greatest(carres_referencecounter.last_value, EXCLUDED.last_value)",
                [prefix_value, year, last],
            )
    return copier.written


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
    import bench_marks
    import bench_trainings
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
    part("marks", bench_marks.load_marks, count(scale, "marks"))

    def companies():
        # Seeded companies stay; the unique ICE index stays too (COPY keeps checking it).
        with bench_marks.indexes_dropped("companies_registeredcompany"):
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
    part("training_sessions", bench_trainings.fill, count(scale, "sessions"))

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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


if __name__ == "__main__":
    main()
