"""Trademark and patent pre-filings in public figures (registered in IpFilingsConfig.ready)."""

from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from carres.enums import DossierStatus
from carres.statistics.compute import monthly
from carres.statistics.registry import Change, Chart, Dataset, Field
from companies.enums import CompanyStatus
from companies.models import RegisteredCompany
from ip_filings.models import PatentApplicant, PatentFiling, TrademarkFiling

KINDS = {"trademark": TrademarkFiling, "patent": PatentFiling}
STATES = [s for s in DossierStatus.values if s != DossierStatus.DRAFT]


def applicant_region(applicant_name):
    """The region code ("06") of the head office of the filing owner's registered company
    named as the applicant. None for an applicant with no company registered on the portal
    (counted in the country's figures only)."""
    return Subquery(
        RegisteredCompany.objects.filter(
            owner=OuterRef("owner"),
            status=CompanyStatus.REGISTERED,
            name=applicant_name,
            head_office_city__isnull=False,
        )
        .order_by("pk")
        .values("head_office_city__region__code")[:1]
    )


def _with_region(kind, queryset):
    if kind == "patent":
        first_applicant = PatentApplicant.objects.filter(filing=OuterRef("pk")).order_by(
            "order", "id"
        )
        queryset = queryset.annotate(_applicant=Subquery(first_applicant.values("name")[:1]))
        return queryset.annotate(_region=applicant_region(OuterRef("_applicant")))
    return queryset.annotate(_region=applicant_region(OuterRef("applicant_name")))


def prefiling_rows():
    rows = []
    for kind, model in KINDS.items():
        for line in monthly(
            _with_region(kind, model.objects.exclude(reference=None).exclude(submitted_at=None)),
            date_field="submitted_at",
            region_field="_region",
            keys=("status",),
            filings=Count("pk"),
        ):
            line["kind"], line["state"] = kind, line.pop("status")
            rows.append(line)
    return sorted(rows, key=lambda r: (r["period"], r["region"], r["kind"], r["state"]))


def series_labels():
    kinds = {"trademark": _("Marques"), "patent": _("Brevets")}
    return {
        f"{kind}|{state}": f"{label} · {DossierStatus(state).label}"
        for kind, label in kinds.items()
        for state in STATES
    }


IP_PREFILINGS = Dataset(
    code="ip-prefilings",
    title=_("Pré-dépôts de marques et de brevets"),
    description=_(
        "Pré-dépôts soumis, par mois de (dernière) soumission, région, type et état actuel. "
        "La région est celle du siège de l'entreprise du déposant immatriculée sur le portail ; "
        "les pré-dépôts sans entreprise ne comptent que dans les chiffres de tout le Maroc."
    ),
    fields=(
        Field("kind", "string", _("Type"), key=True, enum=tuple(KINDS)),
        Field("state", "string", _("État"), key=True, enum=tuple(STATES)),
        Field("filings", "integer", _("Pré-dépôts"), unit="filings", suppress=True),
    ),
    compute=prefiling_rows,
    chart=Chart(value="filings", series="kind|state", labels=series_labels),
    version="1.1.0",
    changes=(
        Change(
            "1.1.0",
            date(2026, 12, 7),
            _(
                "Chiffres par région (siège de l'entreprise du déposant) ; effectifs masqués "
                "pour qu'un « <5 » ne se déduise pas du total du Maroc."
            ),
        ),
        Change("1.0.0", date(2026, 12, 6), _("Première publication.")),
    ),
    order=20,
)
