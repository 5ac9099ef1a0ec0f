"""Nobody waits unknowingly (issue 19, point 2): the office's examiners, or the examiner in
charge, hear of a submission, a resubmission, a transfer to their office and the owner's
reply, in the app and by e-mail (or in one daily digest), whatever the door."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import Office, Role
from carres import tasks
from carres.enums import DossierAction, NotificationVerb
from carres.models import Notification, NotificationDigest, OutboxMessage
from carres.notifications import deliver_email, send_daily_digests
from carres.routing import reassign_office
from carres.services import post_message
from carres.workflow import transition
from tests.conftest import wait_until
from tests.factories.patents import make_patent_filing


@pytest.fixture
def ompic(make_user):
    return make_user("a@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Amal")


@pytest.fixture
def ompic2(make_user):
    return make_user(
        "b@ompic.ma",
        role=Role.EXAMINER,
        office=Office.OMPIC,
        first_name="Badr",
        preferred_language="ar",
    )


@pytest.fixture
def inpi(make_user):
    return make_user("c@inpi.fr", role=Role.EXAMINER, office=Office.INPI, first_name="Claire")


@pytest.fixture
def administrator(make_user):
    return make_user("admin@carres.ma", role=Role.ADMINISTRATOR)


def staff_notes(*users):
    return sorted(
        Notification.objects.filter(recipient__in=users).values_list("recipient__email", "verb")
    )


# --- service level --------------------------------------------------------------------------
@pytest.mark.django_db
def test_submission_tells_every_examiner_of_the_office_only(entrepreneur, ompic, ompic2, inpi):
    filing = make_patent_filing(entrepreneur)

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    assert staff_notes(ompic, ompic2, inpi) == [
        ("a@ompic.ma", NotificationVerb.NEW_SUBMISSION),
        ("b@ompic.ma", NotificationVerb.NEW_SUBMISSION),
    ]
    assert OutboxMessage.objects.filter(recipient__in=[ompic, ompic2], channel="email").count() == 2


@pytest.mark.django_db
def test_resubmission_tells_the_examiner_in_charge_only(entrepreneur, ompic, ompic2):
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=ompic)
    transition(filing, DossierAction.REQUEST_CHANGES, actor=ompic, comment="Un dessin.")
    Notification.objects.all().delete()

    transition(filing, DossierAction.RESUBMIT, actor=entrepreneur)

    assert staff_notes(ompic, ompic2) == [("a@ompic.ma", NotificationVerb.RESUBMITTED)]


@pytest.mark.django_db
def test_transfer_tells_the_new_office(entrepreneur, ompic, inpi, administrator):
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=ompic)
    Notification.objects.all().delete()

    reassign_office(filing, actor=administrator, office=Office.INPI, reason="Déposant en France")

    assert staff_notes(ompic, inpi) == [("c@inpi.fr", NotificationVerb.TRANSFERRED)]


@pytest.mark.django_db
def test_owner_reply_tells_the_examiner_in_charge(entrepreneur, ompic, ompic2):
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    transition(filing, DossierAction.TAKE, actor=ompic)
    Notification.objects.all().delete()

    post_message(filing, actor=entrepreneur, body="Voici le dessin demandé.")

    assert staff_notes(ompic, ompic2) == [("a@ompic.ma", NotificationVerb.NEW_MESSAGE)]


@pytest.mark.django_db
def test_staff_email_links_to_the_workspace_in_their_language(entrepreneur, ompic2):
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    message = OutboxMessage.objects.get(recipient=ompic2, channel="email")

    deliver_email(message.pk)

    [sent] = mail.outbox
    assert sent.to == ["b@ompic.ma"]
    assert sent.subject == f"[مربعات المبتكرين] ملف جديد للدراسة · {filing.reference}"
    assert f"/ar/backoffice/PT/{filing.pk}/" in sent.body


@pytest.mark.django_db
def test_digest_people_get_no_single_mail_then_one_digest_a_day(entrepreneur, ompic, ompic2):
    ompic.notification_digest = True
    ompic.save()
    first, second = make_patent_filing(entrepreneur), make_patent_filing(entrepreneur)
    transition(first, DossierAction.SUBMIT, actor=entrepreneur)
    transition(second, DossierAction.SUBMIT, actor=entrepreneur)
    assert Notification.objects.filter(recipient=ompic).count() == 2
    assert not OutboxMessage.objects.filter(recipient=ompic).exists()
    assert OutboxMessage.objects.filter(recipient=ompic2, channel="email").count() == 2

    assert send_daily_digests() == 1
    assert send_daily_digests() == 0  # the same day: nothing more

    [digest] = mail.outbox
    assert digest.to == ["a@ompic.ma"]
    assert "2 notifications" in digest.subject
    assert first.reference in digest.body and second.reference in digest.body
    assert f"/fr/backoffice/PT/{first.pk}/" in digest.body
    # The next day, only what came since.
    third = make_patent_filing(entrepreneur)
    transition(third, DossierAction.SUBMIT, actor=entrepreneur)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_daily_digests(now=tomorrow) == 1
    assert third.reference in mail.outbox[1].body
    assert first.reference not in mail.outbox[1].body
    assert NotificationDigest.objects.filter(recipient=ompic).count() == 2


@pytest.mark.django_db
def test_digest_preference_in_the_profile(client, ompic):
    client.force_login(ompic)
    page = client.get("/fr/accounts/profile/").content.decode()
    assert 'name="notification_digest"' in page


# --- end to end, through a real worker ----------------------------------------------------------
def mails_to(tmp_path, address):
    return [
        p.read_text()
        for p in sorted(tmp_path.glob("*.log"))
        if p.name != "worker.log"
        and not p.name.startswith("worker")
        and f"To: {address}" in p.read_text()
    ]


def all_sent():
    return not OutboxMessage.objects.filter(channel="email", sent_at__isnull=True).exists()


@pytest.mark.worker
def test_every_staff_notification_through_the_worker(
    celery_worker_process, tmp_path, entrepreneur, ompic, inpi, administrator
):
    filing = make_patent_filing(entrepreneur)

    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)  # submission
    wait_until(all_sent)
    [submitted] = mails_to(tmp_path, "a@ompic.ma")
    assert "Nouveau dossier à examiner" in submitted
    assert f"/fr/backoffice/PT/{filing.pk}/" in submitted

    transition(filing, DossierAction.TAKE, actor=ompic)
    transition(filing, DossierAction.REQUEST_CHANGES, actor=ompic, comment="Un dessin.")
    transition(filing, DossierAction.RESUBMIT, actor=entrepreneur)  # resubmission
    wait_until(all_sent)
    assert any("re-déposé après modifications" in m for m in mails_to(tmp_path, "a@ompic.ma"))

    transition(filing, DossierAction.TAKE, actor=ompic)
    post_message(filing, actor=entrepreneur, body="Voici le dessin.")  # the owner's reply
    wait_until(all_sent)
    assert any("Nouveau message" in m for m in mails_to(tmp_path, "a@ompic.ma"))

    reassign_office(filing, actor=administrator, office=Office.INPI, reason="En France")  # transfer
    wait_until(all_sent)
    [transferred] = mails_to(tmp_path, "c@inpi.fr")
    assert "Dossier transmis à votre office" in transferred
    assert set(
        Notification.objects.filter(recipient__in=[ompic, inpi]).values_list("verb", flat=True)
    ) == {
        NotificationVerb.NEW_SUBMISSION,
        NotificationVerb.RESUBMITTED,
        NotificationVerb.NEW_MESSAGE,
        NotificationVerb.TRANSFERRED,
    }


@pytest.mark.worker
def test_daily_digest_through_the_worker_once(celery_worker_process, tmp_path, entrepreneur, ompic):
    ompic.notification_digest = True
    ompic.save()
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    tasks.send_daily_digests.delay()
    wait_until(lambda: NotificationDigest.objects.filter(sent_at__isnull=False).exists())
    tasks.send_daily_digests.delay()
    tasks.send_daily_digests.delay()
    wait_until(all_sent)

    [digest] = mails_to(tmp_path, "a@ompic.ma")
    assert filing.reference in digest
    assert NotificationDigest.objects.filter(recipient=ompic).count() == 1
