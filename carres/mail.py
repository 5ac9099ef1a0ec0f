"""The one service that renders and sends every e-mail of the portal, in its recipient's
language (model: pretix's `services/mail.py`).

A mail is a template name, say ``chambers/email/request_event``, and three files beside it:
``request_event_subject.txt`` (one line), ``request_event.txt`` (the body) and, if it
exists, ``request_event.html`` (sent as the HTML alternative). Tasks that send mail retry
on `TRANSIENT_EMAIL_ERRORS` only: a refused address or a bad message is not retried.
"""

import smtplib
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

# What a later try may get through: the server was unreachable, hung up, or timed out.
# SMTPRecipientsRefused, SMTPDataError and the like are answers, and would be the same again.
TRANSIENT_EMAIL_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)
# The retry policy of every task that sends mail: @shared_task(**EMAIL_RETRY).
EMAIL_RETRY = {
    "autoretry_for": TRANSIENT_EMAIL_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}

Attachment = tuple[str, bytes | str, str]  # filename, content, MIME type


def language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def render_mail(
    template: str,
    context: Mapping | Callable[[], Mapping],
    *,
    language: str,
    to: list[str],
    attachments: Iterable[Attachment] | Callable[[], Iterable[Attachment]] = (),
) -> EmailMultiAlternatives:
    """The message, rendered in `language` and the site's time zone.

    `context` and `attachments` may be callables: they are then called inside the
    language, so that URLs they reverse carry its prefix and texts they build are in it.
    The subject starts with the programme's name, in that language too."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        values = dict(context() if callable(context) else context)
        values.setdefault("SITE_URL", settings.SITE_URL)
        values.setdefault("PROGRAMME_NAME", settings.PROGRAMME_NAME)
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        subject = f"[{settings.PROGRAMME_NAME}] {subject}"
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"{template}.txt", values), to=to
        )
        try:
            html = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            pass
        else:
            message.attach_alternative(html.render(values), "text/html")
        for filename, content, mimetype in attachments() if callable(attachments) else attachments:
            message.attach(filename, content, mimetype)
    return message


def send_mail_to(
    user,
    template: str,
    context: Mapping | Callable[[], Mapping] | None = None,
    *,
    attachments: Iterable[Attachment] | Callable[[], Iterable[Attachment]] = (),
) -> None:
    """Render `template` for `user` in their preferred language and send it to them.

    Raises what the mail backend raises (tasks retry on TRANSIENT_EMAIL_ERRORS)."""
    render_mail(
        template,
        context if context is not None else {},
        language=language_of(user),
        to=[user.email],
        attachments=attachments,
    ).send()
