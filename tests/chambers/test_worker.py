"""The chambers' tasks on a real Celery worker, against the real Redis and PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from chambers import services
from chambers.models import ReminderLog, SupportRequestEvent
from tests.conftest import wait_until
from tests.factories import chambers as f

pytestmark = pytest.mark.worker


def sent_mails(tmp_path):
    return sorted(p for p in tmp_path.glob("*.log") if p.name != "worker.log")


def test_worker_sends_creation_notification_once(celery_worker_process, make_user, tmp_path):
    rachid = make_user("rachid@example.ma", first_name="Rachid", preferred_language="ar")
    request = f.make_request(rachid, language="ar")
    event = SupportRequestEvent.objects.get(request=request)
    wait_until(
        lambda: SupportRequestEvent.objects.filter(pk=event.pk, notified_at__isnull=False).exists()
    )
    [log] = sent_mails(tmp_path)
    content = log.read_text()
    assert "To: rachid@example.ma" in content
    assert f"/ar/chambers/requests/{request.pk}/" in content


def test_worker_sends_overdue_reminder_once_per_day(celery_worker_process, make_user, tmp_path):
    souss = f.chamber("ccis-souss-massa")
    f.make_advisor("manager@ccis-souss.ma", souss, is_manager=True)
    request = f.make_request(make_user("salma@example.ma"))
    wait_until(lambda: not SupportRequestEvent.objects.filter(notified_at__isnull=True).exists())
    request.first_answer_due = timezone.localdate() - datetime.timedelta(days=2)
    request.save(update_fields=["first_answer_due"])

    assert services.remind_overdue_requests() == 1
    assert services.remind_overdue_requests() == 0
    wait_until(lambda: ReminderLog.objects.filter(sent_at__isnull=False).exists())
    reminders = [p for p in sent_mails(tmp_path) if "manager@ccis-souss.ma" in p.read_text()]
    assert len(reminders) == 1


def test_worker_sends_accepted_appointment_invitation_to_both_parties_once(
    celery_worker_process, make_user, tmp_path
):
    import icalendar

    from carres.enums import NotificationVerb
    from carres.models import Notification
    from chambers.enums import EventKind

    souss = f.chamber("ccis-souss-massa")
    advisor = f.make_advisor("youssef@ccis-souss.ma", souss, first_name="Youssef")
    rachid = make_user("rachid@example.ma", first_name="Rachid", preferred_language="ar")
    request = f.make_request(rachid, language="ar")
    services.take_request(request, actor=advisor)
    [slot] = services.propose_slots(
        request, actor=rachid, slots=[timezone.now() + datetime.timedelta(days=3)]
    )
    services.accept_appointment(slot, actor=advisor)
    accepted = SupportRequestEvent.objects.get(kind=EventKind.APPOINTMENT_ACCEPTED)
    wait_until(
        lambda: SupportRequestEvent.objects.filter(
            pk=accepted.pk, notified_at__isnull=False, advisor_notified_at__isnull=False
        ).exists()
    )
    from carres.testservers import sent_mails as parsed_mails

    invitations = {}
    for message in parsed_mails(tmp_path):
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                encoded = part.get("Content-Transfer-Encoding", "").lower() in (
                    "base64",
                    "quoted-printable",
                )
                text = part.get_payload(decode=True).decode() if encoded else part.get_payload()
                invitations[str(message["To"])] = text
    assert sorted(invitations) == ["rachid@example.ma", "youssef@ccis-souss.ma"]
    uids = {
        str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["UID"])
        for text in invitations.values()
    }
    assert len(uids) == 1 and uids.pop().startswith(f"chambers-appointment-{slot.pk}@")
    for user in (rachid, advisor):
        assert (
            Notification.objects.filter(
                recipient=user, verb=NotificationVerb.APPOINTMENT_ACCEPTED
            ).count()
            == 1
        )
    # The advisor was told of the slots too (in-app), the entrepreneur was not of their own.
    assert Notification.objects.filter(
        recipient=advisor, verb=NotificationVerb.APPOINTMENT_SLOTS
    ).exists()
    assert not Notification.objects.filter(
        recipient=rachid, verb=NotificationVerb.APPOINTMENT_SLOTS
    ).exists()
