"""Celery tasks: ids in, one service or one e-mail each, safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from carres.mail import EMAIL_RETRY, send_mail_to
from chambers import services
from chambers.models import ReminderLog, SupportRequestEvent


@shared_task(name="chambers.tasks.send_request_notification", **EMAIL_RETRY)
def send_request_notification(event_id):
    """Tell the entrepreneur, in their language, about a step of their request. The event's
    notified_at is the idempotency record: a second run sends nothing."""
    with transaction.atomic():
        event = (
            SupportRequestEvent.objects.select_for_update(of=("self",))
            .select_related("request__entrepreneur", "request__chamber")
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return
        request = event.request
        recipient = request.entrepreneur
        send_mail_to(
            recipient,
            "chambers/email/request_event",
            lambda: {
                "event": event,
                "request": request,
                "appointment": request.appointments.first(),
                "user": recipient,
                "url": settings.SITE_URL + request.get_absolute_url(),
            },
        )
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])


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
