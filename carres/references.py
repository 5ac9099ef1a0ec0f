"""Reference numbers: CO-2026-000123, given at first submission, gapless and never reused."""

from django.db import connection
from django.utils import timezone


def allocate_reference(prefix, *, year=None):
    """The next reference for `prefix` this year. Call it inside the submitting transaction.

    One upsert increments the (prefix, year) counter and returns the new value. The
    counter row stays locked until the transaction ends: a concurrent submission waits
    for it and then reads the committed value (no duplicate), and a submission that
    rolls back gives its number back (no gap).
    """
    year = year or timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO carres_referencecounter (prefix, year, last_value) VALUES (%s, %s, 1)
            ON CONFLICT (prefix, year)
            DO UPDATE SET last_value = carres_referencecounter.last_value + 1
            RETURNING last_value
            """,
            [prefix, year],
        )
        (value,) = cursor.fetchone()
    return f"{prefix}-{year}-{value:06d}"
