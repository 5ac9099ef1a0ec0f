"""Reference data of trademarks (the Nice classification, the tariff) and a small demo register (idempotent)."""

import datetime
from decimal import Decimal

from ip_filings.enums import MarkStatus
from ip_filings.models import RegisteredMark, Tariff
from ip_filings.services.fees import TRADEMARK_TARIFF
from ip_filings.services.nice import load_nice_data

# OMPIC's online filing rate as published in 2017: to be confirmed by an administrator.
OMPIC_2017_TARIFF = {
    "label_fr": "Dépôt de marque en ligne (OMPIC, tarif publié en 2017)",
    "label_en": "Online trademark filing (OMPIC, rate published in 2017)",
    "label_ar": "إيداع العلامة عبر الإنترنت (المكتب المغربي للملكية الصناعية والتجارية، تعريفة منشورة سنة 2017)",
    "first_class_fee": Decimal("1800.00"),
    "additional_class_fee": Decimal("360.00"),
    "currency": "MAD",
    "source": "OMPIC, tarifs des prestations en ligne (publication 2017)",
    "to_be_confirmed": True,
}

DEMO_MARKS = [
    # number, mark, classes, owner, status, filed
    ("MA-2015-160001", "Atlas", [29, 30], "Atlas Agro SARL", MarkStatus.REGISTERED, "2015-03-02"),
    (
        "MA-2016-170410",
        "أطلس",
        [30, 32],
        "شركة أطلس للمشروبات",
        MarkStatus.REGISTERED,
        "2016-06-14",
    ),
    ("MA-2018-190022", "Marjane", [35], "Marjane Holding", MarkStatus.REGISTERED, "2018-01-09"),
    (
        "MA-2019-200315",
        "Café Délice",
        [30, 43],
        "Délices du Souss",
        MarkStatus.REGISTERED,
        "2019-09-30",
    ),
    ("MA-2020-210044", "الشروق", [16, 41], "دار الشروق", MarkStatus.REGISTERED, "2020-02-11"),
    (
        "MA-2021-220871",
        "Argania Bio",
        [3, 29],
        "Coopérative Tifaout",
        MarkStatus.REGISTERED,
        "2021-05-20",
    ),
    ("MA-2022-230120", "Zellige Art", [19, 27], "Fès Céramique", MarkStatus.FILED, "2022-11-03"),
    (
        "MA-2023-240301",
        "Sahara Tech",
        [9, 42],
        "Sahara Tech SA",
        MarkStatus.REGISTERED,
        "2023-04-17",
    ),
    ("MA-2012-130555", "Kasbah Tours", [39], "Kasbah Voyages", MarkStatus.EXPIRED, "2012-07-01"),
]


def seed_reference(stdout):
    classes, terms = load_nice_data()
    Tariff.objects.update_or_create(
        code=TRADEMARK_TARIFF,
        valid_from=datetime.date(2017, 1, 1),
        defaults=OMPIC_2017_TARIFF,
    )
    for number, text, nice_classes, owner, status, filed in DEMO_MARKS:
        filed_on = datetime.date.fromisoformat(filed)
        mark = RegisteredMark.objects.filter(number=number).first() or RegisteredMark(number=number)
        mark.mark_text = text
        mark.classes = nice_classes
        mark.owner_name = owner
        mark.status = status
        mark.filed_on = filed_on
        mark.registered_on = filed_on + datetime.timedelta(days=120)
        mark.expires_on = filed_on.replace(year=filed_on.year + 10)
        mark.save()
    stdout.write(
        f"Nice classification: {classes} classes, {terms} terms; tariff; "
        f"{len(DEMO_MARKS)} register entries."
    )
