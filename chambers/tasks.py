"""Celery tasks: ids in, one service or one e-mail each, safe to run twice."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from chambers import services
from chambers.models import ReminderLog, SupportRequestEvent

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _render(template, context, language):
    with translation.override(language):
        subject = render_to_string(f"chambers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"chambers/email/{template}.txt", context)
    return " ".join(subject.split()), body


@shared_task(
    name="chambers.tasks.send_request_notification",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
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
        context = {
            "event": event,
            "request": request,
            "appointment": request.appointments.first(),
            "user": recipient,
            "url": settings.SITE_URL + _localized(request.get_absolute_url, recipient),
        }
        with timezone.override(settings.TIME_ZONE):
            subject, body = _render("request_event", context, recipient.preferred_language)
        send_mail(subject, body, None, [recipient.email])
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])


@shared_task(
    name="chambers.tasks.send_overdue_reminder",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
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
            context = {
                "request": request,
                "user": user,
                "url": settings.SITE_URL
                + _localized(
                    lambda: _admin_url(request.pk),
                    user,
                ),
            }
            subject, body = _render("overdue_reminder", context, user.preferred_language)
            send_mail(subject, body, None, [user.email])
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])


@shared_task(name="chambers.tasks.remind_overdue_requests")
def remind_overdue_requests():
    """Daily (Celery beat): queue one reminder per overdue request, at most one per day."""
    return services.remind_overdue_requests()


def _admin_url(pk):
    from django.urls import reverse

    return reverse("admin:chambers_supportrequest_change", args=[pk])


def _localized(build_url, user):
    with translation.override(user.preferred_language):
        return build_url()
