"""Celery tasks for trainings: ids in, idempotent, transient failures retried with backoff."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from carres.enums import NotificationVerb
from carres.mail import EMAIL_RETRY
from carres.notifications import notify_in_app
from trainings import emails, services
from trainings.enums import RegistrationStatus, SessionStatus
from trainings.models import Registration

REMINDER_AHEAD = timedelta(hours=48)


def _registration(pk):
    return (
        Registration.objects.select_related(
            "user", "session__training", "session__venue", "session__city"
        )
        .filter(pk=pk)
        .first()
    )


def _notify(registration, verb, stamp=None):
    """The in-app notification, before the e-mail: keyed by sign-up, verb and the time of the
    sign-up (signing up again after cancelling re-uses the row), so a retried task (the e-mail
    failed) does not make a second one."""
    stamp = stamp or int(registration.queued_at.timestamp())
    notify_in_app(
        registration,
        recipient=registration.user,
        verb=verb,
        key=f"training:{verb}:{registration.pk}:{stamp}",
    )


@shared_task(name="trainings.tasks.send_registration_confirmation", **EMAIL_RETRY)
def send_registration_confirmation(registration_id):
    registration = _registration(registration_id)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return
    _notify(
        registration,
        NotificationVerb.TRAINING_CONFIRMED
        if registration.holds_seat
        else NotificationVerb.TRAINING_WAITLISTED,
    )
    emails.send_confirmation(registration)


@shared_task(name="trainings.tasks.send_promotion_notice", **EMAIL_RETRY)
def send_promotion_notice(registration_id):
    registration = _registration(registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return
    _notify(registration, NotificationVerb.TRAINING_PROMOTED)
    emails.send_promotion(registration)


@shared_task(name="trainings.tasks.send_session_cancelled", **EMAIL_RETRY)
def send_session_cancelled(registration_id):
    registration = _registration(registration_id)
    if registration is None:
        return
    _notify(registration, NotificationVerb.TRAINING_CANCELLED)
    emails.send_cancelled(registration)


@shared_task(name="trainings.tasks.send_session_changed", **EMAIL_RETRY)
def send_session_changed(registration_id, changed_at):
    """`changed_at` (a timestamp) names the change: a retry tells once, a later change again."""
    registration = _registration(registration_id)
    if registration is None or registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ):
        return
    _notify(registration, NotificationVerb.TRAINING_CHANGED, stamp=changed_at)
    emails.send_changed(registration)


@shared_task(name="trainings.tasks.send_session_reminder", **EMAIL_RETRY)
def send_session_reminder(registration_id):
    """Send the 48-hour reminder once: the claim on the row is the idempotency record."""
    if not services.claim_reminder(registration_id):
        return
    registration = _registration(registration_id)
    try:
        emails.send_reminder(registration)
    except Exception:
        services.release_reminder(registration_id)
        raise


@shared_task(name="trainings.tasks.send_due_reminders")
def send_due_reminders():
    """Beat: queue a reminder for every seat in a session starting within 48 hours."""
    now = timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    for pk in due:
        send_session_reminder.delay(pk)
