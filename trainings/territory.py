"""What the trainings app tells the support network's map: the caravan's next stops."""

from django.utils import timezone

from trainings.enums import SessionStatus
from trainings.models import TrainingSession


def next_caravan_stops(region_ids=None):
    """{region id: the next caravan session there}: one query."""
    sessions = (
        TrainingSession.objects.filter(
            caravan__isnull=False,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .select_related("training", "city", "caravan")
        .order_by("region_id", "starts_at")
        .distinct("region_id")
    )
    if region_ids is not None:
        sessions = sessions.filter(region_id__in=region_ids)
    return {session.region_id: session for session in sessions}
