"""Loading the trademark register: a CSV import (validated row by row) and a synthetic generator.

CSV columns (header row required, UTF-8, comma-separated; extra columns are ignored):

    number         register number, unique (e.g. MA-2019-200315)          required
    mark           the mark's text, any script                              required
    classes        Nice classes 1-45, separated by ";" or spaces ("25;30")  required
    owner          owner's name                                             required
    status         filed | registered | opposed | expired | cancelled       default registered
    filed_on       YYYY-MM-DD                                               required
    registered_on  YYYY-MM-DD                                               optional
    expires_on     YYYY-MM-DD; default: ten years after registration
                   (or filing) for a registered mark                        optional

A number already in the register updates that entry (re-importing a file is safe).
"""

import csv
import datetime
import io
import random
import re
from dataclasses import dataclass, field

from django.db import connection, transaction

from carres import public_cache
from carres.text import match_keys, script_of
from ip_filings.enums import MarkStatus
from ip_filings.models import RegisteredMark, parse_class_number

REQUIRED_COLUMNS = ("number", "mark", "classes", "owner", "filed_on")
BATCH = 2000


@dataclass
class ImportReport:
    loaded: int = 0
    rejected: list = field(default_factory=list)  # (line number, message)
    committed: bool = False


def _date(value, column, *, required):
    value = (value or "").strip()
    if not value:
        if required:
            raise ValueError(f"{column}: missing")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column}: not a date YYYY-MM-DD: {value!r}") from None


def _ten_years_after(day):
    try:
        return day.replace(year=day.year + 10)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 10, day=28)


def parse_row(row):
    """A RegisteredMark (not saved, keys computed) from one CSV row; ValueError if invalid."""
    number = (row.get("number") or "").strip()
    text = (row.get("mark") or "").strip()
    owner = (row.get("owner") or "").strip()
    if not number:
        raise ValueError("number: missing")
    if len(number) > 40:
        raise ValueError("number: longer than 40 characters")
    if not text:
        raise ValueError("mark: missing")
    if len(text) > 500:
        raise ValueError("mark: longer than 500 characters")
    if not owner:
        raise ValueError("owner: missing")
    raw_classes = [part for part in re.split(r"[\s;,]+", row.get("classes") or "") if part]
    if not raw_classes:
        raise ValueError("classes: missing")
    wrong = [part for part in raw_classes if parse_class_number(part) is None]
    if wrong:
        raise ValueError(f"classes: not in 1-45: {', '.join(wrong)}")
    status = (row.get("status") or "").strip().lower() or MarkStatus.REGISTERED
    if status not in MarkStatus.values:
        raise ValueError(f"status: unknown {status!r} (expected {', '.join(MarkStatus.values)})")
    filed_on = _date(row.get("filed_on"), "filed_on", required=True)
    registered_on = _date(row.get("registered_on"), "registered_on", required=False)
    expires_on = _date(row.get("expires_on"), "expires_on", required=False)
    if registered_on and registered_on < filed_on:
        raise ValueError("registered_on: before filed_on")
    if expires_on is None and status == MarkStatus.REGISTERED:
        expires_on = _ten_years_after(registered_on or filed_on)
    mark = RegisteredMark(
        number=number,
        mark_text=text,
        classes=sorted({parse_class_number(part) for part in raw_classes}),
        owner_name=owner[:300],
        status=status,
        filed_on=filed_on,
        registered_on=registered_on,
        expires_on=expires_on,
    )
    mark.refresh_keys()
    return mark


_UPDATE_FIELDS = [
    "mark_text",
    "normalized",
    "romanized",
    "phonetic",
    "skeleton",
    "sound",
    "fold",
    "script",
    "classes",
    "owner_name",
    "status",
    "filed_on",
    "registered_on",
    "expires_on",
]


