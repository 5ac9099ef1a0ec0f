"""Loading the register of companies in bulk: CSV import (validated row by row) and a
synthetic register for benchmarks. Rows are written with COPY / bulk_create, so the
normalised name and phonetic key are computed here (no save() is called)."""

import csv
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from chambers.models import City
from companies.enums import CompanyStatus
from companies.models import LegalForm, RegisteredCompany
from companies.names import distinctive_name, normalize_name, phonetic_key
from companies.selectors import register_changed
from companies.validators import validate_ice, validate_if

COLUMNS = [
    "name",
    "legal_form",
    "status",
    "capital",
    "city_code",
    "address",
    "rc_number",
    "rc_court",
    "ice",
    "if_number",
]
REQUIRED_COLUMNS = {"name"}


@dataclass
class ImportReport:
    valid: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # (line, [messages])
    loaded: int = 0


def _row_errors(row, forms, cities):
    errors = []
    name = (row.get("name") or "").strip()
    if not name:
        errors.append("name: required")
    elif not normalize_name(name):
        errors.append("name: nothing left once normalised")
    form = (row.get("legal_form") or "").strip()
    if form and form not in forms:
        errors.append(f"legal_form: unknown code {form!r} (known: {', '.join(sorted(forms))})")
    status = (row.get("status") or CompanyStatus.REGISTERED).strip()
    if status not in CompanyStatus.values:
        errors.append(f"status: {status!r} is not one of {', '.join(CompanyStatus.values)}")
    capital = (row.get("capital") or "").strip()
    if capital:
        try:
            if Decimal(capital) < 0:
                errors.append("capital: negative")
        except InvalidOperation:
            errors.append(f"capital: {capital!r} is not a number")
    city = (row.get("city_code") or "").strip()
    if city and city not in cities:
        errors.append(f"city_code: unknown town code {city!r}")
    for column, validator in (("ice", validate_ice), ("if_number", validate_if)):
        value = (row.get(column) or "").strip()
        if value:
            try:
                validator(value)
            except ValidationError as error:
                errors.append(f"{column}: {' '.join(error.messages)}")
    if status == CompanyStatus.REGISTERED:
        for column in ("rc_number", "ice", "if_number"):
            if not (row.get(column) or "").strip():
                errors.append(f"{column}: required for a registered company")
    return errors


def read_register_csv(handle):
    """Validate every row; return an ImportReport (nothing written)."""
    reader = csv.DictReader(handle)
    report = ImportReport()
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        report.rejected.append((1, [f"missing column(s): {', '.join(sorted(missing))}"]))
        return report
    forms = {code: pk for pk, code in LegalForm.objects.values_list("pk", "code")}
    cities = dict(City.objects.exclude(code=None).values_list("code", "pk"))
    taken = set(
        RegisteredCompany.objects.exclude(status=CompanyStatus.STRUCK_OFF).values_list(
            "normalized_name", flat=True
        )
    )
    seen = {}
    for line, row in enumerate(reader, start=2):
        errors = _row_errors(row, forms, cities)
        key = normalize_name(row.get("name") or "")
        status = (row.get("status") or CompanyStatus.REGISTERED).strip()
        if key and status != CompanyStatus.STRUCK_OFF:
            if key in taken:
                errors.append(f"name: identical to a company already in the register ({key!r})")
            elif key in seen:
                errors.append(f"name: identical to line {seen[key]} once normalised ({key!r})")
            else:
                seen[key] = line
        ice = (row.get("ice") or "").strip()
        if ice and ice in seen:
            errors.append(f"ice: repeats line {seen[ice]}")
        elif ice:
            seen[ice] = line
        if errors:
            report.rejected.append((line, errors))
            continue
        name = row["name"].strip()
        capital = (row.get("capital") or "").strip()
        report.valid.append(
            RegisteredCompany(
                name=name,
                normalized_name=key,
                distinctive_name=distinctive_name(name),
                phonetic_key=phonetic_key(name),
                legal_form_id=forms.get((row.get("legal_form") or "").strip()),
                status=status,
                capital=Decimal(capital) if capital else None,
                head_office_city_id=cities.get((row.get("city_code") or "").strip()),
                head_office_address=(row.get("address") or "").strip(),
                rc_number=(row.get("rc_number") or "").strip(),
                rc_court=(row.get("rc_court") or "").strip(),
                ice=ice,
                if_number=(row.get("if_number") or "").strip(),
                registered_at=timezone.now() if status == CompanyStatus.REGISTERED else None,
            )
        )
    return report


