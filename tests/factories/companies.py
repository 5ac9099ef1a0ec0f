import itertools
from decimal import Decimal

from chambers.models import City
from companies.models import ActivityCode, LegalForm, OutsideStep, RequiredDocument
from companies.reference import load_activity_codes, load_legal_forms
from companies.services import create_company_dossier
from tests.factories.chambers import ensure_reference_data
from tests.factories.files import pdf_bytes


def ensure_legal_forms():
    """The data migration loads legal forms and activity codes, but a transactional test
    (transaction=True) empties every table when it ends: load them again if they are gone."""
    if not LegalForm.objects.exists():
        load_legal_forms(LegalForm, RequiredDocument, OutsideStep)
        load_activity_codes(ActivityCode)


def casablanca():
    ensure_reference_data()
    return City.objects.select_related("region").get(code="06.141.01.0")


def complete_data(**fields):
    ensure_legal_forms()
    city = casablanca()
    return {
        "legal_form": LegalForm.objects.get(code="sarl"),
        "name_1": "Atlas Innov",
        "name_2": "Atlas Innovation",
        "name_3": "",
        "activity": "Conception de logiciels",
        "activity_codes": [ActivityCode.objects.get(code="62.01")],
        "capital": Decimal("100000.00"),
        "head_office_region": city.region,
        "head_office_city": city,
        "head_office_address": "12 boulevard Zerktouni",
        "associates": [
            {
                "kind": "natural",
                "full_name": "Amina Benali",
                "identifier": "BE123456",
                "contribution": Decimal("60000"),
            },
            {
                "kind": "natural",
                "full_name": "Youssef Alaoui",
                "identifier": "BK654321",
                "contribution": Decimal("40000"),
            },
        ],
        "managers": [{"role": "manager", "full_name": "Amina Benali", "identifier": "BE123456"}],
        **fields,
    }


_numbers = itertools.count(1)


def make_company_dossier(owner, *, documents=True, **fields):
    """A complete draft, ready to submit (checklist answered); override any field.

    Names get a number so that several dossiers do not claim the same name."""
    if "name_1" not in fields:
        number = next(_numbers)
        fields.setdefault("name_2", f"Atlas Innovation {number}")
        fields["name_1"] = f"Atlas Innov {number}"
    if isinstance(fields.get("legal_form"), str):
        ensure_legal_forms()
        fields["legal_form"] = LegalForm.objects.get(code=fields["legal_form"])
    dossier = create_company_dossier(owner=owner, data=complete_data(**fields))
    if documents:
        attach_all_documents(dossier)
    return dossier


PDF = pdf_bytes()


def attach_all_documents(dossier):
    """Answer every checklist line of the dossier's legal form with a tiny PDF, already
    released from quarantine (tests of the quarantine upload through attach_file)."""
    from carres.enums import ScanStatus
    from carres.models import Attachment
    from companies.models import DossierDocument
    from companies.selectors import checklist_key

    associates = list(dossier.associates.all())
    for requirement in dossier.legal_form.required_documents.all():
        for associate in associates if requirement.per_associate else [None]:
            attachment = Attachment(
                dossier=dossier,
                original_name=f"{requirement.code}.pdf",
                requirement=checklist_key(requirement, associate),
                mime_type="application/pdf",
                size=len(PDF),
                uploaded_by=dossier.owner,
                scan_status=ScanStatus.CLEAN,
            )
            attachment.file.name = "attachments/test.pdf"
            attachment.save()
            DossierDocument.objects.create(
                dossier=dossier, requirement=requirement, associate=associate, attachment=attachment
            )


def make_registered_company(name, *, status="registered", owner=None, **fields):
    from companies.models import RegisteredCompany

    ensure_legal_forms()
    defaults = {}
    if status == "registered":
        defaults = {
            "rc_number": "123456",
            "rc_court": "Casablanca",
            "ice": "",
            "if_number": "1234567",
        }
        defaults["ice"] = fields.pop("ice", None) or _next_ice()
    return RegisteredCompany.objects.create(
        name=name,
        status=status,
        owner=owner,
        legal_form=LegalForm.objects.get(code="sarl"),
        **{**defaults, **fields},
    )


_ice_numbers = itertools.count(1)


def _next_ice():
    """A valid ICE, different at each call."""
    from companies.register_io import synthetic_ice

    return synthetic_ice(next(_ice_numbers))
