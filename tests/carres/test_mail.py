"""One mail service: every e-mail rendered in its recipient's language, one retry policy."""

import pytest
from celery import current_app
from django.core import mail
from django.urls import reverse

from carres.mail import TRANSIENT_EMAIL_ERRORS, render_mail, send_mail_to


def test_mail_is_rendered_in_the_recipients_language_with_its_html_part(make_user):
    user = make_user("amal@example.ma", preferred_language="ar")

    send_mail_to(
        user,
        "carres/email/dossier_notification",
        {"verb_label": "تم استلام ملفك", "dossier": None, "dossier_url": "x", "recipient": user},
    )

    (sent,) = mail.outbox
    assert sent.to == ["amal@example.ma"]
    assert sent.subject == "[مربعات المبتكرين] تم استلام ملفك"
    assert sent.alternatives[0].mimetype == "text/html"
    assert 'dir="rtl"' in sent.alternatives[0].content


def test_context_and_attachments_are_built_inside_the_language():
    message = render_mail(
        "trainings/emails/session_cancelled",
        lambda: {"session": None, "url": reverse("dashboard")},
        language="ar",
        to=["x@example.ma"],
        attachments=lambda: [("lien.txt", reverse("dashboard"), "text/plain")],
    )

    assert message.attachments[0][1] == "/ar/dashboard/"
    assert message.alternatives == []  # text only: there is no .html template


# Beat's daily rounds: they queue one send_* task per row and send nothing themselves.
ROUNDS = {"trainings.tasks.send_due_reminders", "ip_filings.tasks.send_renewal_reminders"}


def test_every_task_that_sends_mail_retries_transient_errors_only():
    current_app.loader.import_default_modules()
    senders = {
        name: task
        for name, task in current_app.tasks.items()
        if name.split(".")[-1].startswith("send_") and name not in ROUNDS
    }
    assert len(senders) >= 8
    assert {
        name: getattr(task, "autoretry_for", ()) for name, task in senders.items()
    } == dict.fromkeys(senders, TRANSIENT_EMAIL_ERRORS)


@pytest.fixture(autouse=True)
def _db(db):
    pass
