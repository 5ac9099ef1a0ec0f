"""Trainings held and attendance in public figures (registered in TrainingsConfig.ready)."""

from datetime import date

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.statistics.compute import monthly, rounded
from carres.statistics.registry import (
    DERIVED_WITHHELD,
    MASKED_COUNTS,
    Change,
    Chart,
    Dataset,
    Field,
)
from trainings.enums import SEAT_HOLDING, RegistrationStatus, SessionStatus
from trainings.models import TrainingSession


def held_rows():
    rows = monthly(
        TrainingSession.objects.filter(
            status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now()
        ),
        date_field="starts_at",
        region_field="region__code",
        sessions=Count("pk", distinct=True),
        registered=Count(
            "registrations", filter=Q(registrations__status__in=SEAT_HOLDING), distinct=True
        ),
        attended=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.ATTENDED),
            distinct=True,
        ),
        ratings=Count("registrations__feedback", distinct=True),
        mean_rating=Avg("registrations__feedback__rating"),
    )
    for row in rows:
        row["mean_rating"] = rounded(row["mean_rating"])
    return rows


TRAININGS_HELD = Dataset(
    code="trainings",
    title=_("Formations données et participation"),
    description=_(
        "Sessions de formation tenues (caravane comprise), par mois et région de la session : "
        "places occupées, présents, avis et note moyenne (sur 5)."
    ),
    fields=(
        Field("sessions", "integer", _("Sessions tenues"), unit="sessions"),
        Field("registered", "integer", _("Inscrits"), unit="people", suppress=True),
        Field("attended", "integer", _("Présents"), unit="people", suppress=True),
        Field("ratings", "integer", _("Avis"), unit="ratings", suppress=True),
        Field("mean_rating", "number", _("Note moyenne (sur 5)"), needs="ratings"),
    ),
    compute=held_rows,
    chart=Chart(value="attended"),
    version="1.2.0",
    changes=(
        DERIVED_WITHHELD,
        MASKED_COUNTS,
        Change("1.0.0", date(2026, 12, 6), _("Première publication.")),
    ),
    order=50,
)
