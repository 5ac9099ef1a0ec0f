import datetime
import itertools

from ip_filings.enums import MarkStatus
from ip_filings.models import NiceClass, NiceTerm, RegisteredMark

_numbers = itertools.count(1)


def make_mark(mark_text, *, classes=(25,), status=MarkStatus.REGISTERED, **fields):
    number = fields.pop("number", None) or f"M{next(_numbers):07d}"
    return RegisteredMark.objects.create(
        number=number,
        mark_text=mark_text,
        classes=list(classes),
        owner_name=fields.pop("owner_name", "Société Test"),
        status=status,
        filed_on=fields.pop("filed_on", datetime.date(2020, 1, 15)),
        **fields,
    )


def make_nice_class(number, heading_fr, heading_en="", heading_ar=""):
    return NiceClass.objects.create(
        number=number,
        heading_fr=heading_fr,
        heading_en=heading_en or heading_fr,
        heading_ar=heading_ar or heading_fr,
    )


def make_term(nice_class, term_fr, term_en="", term_ar="", **fields):
    return NiceTerm.objects.create(
        nice_class=nice_class,
        term_fr=term_fr,
        term_en=term_en or term_fr,
        term_ar=term_ar or term_fr,
        **fields,
    )
