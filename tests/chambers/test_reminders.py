import datetime

from django.core import mail
from django.utils import timezone

from chambers import services
from chambers.models import ReminderLog
from chambers.tasks import send_overdue_reminder
from tests.factories import chambers as f


def make_overdue(request, days=1):
    request.first_answer_due = timezone.localdate() - datetime.timedelta(days=days)
    request.save(update_fields=["first_answer_due"])
    return request


def run_reminders(today=None):
    services.remind_overdue_requests(today)
    for reminder in ReminderLog.objects.filter(sent_at__isnull=True):
        send_overdue_reminder(reminder.pk)


def test_overdue_reminder_sent_once_per_day(support_request, advisor, manager):
    services.take_request(support_request, actor=advisor)
    make_overdue(support_request)
    run_reminders()
    run_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "manager@ccis-souss.ma",
        "youssef@ccis-souss.ma",
    ]
    assert ReminderLog.objects.count() == 1


def test_overdue_reminder_again_the_next_day(support_request, manager):
    make_overdue(support_request)
    run_reminders()
    run_reminders(timezone.localdate() + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["manager@ccis-souss.ma"], ["manager@ccis-souss.ma"]]


def test_overdue_reminder_not_sent_after_first_answer(support_request, advisor, manager):
    services.take_request(support_request, actor=advisor)
    services.post_message(support_request, actor=advisor, body="Bonjour")
    make_overdue(support_request)
    run_reminders()
    assert mail.outbox == []


def test_overdue_reminder_not_sent_before_due_day(support_request, manager):
    run_reminders()
    assert mail.outbox == []


def test_overdue_reminder_in_recipient_language(support_request, souss):
    arabic_manager = f.make_advisor(
        "nadia@ccis-souss.ma", souss, is_manager=True, preferred_language="ar"
    )
    make_overdue(support_request)
    run_reminders()
    assert [m.to for m in mail.outbox] == [[arabic_manager.email]]
    assert mail.outbox[0].subject == (
        f"[مربعات المبتكرين] تذكير: الطلب رقم {support_request.pk} ينتظر ردًا أول"
    )


def test_overdue_beat_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["chambers-overdue-reminders"]
    assert entry["task"] == "chambers.tasks.remind_overdue_requests"


def test_overdue_reminder_task_twice_sends_once(support_request, manager):
    make_overdue(support_request)
    services.remind_overdue_requests()
    reminder = ReminderLog.objects.get()
    send_overdue_reminder(reminder.pk)
    send_overdue_reminder(reminder.pk)
    assert len(mail.outbox) == 1
