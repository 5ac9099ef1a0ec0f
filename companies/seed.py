"""Demo company dossiers, one in each state of the workflow (idempotent)."""

from decimal import Decimal

from accounts.models import User
from carres.enums import DossierAction
from carres.workflow import transition
from companies.enums import LegalForm
from companies.models import CompanyDossier
from companies.services import create_company_dossier

# name, the actions that bring it to its state (owner / examiner acts as needed)
DEMO_DOSSIERS = [
    ("Atlas Innov", []),
    ("Argan Tech", [DossierAction.SUBMIT]),
    ("Sahara Solar", [DossierAction.SUBMIT, DossierAction.TAKE]),
    (
        "Medina Design",
        [DossierAction.SUBMIT, DossierAction.TAKE, DossierAction.REQUEST_CHANGES],
    ),
    ("Rif Logistique", [DossierAction.SUBMIT, DossierAction.TAKE, DossierAction.ACCEPT]),
    ("Oasis Conseil", [DossierAction.SUBMIT, DossierAction.TAKE, DossierAction.REJECT]),
    ("Tanger Mobilité", [DossierAction.SUBMIT, DossierAction.WITHDRAW]),
]
REASONS = {
    DossierAction.REQUEST_CHANGES: "Merci de préciser l'activité principale et de joindre les statuts.",
    DossierAction.REJECT: "La dénomination proposée est déjà enregistrée au registre du commerce.",
}


def seed_demo(stdout):
    owner = User.objects.filter(email="entrepreneur@demo.ma").first()
    examiner = User.objects.filter(email="examiner.ompic@demo.ma").first()
    if owner is None or examiner is None:
        return
    created = 0
    for name, actions in DEMO_DOSSIERS:
        if CompanyDossier.objects.filter(owner=owner, name_1=name).exists():
            continue
        dossier = create_company_dossier(
            owner=owner,
            data={
                "legal_form": LegalForm.SARL,
                "name_1": name,
                "activity": "Conseil et services aux entreprises",
                "capital": Decimal("100000.00"),
                "head_office_city": "Casablanca",
                "head_office_address": "12 boulevard Zerktouni",
            },
        )
        for action in actions:
            actor = owner if action in (DossierAction.SUBMIT, DossierAction.WITHDRAW) else examiner
            transition(dossier, action, actor=actor, comment=REASONS.get(action, ""))
        created += 1
    stdout.write(f"Company dossiers: {created} created.")
