"""The companies' public figures (registered with carres.statistics in CompaniesConfig.ready)."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from carres.enums import DossierStatus
from carres.statistics.compute import monthly
from carres.statistics.registry import MASKED_COUNTS, Change, Chart, Dataset, Field
from companies.models import CompanyDossier


def created_rows():
    return monthly(
        CompanyDossier.objects.filter(status=DossierStatus.ACCEPTED),
        date_field="decided_at",
        region_field="head_office_region__code",
        companies=Count("pk"),
    )


COMPANIES_CREATED = Dataset(
    code="companies-created",
    title=_("Entreprises créées"),
    description=_(
        "Dossiers de création d'entreprise acceptés, par mois d'acceptation et région du siège."
    ),
    fields=(
        Field("companies", "integer", _("Entreprises créées"), unit="companies", suppress=True),
    ),
    compute=created_rows,
    chart=Chart(value="companies"),
    version="1.1.0",
    changes=(MASKED_COUNTS, Change("1.0.0", date(2026, 12, 6), _("Première publication."))),
    order=10,
)
