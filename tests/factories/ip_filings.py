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


# --- Trademark dossiers ---
def make_tariff():
    from decimal import Decimal

    from ip_filings.models import Tariff

    # The migrations enter today's tariffs: replace them with this predictable one.
    Tariff.objects.all().delete()
    return Tariff.objects.create(
        code="trademark-online",
        label="Dépôt en ligne",
        first_class_fee=Decimal("1800.00"),
        additional_class_fee=Decimal("360.00"),
        valid_from=datetime.date(2017, 1, 1),
    )


def make_filing(owner, *, classes=(25,), **fields):
    from ip_filings.models import FilingClass, TrademarkFiling

    defaults = {
        "mark_type": "word",
        "mark_text": "Atlas Bleu",
        "applicant_name": "Salma Bennani",
        "applicant_address": "12 rue Allal Ben Abdallah, Rabat",
    }
    filing = TrademarkFiling.objects.create(owner=owner, **{**defaults, **fields})
    for number in classes:
        FilingClass.objects.create(filing=filing, number=number, terms="Vêtements")
    return filing


def make_mark_due_for_renewal(owner, examiner, *, days=100):
    """A filing of `owner` accepted by `examiner` whose registered mark expires in `days`
    days (inside the renewal reminders' window): the registered mark."""
    from django.utils import timezone

    from carres.enums import DossierAction
    from carres.workflow import transition
    from ip_filings.services.trademark import accept_trademark_filing, submit_trademark_filing

    filing = make_filing(owner)
    submit_trademark_filing(filing, actor=owner)
    transition(filing, DossierAction.TAKE, actor=examiner)
    accept_trademark_filing(filing, actor=examiner)
    mark = filing.registered_mark
    mark.expires_on = timezone.localdate() + datetime.timedelta(days=days)
    RegisteredMark.objects.filter(pk=mark.pk).update(expires_on=mark.expires_on)
    return mark


def png_bytes(size=(8, 8)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 90, 70)).save(buffer, format="PNG")
    return buffer.getvalue()