def import_register(handle, *, partial=False):
    """Load the valid rows; with rejected rows, load nothing unless `partial`."""
    report = read_register_csv(handle)
    if report.rejected and not partial:
        return report
    with transaction.atomic():
        RegisteredCompany.objects.bulk_create(report.valid, batch_size=5000)
    register_changed()  # bulk_create sends no post_save
    report.loaded = len(report.valid)
    return report


# --- synthetic register -------------------------------------------------------------------

FIRST = [
    "Atlas",
    "Argan",
    "Sahara",
    "Medina",
    "Rif",
    "Oasis",
    "Tanger",
    "Souss",
    "Draa",
    "Anfa",
    "Majorelle",
    "Ifrane",
    "Zagora",
    "Toubkal",
    "Saïss",
    "Chaouia",
    "Tafilalet",
    "Bouregreg",
    "Kasbah",
    "Menara",
    "Agdal",
    "Oudaya",
    "Zellige",
    "Nour",
    "Amal",
    "Baraka",
    "Yasmine",
]
SECOND = [
    "Conseil",
    "Logistique",
    "Solar",
    "Design",
    "Tech",
    "Digital",
    "Import Export",
    "Services",
    "Travaux",
    "Négoce",
    "Immobilier",
    "Agro",
    "Textile",
    "Transport",
    "Distribution",
    "Études",
    "Industrie",
    "Informatique",
    "Tourisme",
    "Santé",
    "Énergie",
    "Médias",
    "Bâtiment",
    "Food",
]
ARABIC = ["الأطلس", "أركان", "الصحراء", "المدينة", "الريف", "الواحة", "النور", "الأمل", "البركة"]
ARABIC_2 = ["للتجارة", "للخدمات", "للنقل", "للبناء", "للاستشارات", "للتكنولوجيا", "للصناعة"]
FORMS = ["SARL", "SARL AU", "SA", "SAS", "SNC", ""]


def synthetic_ice(number):
    """A valid ICE: as python-stdnum checks it, the 15-digit number is a multiple of 97."""
    body = f"{number:013d}"
    return f"{body}{(97 - int(body + '00') % 97) % 97:02d}"


SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ta",
    "za",
    "lu",
    "ne",
    "so",
    "ba",
    "di",
    "fa",
    "go",
    "hi",
    "ja",
    "ke",
    "la",
    "mi",
    "na",
    "or",
    "pa",
    "qu",
    "ra",
    "si",
    "tu",
    "va",
    "wa",
    "xi",
    "ya",
    "zo",
    "el",
    "an",
    "is",
    "ou",
    "ar",
    "em",
    "il",
]


def brand(rng):
    """A pronounceable made-up word ("Karimo", "Zelunta"): registers are full of them."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate_register(count, *, seed=1, start=None):
    """Insert `count` synthetic registered companies with COPY; return the number written."""
    rng = random.Random(seed)  # nosec B311  # seeded generator for a synthetic register
    start = start if start is not None else (RegisteredCompany.objects.count() + 1) * 10
    forms = list(LegalForm.objects.values_list("pk", flat=True)) or [None]
    now = timezone.now().isoformat()
    columns = [
        "status",
        "name",
        "normalized_name",
        "distinctive_name",
        "phonetic_key",
        "legal_form_id",
        "capital",
        "head_office_address",
        "rc_number",
        "rc_court",
        "ice",
        "if_number",
        "created_at",
        "registered_at",
    ]
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        sql = f"COPY companies_registeredcompany ({', '.join(columns)}) FROM STDIN"
        with raw.copy(sql) as copy:
            for i in range(count):
                number = start + i
                if rng.random() < 0.15:
                    name = f"{rng.choice(ARABIC)} {brand(rng)} {rng.choice(ARABIC_2)}"
                elif rng.random() < 0.5:
                    name = f"{brand(rng)} {rng.choice(SECOND)} {rng.choice(FORMS)}"
                else:
                    name = (
                        f"{rng.choice(FIRST)} {brand(rng)} {rng.choice(SECOND)} {rng.choice(FORMS)}"
                    )
                name = name.strip()
                copy.write_row(
                    (
                        CompanyStatus.REGISTERED,
                        name,
                        normalize_name(name),
                        distinctive_name(name),
                        phonetic_key(name),
                        rng.choice(forms),
                        Decimal(rng.randrange(10, 10_000) * 1000),
                        "",
                        f"RC{number}",
                        "Casablanca",
                        synthetic_ice(number),
                        f"{number % 10**8:08d}",
                        now,
                        now,
                    )
                )
                written += 1
    register_changed()
    return written


def csv_text(rows):
    """A CSV of `rows` (dicts) with the documented columns, for tests and examples."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