def import_register_csv(stream, *, partial=False):
    """Validate every row of a register CSV, then load it in one transaction.

    With a rejected row, nothing is loaded unless `partial` is true (then the valid rows
    are). Returns an ImportReport with the rejected rows' line numbers and reasons.
    """
    if isinstance(stream, bytes | bytearray):
        stream = io.StringIO(stream.decode("utf-8-sig"))
    reader = csv.DictReader(stream)
    report = ImportReport()
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        report.rejected.append((1, f"missing columns: {', '.join(missing)}"))
        return report
    reader.fieldnames = columns
    marks, seen = [], {}
    for row in reader:
        line = reader.line_num
        try:
            if None in row:
                raise ValueError("more values than columns")
            mark = parse_row(row)
            if mark.number in seen:
                raise ValueError(f"number: {mark.number} already on line {seen[mark.number]}")
        except ValueError as error:
            report.rejected.append((line, str(error)))
            continue
        seen[mark.number] = line
        marks.append(mark)
    if report.rejected and not partial:
        return report
    with transaction.atomic():
        for start in range(0, len(marks), BATCH):
            loaded = RegisteredMark.objects.bulk_create(
                marks[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["number"],
                update_fields=_UPDATE_FIELDS,
            )
            queue_watch_matching([mark.pk for mark in loaded])
    # bulk_create sends no signal: the cached prior-mark searches (carres.public_cache).
    public_cache.bump("trademarks")
    report.loaded = len(marks)
    report.committed = True
    return report


def queue_watch_matching(mark_ids):
    """Once the transaction commits, compare these new or changed entries with the watches.

    Nothing is queued while nobody watches a mark (a bulk import then costs nothing more);
    a re-import re-checks its rows, and each watch still gets one alert per mark.
    """
    from ip_filings import tasks
    from ip_filings.models import MarkWatch

    if mark_ids and MarkWatch.objects.exists():
        tasks.match_watches_for_marks.delay_on_commit(list(mark_ids))


# --- a synthetic register for demos and benchmarks ------------------------------------------

_LATIN_ONSETS = ["b", "c", "d", "f", "g", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
                 "ch", "br", "cr", "fl", "gr", "pr", "st", "tr", "kh", "ou"]  # fmt: skip
_LATIN_VOWELS = ["a", "e", "i", "o", "u", "ou", "ai", "é", "ia", "y"]
_LATIN_CODAS = ["", "", "", "n", "r", "s", "l", "x", "m", "ne", "que", "tte"]
_WORDS = ["Atlas", "Sahara", "Nour", "Baraka", "Amal", "Oasis", "Riad", "Souss", "Argan", "Tazi",
          "Délice", "Étoile", "Royal", "Golden", "Green", "Smart", "Bio", "Maroc", "Fès", "Rif",
          "Menara", "Zitoun", "Lux", "Prime", "Nova", "Sun", "Blue", "Médina", "Kasbah", "Yasmine"]  # fmt: skip
_ARABIC_CONSONANTS = list("بتجحخدرزسشصطعغفقكلمنهي")
_ARABIC_LONG = ["ا", "و", "ي", ""]
_ARABIC_WORDS = ["أطلس", "نور", "بركة", "الصحراء", "أمل", "الواحة", "رياض", "سوس", "أركان", "الذهبي",
                 "الملكي", "النجمة", "المدينة", "قصبة", "ياسمين", "الخير", "السلام", "الفجر", "زيتون", "منارة"]  # fmt: skip
_OWNERS = ["SARL", "SA", "SARLAU", "Coopérative", "Groupe", "Industries", "Distribution", "شركة"]
_STATUSES = (
    [MarkStatus.REGISTERED] * 14
    + [MarkStatus.FILED] * 3
    + [
        MarkStatus.EXPIRED,
        MarkStatus.CANCELLED,
        MarkStatus.OPPOSED,
    ]
)


def _latin_word(rng):
    syllables = rng.choice([1, 2, 2, 2, 3, 3])
    word = "".join(rng.choice(_LATIN_ONSETS) + rng.choice(_LATIN_VOWELS) for _ in range(syllables))
    return (word + rng.choice(_LATIN_CODAS)).capitalize()


def _arabic_word(rng):
    letters = []
    for _ in range(rng.choice([2, 3, 3, 4])):
        letters.append(rng.choice(_ARABIC_CONSONANTS))
        letters.append(rng.choice(_ARABIC_LONG))
    word = "".join(letters)
    return ("ال" + word) if rng.random() < 0.2 else word


def synthetic_mark_text(rng):
    roll = rng.random()
    if roll < 0.45:
        return _latin_word(rng)
    if roll < 0.65:
        return f"{rng.choice(_WORDS)} {_latin_word(rng)}"
    if roll < 0.75:
        return f"{_latin_word(rng)} {rng.choice(_WORDS)}"
    if roll < 0.92:
        return _arabic_word(rng)
    return f"{rng.choice(_ARABIC_WORDS)} {_arabic_word(rng)}"


def synthetic_rows(count, *, seed=0, prefix="SYN"):
    """Yield tuples in COPY column order for `count` synthetic register entries."""
    rng = random.Random(seed)  # nosec B311  # seeded generator for a synthetic register
    base = datetime.date(1995, 1, 1)
    for index in range(count):
        text = synthetic_mark_text(rng)
        keys = match_keys(text)
        classes = sorted({rng.randint(1, 45) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))})
        filed = base + datetime.timedelta(days=rng.randint(0, 11_000))
        status = rng.choice(_STATUSES)
        registered = filed + datetime.timedelta(days=rng.randint(60, 400))
        owner = f"{_latin_word(rng)} {rng.choice(_OWNERS)}"
        yield (
            f"{prefix}-{seed}-{index:08d}",
            text,
            keys["normalized"][:500],
            keys["romanized"][:1000],
            keys["phonetic"][:1000],
            keys["skeleton"][:500],
            keys["sound"][:500],
            keys["fold"][:500],
            script_of(text),
            "{" + ",".join(map(str, classes)) + "}",
            owner,
            str(status),
            filed.isoformat(),
            registered.isoformat() if status != MarkStatus.FILED else None,
            _ten_years_after(registered).isoformat() if status != MarkStatus.FILED else None,
        )


COPY_COLUMNS = (
    "number, mark_text, normalized, romanized, phonetic, skeleton, sound, fold, script, classes, "
    "owner_name, status, filed_on, registered_on, expires_on"
)


def generate_marks(count, *, seed=0, prefix="SYN"):
    """Bulk-load `count` synthetic marks with COPY (one transaction). Returns the count."""
    table = RegisteredMark._meta.db_table
    sql = f"COPY {table} ({COPY_COLUMNS}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in synthetic_rows(count, seed=seed, prefix=prefix):
            copy.write_row(row)
    public_cache.bump("trademarks")  # COPY sends no signal (carres.public_cache)
    return count
