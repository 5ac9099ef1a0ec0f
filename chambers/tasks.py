"""Celery tasks: ids in, one service or one e-mail each, safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from carres.enums import NotificationVerb
from carres.mail import EMAIL_RETRY, send_mail_to
from carres.notifications import notify_in_app
from chambers import services
from chambers.enums import AppointmentStatus, EventKind
from chambers.ics import appointment_calendar, appointment_filename
from chambers.models import ReminderLog, SupportRequestEvent

# The in-app notification each event makes (carres.enums.NotificationVerb).
VERB_FOR_EVENT = {
    EventKind.CREATED: NotificationVerb.SUPPORT_RECEIVED,
    EventKind.ASSIGNED: NotificationVerb.SUPPORT_ASSIGNED,
    EventKind.MESSAGE: NotificationVerb.SUPPORT_ANSWERED,
    EventKind.CLOSED: NotificationVerb.SUPPORT_CLOSED,
    EventKind.APPOINTMENT: NotificationVerb.APPOINTMENT_PROPOSED,
    EventKind.SLOTS: NotificationVerb.APPOINTMENT_SLOTS,
    EventKind.APPOINTMENT_ACCEPTED: NotificationVerb.APPOINTMENT_ACCEPTED,
    EventKind.APPOINTMENT_DECLINED: NotificationVerb.APPOINTMENT_DECLINED,
}
# Which column of the event records that the party was told.
NOTIFIED_FIELD = {"entrepreneur": "notified_at", "advisor": "advisor_notified_at"}


@shared_task(name="chambers.tasks.send_request_notification", **EMAIL_RETRY)
def send_request_notification(event_id, party="entrepreneur"):
    """Tell one party of a request (the entrepreneur, or the advisor in charge), in their
    language, about a step of it: an in-app notification, then the e-mail (with the calendar
    invitation once a meeting is accepted). The party's column on the event (notified_at,
    advisor_notified_at) is the idempotency record, written in the transaction that creates
    the notification: a failed send rolls both back and the retry makes them once."""
    field = NOTIFIED_FIELD[party]
    with transaction.atomic():
        event = (
            SupportRequestEvent.objects.select_for_update(of=("self",))
            .select_related(
                "request__entrepreneur",
                "request__assignee",
                "request__chamber",
                "appointment__proposed_by",
            )
            .filter(pk=event_id, **{f"{field}__isnull": True})
            .first()
        )
        if event is None:
            return
        request = event.request
        recipient = request.entrepreneur if party == "entrepreneur" else request.assignee
        if recipient is not None and recipient.is_active:
            _notify(event, request, recipient)
        setattr(event, field, timezone.now())
        event.save(update_fields=[field])


def _notify(event, request, recipient):
    verb = VERB_FOR_EVENT.get(event.kind)
    if verb is not None:
        notify_in_app(
            request,
            recipient=recipient,
            verb=verb,
            key=f"support-event:{event.pk}:{recipient.pk}",
        )
    appointment = event.appointment or request.appointments.first()
    if appointment is not None:
        appointment.request = request  # loaded with the people the invitation names
    invitation = (
        event.kind == EventKind.APPOINTMENT_ACCEPTED
        and appointment is not None
        and appointment.status == AppointmentStatus.ACCEPTED
    )
    send_mail_to(
        recipient,
        "chambers/email/request_event",
        lambda: {
            "event": event,
            "request": request,
            "appointment": appointment,
            "slots": request.appointments.filter(
                status=AppointmentStatus.PROPOSED, proposed_by_id=event.actor_id
            ).order_by("starts_at")
            if event.kind == EventKind.SLOTS
            else [],
            "user": recipient,
            "invitation": invitation,
            "url": settings.SITE_URL + request.url_for(recipient),
        },
        attachments=lambda: (
            [
                (
                    appointment_filename(appointment),
                    appointment_calendar(appointment),
                    "text/calendar",
                )
            ]
            if invitation
            else []
        ),
    )


@shared_task(name="chambers.tasks.send_overdue_reminder", **EMAIL_RETRY)
def send_overdue_reminder(reminder_id):
    """E-mail today's reminder to the assignee and the chamber's managers, each in their own
    language; the reminder's sent_at makes a second run a no-op."""
    with transaction.atomic():
        reminder = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("request__chamber")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return
        request = reminder.request
        for user in User.objects.filter(email__in=reminder.recipients).order_by("email"):
            send_mail_to(
                user,
                "chambers/email/overdue_reminder",
                lambda user=user: {
                    "request": request,
                    "user": user,
                    "url": settings.SITE_URL
                    + reverse("admin:chambers_supportrequest_change", args=[request.pk]),
                },
            )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])


@shared_task(name="chambers.tasks.remind_overdue_requests")
def remind_overdue_requests():
    """Daily (Celery beat): queue one reminder per overdue request, at most one per day."""
    return services.remind_overdue_requests()
