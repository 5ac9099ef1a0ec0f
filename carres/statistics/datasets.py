"""The data set the shared machinery answers itself: time to decision, over every dossier kind."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.enums import Office
from carres.enums import DECIDED_STATUSES
from carres.models import dossier_models
from carres.statistics.compute import Percentile, days_between, monthly, rounded
from carres.statistics.registry import Change, Chart, Dataset, Field, register_dataset


def decision_time_rows():
    rows = []
    for model in dossier_models():
        lines = monthly(
            model.objects.filter(status__in=DECIDED_STATUSES, submitted_at__isnull=False),
            date_field="decided_at",
            keys=("office",),
            decisions=Count("pk"),
            median_days=Percentile(days_between("submitted_at", "decided_at"), 0.5),
        )
        for line in lines:
            line["kind"] = model.reference_prefix
            line["median_days"] = rounded(line["median_days"])
            rows.append(line)
    return sorted(rows, key=lambda r: (r["period"], r["office"], r["kind"]))


def kind_labels():
    return {model.reference_prefix: model._meta.verbose_name for model in dossier_models()}


def office_kind_labels():
    kinds = kind_labels()
    return {
        f"{office}|{prefix}": f"{label} · {str(kind).capitalize()}"
        for office, label in Office.choices
        for prefix, kind in kinds.items()
    }


DECISION_TIMES = Dataset(
    code="decision-times",
    title=_("Délais de décision"),
    description=_(
        "Par mois de décision, office et type de dossier : nombre de décisions (acceptations "
        "et rejets) et délai médian, en jours, entre la dernière soumission et la décision."
    ),
    fields=(
        Field(
            "office",
            "string",
            _("Office"),
            _("Office qui a décidé (ompic, inpi)."),
            key=True,
            enum=tuple(Office.values),
        ),
        Field(
            "kind",
            "string",
            _("Type de dossier"),
            _("Préfixe de référence : CO (création d'entreprise), TM (marque), PT (brevet)."),
            key=True,
        ),
        Field("decisions", "integer", _("Décisions"), unit="dossiers", suppress=True),
        Field(
            "median_days",
            "number",
            _("Délai médian (jours)"),
            unit="days",
            needs="decisions",
        ),
    ),
    compute=decision_time_rows,
    chart=Chart(value="median_days", series="office|kind", labels=office_kind_labels),
    by_region=False,
    changes=(Change("1.0.0", date(2026, 12, 6), _("Première publication.")),),
    order=40,
)


def register_shared_datasets():
    register_dataset(DECISION_TIMES)
