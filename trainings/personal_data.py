"""The trainings' personal data: sign-ups, attendance and feedback
(carres.personal_data explains providers and places)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from carres.personal_data import ExportSection, PersonalDataProvider, Purge, Step, when
from trainings.enums import ACTIVE
from trainings.models import Registration
from trainings.services import purge_old_registrations, release_registrations_of_deleted_account


def export_registrations(user, export):
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("session__training", "session__city", "session__venue")
        .order_by("session__starts_at")
    )
    found = []
    for registration in registrations:
        session = registration.session
        feedback = getattr(registration, "feedback", None)
        found.append(
            {
                "training": str(session.training),
                "starts_at": when(session.starts_at),
                "place": str(session.venue or session.city or session.online_url),
                "status": registration.get_status_display(),
                "signed_up_at": when(registration.queued_at),
                "cancelled_at": when(registration.cancelled_at),
                "attended_at": when(registration.attended_at),
                "certificate_code": registration.certificate_code,
                "feedback": (
                    {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
                ),
            }
        )
    return found


def summary(user):
    return {
        "upcoming_registrations": Registration.objects.filter(
            user=user, status__in=ACTIVE, session__starts_at__gt=timezone.now()
        )
        .select_related("session__training")
        .order_by("session__starts_at")
    }


def purge_expired_registrations(now):
    return purge_old_registrations(
        now - timedelta(days=settings.RETENTION_TRAINING_REGISTRATION_DAYS)
    )


provider = PersonalDataProvider(
    export=[
        ExportSection(
            "training_registrations",
            80,
            export_registrations,
            "trainings/pdf/personal_data.html",
        )
    ],
    erase_account=[Step(10, release_registrations_of_deleted_account)],
    retention=[Purge("training_registrations", 30, purge_expired_registrations)],
    summary=summary,
)
