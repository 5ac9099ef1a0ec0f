"""Companies' personal data: the register entries a user owns, name certificates
(carres.personal_data explains providers and places). Company dossiers are dossiers:
the dossier machinery's provider (carres.dossier_personal_data) exports and erases them."""

from carres.personal_data import ExportSection, PersonalDataProvider, fields
from companies.models import NameReservation, RegisteredCompany


def export_companies(user, export):
    return [
        {"fields": fields(company)}
        for company in RegisteredCompany.objects.filter(owner=user).order_by("pk")
    ]


def stored_file_names():
    return set(
        NameReservation.objects.exclude(certificate="").values_list("certificate", flat=True)
    )


provider = PersonalDataProvider(
    export=[ExportSection("companies", 50, export_companies, "companies/pdf/personal_data.html")],
    stored_file_folders=["certificates"],
    stored_file_names=stored_file_names,
    hidden_fields=[
        "name_keys",
        "normalized_name",
        "distinctive_name",
        "phonetic_key",
        "certificate",
    ],
)
