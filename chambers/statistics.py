"""Support requests in public figures (registered in ChambersConfig.ready), and the regions
the statistics are given for."""

from datetime import date

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from carres.statistics.compute import Percentile, days_between, monthly, rounded
from carres.statistics.registry import (
    DERIVED_WITHHELD,
    MASKED_COUNTS,
    Change,
    Chart,
    Dataset,
    Field,
    region_code,
)
from carres.statistics.staff import Column, StaffTable, in_period
from chambers.enums import Topic
from chambers.models import Region, SupportRequest
from chambers.rules import membership


def region_choices():
    return [(region_code(r.code), r.name) for r in Region.objects.order_by("code")]


def request_rows(queryset=None):
    """The public data set's rows; the staff table's over the requests `queryset`."""
    rows = monthly(
        SupportRequest.objects.all() if queryset is None else queryset,
        date_field="created_at",
        region_field="region__code",
        requests=Count("pk"),
        answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
        median_days_to_answer=Percentile(days_between("created_at", "first_answered_at"), 0.5),
        sla_met=Count("pk", filter=Q(first_answered_at__date__lte=F("first_answer_due"))),
        ratings=Count("feedback"),
        mean_rating=Avg("feedback__rating"),
    )
    for row in rows:
        row["median_days_to_answer"] = rounded(row["median_days_to_answer"])
        row["mean_rating"] = rounded(row["mean_rating"])
        row["sla_percent"] = rounded(100 * row["sla_met"] / row["requests"], 0)
    return rows


def staff_request_rows(user, *, region="", since="", until="", kind=""):
    """The staff statistics' support requests: administrators all, an advisor their chamber's
    (every request of it, whoever answered); None for anybody else. Two queries."""
    if user.is_administrator:
        queryset = SupportRequest.objects.all()
    else:
        member = membership(user)
        if member is None:
            return None
        queryset = SupportRequest.objects.filter(chamber_id=member.chamber_id)
    if kind:
        queryset = queryset.filter(topic=kind)
    return in_period(request_rows(queryset), since, until, region)


SUPPORT_REQUEST_TABLE = StaffTable(
    code="support-requests",
    title=_("Demandes d'accompagnement"),
    columns=(
        Column("requests", _("Demandes")),
        Column("answered", _("Demandes ayant reçu une réponse")),
        Column("median_days_to_answer", _("Délai médian de première réponse (jours)"), decimals=1),
        Column("sla_met", _("Réponses dans le délai promis")),
        Column("sla_percent", _("Part des demandes répondues dans le délai (%)"), decimals=0),
        Column("ratings", _("Avis")),
        Column("mean_rating", _("Note moyenne (sur 5)"), decimals=1),
    ),
    rows=staff_request_rows,
    kinds=lambda: list(Topic.choices),
    kind_title=_("Sujet"),
    kind_param="topic",
)


SUPPORT_REQUESTS = Dataset(
    code="support-requests",
    title=_("Demandes d'accompagnement"),
    description=_(
        "Demandes adressées aux chambres, par mois et région de la demande : délai médian de "
        "première réponse (jours), réponses dans le délai promis par la chambre, avis et note "
        "moyenne (sur 5)."
    ),
    fields=(
        Field("requests", "integer", _("Demandes"), unit="requests", suppress=True),
        Field("answered", "integer", _("Demandes ayant reçu une réponse"), suppress=True),
        Field(
            "median_days_to_answer",
            "number",
            _("Délai médian de première réponse (jours)"),
            unit="days",
            needs="answered",
        ),
        Field("sla_met", "integer", _("Réponses dans le délai promis"), suppress=True),
        Field(
            "sla_percent",
            "number",
            _("Part des demandes répondues dans le délai (%)"),
            unit="percent",
            needs="requests",
            counts=("sla_met",),
        ),
        Field("ratings", "integer", _("Avis"), unit="ratings", suppress=True),
        Field("mean_rating", "number", _("Note moyenne (sur 5)"), needs="ratings"),
    ),
    compute=request_rows,
    chart=Chart(value="requests"),
    version="1.2.0",
    changes=(
        DERIVED_WITHHELD,
        MASKED_COUNTS,
        Change("1.0.0", date(2026, 12, 6), _("Première publication.")),
    ),
    order=60,
)
