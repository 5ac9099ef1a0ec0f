"""E-mails about sign-ups, rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from trainings import checkin, ics


def _send(registration, template, *, attach_ics=False, extra=None):
    user = registration.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "session": registration.session,
            "user": user,
            "SITE_URL": settings.SITE_URL,
            **(extra or {}),
        }
        subject = render_to_string(f"trainings/emails/{template}_subject.txt", context)
        body = render_to_string(f"trainings/emails/{template}.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()), body=body, to=[user.email]
        )
        if attach_ics:
            message.attach(
                f"session-{registration.session.pk}.ics",
                ics.session_calendar(registration.session),
                "text/calendar",
            )
            # The organiser scans it at the door to mark attendance.
            message.attach("check-in.png", checkin.qr_png(registration), "image/png")
    message.send()


def send_confirmation(registration):
    from trainings.services import waitlist_position

    if registration.holds_seat:
        _send(registration, "confirmed", attach_ics=True)
    else:
        _send(registration, "waitlisted", extra={"position": waitlist_position(registration)})


def send_promotion(registration):
    _send(registration, "promoted", attach_ics=True)


def send_reminder(registration):
    _send(registration, "reminder", attach_ics=True)


def send_cancelled(registration):
    _send(registration, "session_cancelled")
