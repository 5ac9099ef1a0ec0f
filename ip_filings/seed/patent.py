"""Reference data of the patent pre-filing (kinds of title, routing) and demo patent dossiers (idempotent)."""

from decimal import Decimal

from accounts.enums import Office
from accounts.models import User
from carres.enums import DossierAction
from carres.models import RoutingRule
from carres.workflow import transition
from ip_filings.models import PatentFiling, PatentKind
from ip_filings.seed.diagnostic import QUESTIONS, RECOMMENDATIONS, seed_diagnostic, tr
from ip_filings.services.patent import (
    create_patent_filing,
    replace_applicants,
    replace_claims,
    replace_inventors,
)

# (order, dossier kind, applicant profile, programme, office, note)
ROUTING_RULES = [
    (10, "PT", "university", "", Office.INPI, "Universités : coopération INPI"),
    (20, "PT", "startup", "", Office.INPI, "Start-up : accompagnement INPI"),
]
# (title, profile, actions) of demo patent dossiers of entrepreneur@demo.ma
DEMO_PATENTS = [
    ("Capteur d'humidité pour irrigation goutte-à-goutte", "startup", [DossierAction.SUBMIT]),
    ("Séchoir solaire pour plantes aromatiques", "individual", [DossierAction.SUBMIT]),
    ("Panneau isolant en fibres de palmier", "individual", []),
]

PATENT_KINDS = [
    ("invention", 1, ("Brevet d'invention", "Patent of invention", "براءة اختراع")),
    ("utility", 2, ("Certificat d'utilité", "Utility certificate", "شهادة المنفعة")),
]


def seed_patents(stdout):
    for code, order, (fr, en, ar) in PATENT_KINDS:
        PatentKind.objects.update_or_create(code=code, defaults={"order": order, **tr(fr, en, ar)})
    seed_diagnostic()
    for order, kind, profile, programme, office, note in ROUTING_RULES:
        RoutingRule.objects.get_or_create(
            dossier_kind=kind,
            applicant_profile=profile,
            programme=programme,
            defaults={"order": order, "office": office, "note": note},
        )
    seed_demo_patents(stdout)
    stdout.write(
        f"Patents: {len(PATENT_KINDS)} kinds; diagnostic: {len(QUESTIONS)} questions, "
        f"{len(RECOMMENDATIONS)} recommendations."
    )


def seed_demo_patents(stdout):
    owner = User.objects.filter(email="entrepreneur@demo.ma").first()
    if owner is None:
        return
    kind = PatentKind.objects.get(code="invention")
    for title, profile, actions in DEMO_PATENTS:
        if PatentFiling.objects.filter(owner=owner, invention_title=title).exists():
            continue
        filing = create_patent_filing(
            owner=owner,
            data={
                "kind": kind,
                "invention_title": title,
                "technical_field": "Agriculture et énergie",
                "abstract": "Un dispositif simple, fabriqué localement, réduit la consommation.",
                "description": "État de la technique, problème, solution, mode de réalisation.",
            },
        )
        replace_claims(filing, actor=owner, claims=[(f"{title}, caractérisé par…", None)])
        replace_inventors(
            filing,
            actor=owner,
            inventors=[{"name": "Salma Bennani", "address": "", "mention": True}],
        )
        replace_applicants(
            filing,
            actor=owner,
            applicants=[{"name": "Salma Bennani", "profile": profile, "share": Decimal("100")}],
        )
        for action in actions:
            transition(filing, action, actor=owner)
