from decimal import Decimal

from ip_filings.models import PatentKind
from ip_filings.services.patent import (
    create_patent_filing,
    replace_applicants,
    replace_claims,
    replace_inventors,
)


def invention_kind():
    kind, _created = PatentKind.objects.get_or_create(
        code="invention",
        defaults={
            "name": "Brevet d'invention",
            "name_fr": "Brevet d'invention",
            "name_en": "Patent of invention",
            "name_ar": "براءة اختراع",
        },
    )
    return kind


def make_patent_filing(owner, *, profile="individual", **fields):
    """A complete draft, ready to submit; override any plain field."""
    data = {
        "kind": invention_kind(),
        "invention_title": "Capteur d'humidité pour goutte-à-goutte",
        "technical_field": "Irrigation agricole",
        "abstract": "Un capteur capacitif commande la vanne d'irrigation.",
        "description": "État de la technique, problème, solution et mode de réalisation.",
        "applicant_profile": profile,
        **fields,
    }
    filing = create_patent_filing(owner=owner, data=data)
    replace_claims(
        filing,
        actor=owner,
        claims=[("Capteur comprenant une sonde capacitive.", None), ("Capteur selon 1.", 1)],
    )
    replace_inventors(
        filing, actor=owner, inventors=[{"name": "Salma Bennani", "address": "", "mention": True}]
    )
    replace_applicants(
        filing,
        actor=owner,
        applicants=[{"name": "Salma Bennani", "profile": profile, "share": Decimal("100")}],
    )
    filing.refresh_from_db()
    return filing
