"""Demo company dossiers, one in each state of the workflow (idempotent)."""

from decimal import Decimal

from accounts.models import User
from carres.enums import DossierAction
from carres.models import Attachment
from carres.workflow import transition
from chambers.models import City
from companies.models import (
    ActivityCode,
    CompanyDossier,
    DossierDocument,
    LegalForm,
    OutsideStep,
    RequiredDocument,
)
from companies.reference import load_activity_codes, load_legal_forms
from companies.selectors import checklist_key
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


def _demo_pdf():
    """A one-page PDF that passes the upload checks (pikepdf opens it whole)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _attach_demo_documents(dossier):
    """Answer the checklist, each file checked as an upload is (and so released)."""
    from django.core.files.base import ContentFile

    from carres.quarantine import scan_attachment

    content = _demo_pdf()
    associates = list(dossier.associates.all())
    for requirement in dossier.legal_form.required_documents.all():
        for associate in associates if requirement.per_associate else [None]:
            attachment = Attachment(
                dossier=dossier,
                original_name=f"{requirement.code}.pdf",
                requirement=checklist_key(requirement, associate),
                mime_type="application/pdf",
                size=len(content),
                uploaded_by=dossier.owner,
            )
            attachment.file.save("demo.pdf", ContentFile(content), save=False)
            attachment.save()
            scan_attachment(attachment.pk)
            DossierDocument.objects.create(
                dossier=dossier, requirement=requirement, associate=associate, attachment=attachment
            )


# A few companies in the register (valid ICEs), so that name checks have something to find.
DEMO_REGISTER = [
    ("Atlas Digital", "sarl", "001561191000066"),
    ("Argan Cosmétiques", "sarl_au", "000002345678056"),
    ("Souss Agro Export", "sa", "000001234560031"),
    ("الواحة للتجارة", "sarl", "000009876540000"),
]


def _seed_register():
    from companies.models import RegisteredCompany

    for name, form, ice in DEMO_REGISTER:
        RegisteredCompany.objects.get_or_create(
            name=name,
            defaults={
                "legal_form": LegalForm.objects.get(code=form),
                "status": "registered",
                "rc_number": "100200",
                "rc_court": "Casablanca",
                "ice": ice,
                "if_number": "40123456",
            },
        )


def seed_demo(stdout):
    load_legal_forms(LegalForm, RequiredDocument, OutsideStep)
    load_activity_codes(ActivityCode)
    _seed_register()
    from companies.demo_history import seed_history

    seed_history()
    owner = User.objects.filter(email="entrepreneur@demo.ma").first()
    examiner = User.objects.filter(email="examiner.ompic@demo.ma").first()
    if owner is None or examiner is None:
        return
    city = City.objects.filter(code="06.141.01.0").select_related("region").first()
    created = 0
    for name, actions in DEMO_DOSSIERS:
        if CompanyDossier.objects.filter(owner=owner, name_1=name).exists():
            continue
        dossier = create_company_dossier(
            owner=owner,
            data={
                "legal_form": LegalForm.objects.get(code="sarl"),
                "name_1": name,
                "activity": "Conseil et services aux entreprises",
                "activity_codes": list(ActivityCode.objects.filter(code="70.22")),
                "capital": Decimal("100000.00"),
                "head_office_region": city.region if city else None,
                "head_office_city": city,
                "head_office_address": "12 boulevard Zerktouni",
                "associates": [
                    {
                        "kind": "natural",
                        "full_name": "Salma Idrissi",
                        "identifier": "BE100200",
                        "contribution": Decimal("100000.00"),
                    }
                ],
                "managers": [
                    {"role": "manager", "full_name": "Salma Idrissi", "identifier": "BE100200"}
                ],
            },
        )
        _attach_demo_documents(dossier)
        for action in actions:
            actor = owner if action in (DossierAction.SUBMIT, DossierAction.WITHDRAW) else examiner
            transition(dossier, action, actor=actor, comment=REASONS.get(action, ""))
        created += 1
    stdout.write(f"Company dossiers: {created} created.")
