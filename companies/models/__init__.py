"""The models of company creation: reference data, the dossier, the register of companies.

Imported in the order they were declared in when they lived in one module: Django registers
models in import order (apps.get_models())."""

# isort: skip_file

from companies.models.reference import (
    LegalForm,
    RequiredDocument,
    OutsideStep,
    ActivityCode,
)
from companies.models.dossier import (
    PENDING_STATUSES,
    CompanyDossier,
    Associate,
    Manager,
    DossierDocument,
)
from companies.models.register import (
    RegisteredCompany,
    NameReservation,
)

__all__ = [
    "PENDING_STATUSES",
    "ActivityCode",
    "Associate",
    "CompanyDossier",
    "DossierDocument",
    "LegalForm",
    "Manager",
    "NameReservation",
    "OutsideStep",
    "RegisteredCompany",
    "RequiredDocument",
]
