from decimal import Decimal

from companies.enums import LegalForm
from companies.services import create_company_dossier

COMPLETE = {
    "legal_form": LegalForm.SARL,
    "name_1": "Atlas Innov",
    "name_2": "Atlas Innovation",
    "name_3": "",
    "activity": "Conception de logiciels",
    "capital": Decimal("100000.00"),
    "head_office_city": "Casablanca",
    "head_office_address": "12 boulevard Zerktouni",
}


def make_company_dossier(owner, **fields):
    """A complete draft, ready to submit; override any field."""
    return create_company_dossier(owner=owner, data={**COMPLETE, **fields})
