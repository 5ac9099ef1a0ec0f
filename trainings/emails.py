"""E-mails about sign-ups, rendered in the recipient's language by carres.mail."""

from carres.mail import send_mail_to
from trainings import checkin, ics


def _send(registration, template, *, attach_ics=False, extra=None):
    def attachments():
        if not attach_ics:
            return []
        return [
            (
                f"session-{registration.session.pk}.ics",
                ics.session_calendar(registration.session),
                "text/calendar",
            ),
            # The organiser scans it at the door to mark attendance.
            ("check-in.png", checkin.qr_png(registration), "image/png"),
        ]

    send_mail_to(
        registration.user,
        f"trainings/emails/{template}",
        {
            "registration": registration,
            "session": registration.session,
            "user": registration.user,
            **(extra or {}),
        },
        attachments=attachments,
    )


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


def send_changed(registration):
    """The session moved (time or place): the updated invitation for a seat, news for the
    waiting list."""
    _send(registration, "session_changed", attach_ics=registration.holds_seat)
