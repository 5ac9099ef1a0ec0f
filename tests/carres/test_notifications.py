import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from carres import tasks
from carres.enums import DossierAction
from carres.models import Notification, OutboxMessage
from carres.notifications import deliver_email, sweep_outbox
from carres.workflow import transition

pytestmark = pytest.mark.django_db


def test_submit_records_notification_and_outbox_in_transaction(dossier, entrepreneur):
    event = transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)

    assert list(Notification.objects.values_list("recipient__email", "verb")) == [
        ("salma@example.ma", "submission_received")
    ]
    assert sorted(OutboxMessage.objects.values_list("key", "channel")) == [
        (f"event:{event.pk}:{entrepreneur.pk}:email", "email"),
        (f"event:{event.pk}:pdf", "pdf"),
    ]


def test_take_records_no_notification(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    # The owner's receipt, and the office's examiner told of the new dossier.
    assert Notification.objects.count() == 2
    transition(dossier, DossierAction.TAKE, actor=examiner)
    assert Notification.objects.count() == 2


def test_deliver_email_twice_sends_once(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    message = OutboxMessage.objects.get(channel="email")

    assert deliver_email(message.pk) is True
    assert deliver_email(message.pk) is False

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["salma@example.ma"]
    assert sent.subject == (
        f"[Carrés des innovateurs] Votre dossier a bien été reçu · {dossier.reference}"
    )
    assert sent.alternatives[0].mimetype == "text/html"


def test_email_uses_recipient_language(dossier, entrepreneur, examiner):
    entrepreneur.preferred_language = "ar"
    entrepreneur.save()
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(
        dossier, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Précisez le capital"
    )
    message = OutboxMessage.objects.get(channel="email", verb="changes_requested")

    deliver_email(message.pk)

    # The whole subject in Arabic, the programme's name included.
    assert mail.outbox[0].subject == (
        f"[مربعات المبتكرين] مطلوب إدخال تعديلات على ملفك · {dossier.reference}"
    )
    assert "Précisez le capital" in mail.outbox[0].body
    assert 'dir="rtl"' in mail.outbox[0].alternatives[0].content


def test_send_task_retries_transient_smtp_error_then_sends_once(dossier, entrepreneur, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    message = OutboxMessage.objects.get(channel="email")
    real_send = mail.EmailMultiAlternatives.send
    calls = []

    def flaky_send(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky_send):
        tasks.send_outbox_email.apply(args=(message.pk,))

    message.refresh_from_db()
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    assert message.sent_at is not None


def test_sweeper_skips_fresh_and_sent_rows(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    with mock.patch("carres.notifications.dispatch_outbox") as dispatch:
        assert sweep_outbox() == 0
        OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
        OutboxMessage.objects.filter(channel="pdf").update(sent_at=timezone.now())
        assert sweep_outbox() == 1
    assert dispatch.call_args.args == ([OutboxMessage.objects.get(channel="email").pk],)


def test_examiner_notification_links_to_back_office(client, dossier, entrepreneur, examiner):
    from carres.services import post_message

    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    post_message(dossier, actor=entrepreneur, body="Bonjour")
    client.force_login(examiner)

    response = client.get("/fr/notifications/")

    # The new message, and (issue 19) the submission the office's examiner was told of.
    assert [n.url for n in response.context["notifications"]] == [
        f"/fr/backoffice/CO/{dossier.pk}/",
        f"/fr/backoffice/CO/{dossier.pk}/",
    ]


def test_seed_demo_creates_dossiers_in_every_state_once(demo):
    from carres.statistics.demo import ARCHIVE_EMAIL
    from companies.models import CompanyDossier

    # The statistics' year of history belongs to an inactive archive account, apart.
    demo_dossiers = CompanyDossier.objects.exclude(owner__email=ARCHIVE_EMAIL)
    assert sorted(demo_dossiers.values_list("status", flat=True)) == sorted(
        [
            "draft",
            "submitted",
            "in_review",
            "changes_requested",
            "accepted",
            "rejected",
            "withdrawn",
        ]
    )
    # The demo's documents went through the upload checks and are released, not quarantined.
    from carres.models import Attachment

    assert Attachment.objects.count() > 0
    assert set(Attachment.objects.values_list("scan_status", flat=True)) == {"clean"}


def test_examiner_mail_speaks_of_the_dossier_not_their_own(dossier, entrepreneur, examiner):
    from carres.enums import NotificationVerb
    from carres.notifications import send_notification_email

    mail.outbox.clear()
    send_notification_email(examiner, NotificationVerb.NEW_SUBMISSION, dossier)
    send_notification_email(entrepreneur, NotificationVerb.SUBMISSION_RECEIVED, dossier)
    to_examiner, to_owner = mail.outbox
    assert "Consultez le dossier :" in to_examiner.body
    assert "Consulter le dossier" in to_examiner.alternatives[0][0]
    assert "votre dossier" not in to_examiner.body
    assert "Consultez votre dossier :" in to_owner.body
