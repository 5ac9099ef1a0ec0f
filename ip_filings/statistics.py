"""Trademark and patent pre-filings in public figures (registered in IpFilingsConfig.ready)."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from carres.enums import DossierStatus
from carres.statistics.compute import monthly
from carres.statistics.registry import Change, Chart, Dataset, Field
from ip_filings.models import PatentFiling, TrademarkFiling

KINDS = {"trademark": TrademarkFiling, "patent": PatentFiling}
STATES = [s for s in DossierStatus.values if s != DossierStatus.DRAFT]


def prefiling_rows():
    rows = []
    for kind, model in KINDS.items():
        for line in monthly(
            model.objects.exclude(reference=None).exclude(submitted_at=None),
            date_field="submitted_at",
            keys=("status",),
            filings=Count("pk"),
        ):
            line["kind"], line["state"] = kind, line.pop("status")
            rows.append(line)
    return sorted(rows, key=lambda r: (r["period"], r["kind"], r["state"]))


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
        "Pré-dépôts soumis, par mois de (dernière) soumission, type et état actuel. Les "
        "pré-dépôts ne disent pas la région du déposant : chiffres pour tout le Maroc."
    ),
    fields=(
        Field("kind", "string", _("Type"), key=True, enum=tuple(KINDS)),
        Field("state", "string", _("État"), key=True, enum=tuple(STATES)),
        Field("filings", "integer", _("Pré-dépôts"), unit="filings", suppress=True),
    ),
    compute=prefiling_rows,
    chart=Chart(value="filings", series="kind|state", labels=series_labels),
    by_region=False,
    changes=(Change("1.0.0", date(2026, 12, 6), _("Première publication.")),),
    order=20,
)
