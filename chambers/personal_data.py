"""The chambers' personal data: support requests and an advisor's seat
(carres.personal_data explains providers and places)."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from carres.personal_data import ExportSection, PersonalDataProvider, Purge, Step, when, who
from chambers.models import Advisor, SupportRequest
from chambers.services import anonymise_requests_of_deleted_account, purge_closed_requests


def export_support_requests(user, export):
    advisor = _("le conseiller")
    requests = (
        SupportRequest.objects.filter(entrepreneur=user)
        .select_related("region", "chamber")
        .prefetch_related("events", "messages", "appointments")
        .order_by("created_at")
    )
    found = []
    for request in requests:
        feedback = getattr(request, "feedback", None)
        found.append(
            {
                "number": request.pk,
                "topic": request.get_topic_display(),
                "region": str(request.region),
                "chamber": str(request.chamber),
                "language": request.get_language_display(),
                "message": request.message,
                "dossier_reference": request.dossier_reference,
                "status": request.get_status_display(),
                "outcome": request.get_outcome_display() if request.outcome else "",
                "created_at": when(request.created_at),
                "closed_at": when(request.closed_at),
                "timeline": [
                    {
                        "date": when(event.created_at),
                        "event": event.get_kind_display(),
                        "comment": event.comment,
                    }
                    for event in request.events.all()
                ],
                "messages": [
                    {
                        "date": when(message.created_at),
                        "by": who(message.author_id, user, other=advisor),
                        "body": message.body,
                    }
                    for message in request.messages.all()
                ],
                "appointments": [
                    {
                        "date": when(appointment.starts_at),
                        "place": appointment.place,
                        "online_url": appointment.online_url,
                        "status": appointment.get_status_display(),
                        "proposed_by_you": appointment.proposed_by_id == user.pk,
                    }
                    for appointment in request.appointments.all()
                ],
                "feedback": (
                    {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
                ),
            }
        )
    return found


def summary(user):
    return {
        "open_requests": SupportRequest.objects.filter(entrepreneur=user)
        .exclude(status="closed")
        .count()
    }


def erase_advisor_seat(user):
    advisor = Advisor.objects.filter(user=user).first()
    if advisor is not None:
        advisor.delete()


def purge_expired_requests(now):
    return purge_closed_requests(now - timedelta(days=settings.RETENTION_SUPPORT_REQUEST_DAYS))


provider = PersonalDataProvider(
    export=[
        ExportSection(
            "support_requests", 70, export_support_requests, "chambers/pdf/personal_data.html"
        )
    ],
    erase_account=[
        Step(20, anonymise_requests_of_deleted_account),
        Step(60, erase_advisor_seat),
    ],
    retention=[Purge("support_requests", 20, purge_expired_requests)],
    summary=summary,
    hidden_fields=["request"],
)
