from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carres.testservers import sent_mails
from tests.conftest import wait_until
from tests.factories.trainings import make_registration, make_session
from trainings import services
from trainings.tasks import send_due_reminders


def test_reminder_sent_once_for_session_within_48_hours(db, entrepreneur, outsider):
    soon = make_session(starts_in=timedelta(hours=30), signup_deadline=timezone.now())
    later = make_session(starts_in=timedelta(days=5))
    due = make_registration(soon, entrepreneur)
    make_registration(later, outsider)
    make_registration(soon, outsider, status="waitlisted")

    send_due_reminders()
    send_due_reminders()

    due.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert [m.to for m in mail.outbox] == [["salma@example.ma"]]
    assert (
        mail.outbox[0].subject
        == "[Carrés des innovateurs] Rappel : Protéger sa marque dans deux jours"
    )
    assert mail.outbox[0].attachments[0][2] == "text/calendar"


def test_reminder_in_recipient_language(db, make_user):
    amina = make_user("amina@example.ma", first_name="Amina", preferred_language="en")
    make_registration(
        make_session(starts_in=timedelta(hours=47), signup_deadline=timezone.now()), amina
    )
    send_due_reminders()
    assert (
        mail.outbox[0].subject
        == "[Carrés des innovateurs] Reminder: Protecting your trademark in two days"
    )
    assert mail.outbox[0].body.startswith("Hello Amina,")


def test_beat_schedule_has_training_reminders(settings):
    assert settings.CELERY_BEAT_SCHEDULE["training-reminders"]["task"] == (
        "trainings.tasks.send_due_reminders"
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_confirmation_with_ics(celery_worker_process, entrepreneur, tmp_path):
    from celery import current_app

    current_app.conf.task_always_eager = False
    session = make_session()
    services.sign_up(session, actor=entrepreneur)

    (message,) = wait_until(lambda: sent_mails(tmp_path))
    text = message.as_string()
    assert (
        message["Subject"].strip()
        == "[Carrés des innovateurs] Inscription confirmée : Protéger sa marque"
    )
    assert f'filename="session-{session.pk}.ics"' in text
    # The worker made the in-app notification before the e-mail.
    assert training_verbs(entrepreneur) == ["training_confirmed"]


# --- in-app notifications, made by the same tasks as the e-mails -------------------------------
def training_verbs(user):
    from carres.models import Notification

    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("verb", flat=True)
    )


def test_sign_up_and_waiting_list_notified_in_app(
    db, entrepreneur, outsider, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(session, actor=entrepreneur)
        services.sign_up(session, actor=outsider)
    assert training_verbs(entrepreneur) == ["training_confirmed"]
    assert training_verbs(outsider) == ["training_waitlisted"]


def test_promotion_and_cancellation_notified_in_app(
    db, entrepreneur, outsider, advisor, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    seat = make_registration(session, entrepreneur)
    make_registration(session, outsider, status="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(seat, actor=entrepreneur)
    assert training_verbs(outsider) == ["training_promoted"]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session, actor=advisor)
    assert training_verbs(outsider) == ["training_promoted", "training_cancelled"]


def test_retried_confirmation_task_notifies_once(db, entrepreneur, client):
    from trainings.tasks import send_registration_confirmation

    registration = make_registration(make_session(), entrepreneur)
    send_registration_confirmation(registration.pk)
    send_registration_confirmation(registration.pk)
    assert training_verbs(entrepreneur) == ["training_confirmed"]
    client.force_login(entrepreneur)
    page = client.get("/fr/notifications/").content.decode()
    assert "Inscription à une formation confirmée" in page
    assert registration.session.get_absolute_url() in page


def test_session_change_tells_everyone_signed_up_once_per_change(
    db, entrepreneur, outsider, advisor, django_capture_on_commit_callbacks
):
    from trainings.tasks import send_session_changed

    session = make_session(capacity=1)
    make_registration(session, entrepreneur)
    waiting = make_registration(session, outsider, status="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_session_change(session, actor=advisor) == 2
    assert training_verbs(entrepreneur) == ["training_changed"]
    assert training_verbs(outsider) == ["training_changed"]
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["salma@example.ma"].subject == (
        "[Carrés des innovateurs] Session modifiée : Protéger sa marque"
    )
    assert by_person["salma@example.ma"].attachments[0][2] == "text/calendar"
    # the calendar replaces the invitation it holds: one version more per change
    assert "\r\nSEQUENCE:1\r\n" in by_person["salma@example.ma"].attachments[0][1]
    assert not by_person["outsider@example.ma"].attachments  # no seat, no invitation
    # A retried task does not notify twice.
    send_session_changed(waiting.pk, 12345)
    send_session_changed(waiting.pk, 12345)
    assert training_verbs(outsider).count("training_changed") == 2


def test_session_change_by_other_chamber_refused(db, make_user):
    from django.core.exceptions import ValidationError

    from tests.factories.trainings import make_advisor

    stranger = make_advisor(make_user, "karim@ccis-souss.ma", chamber_slug="ccis-souss-massa")
    with pytest.raises(ValidationError):
        services.announce_session_change(make_session(), actor=stranger)


def test_each_change_and_the_cancellation_give_the_invitation_a_new_version(db, advisor):
    from trainings.ics import session_calendar

    session = make_session()
    assert "\r\nSEQUENCE:0\r\n" in session_calendar(session)
    services.announce_session_change(session, actor=advisor)
    services.announce_session_change(session, actor=advisor)
    assert session.calendar_sequence == 2
    session = services.cancel_session(session, actor=advisor)
    session.refresh_from_db()
    text = session_calendar(session)
    assert "\r\nSEQUENCE:3\r\n" in text
    assert "\r\nSTATUS:CANCELLED\r\n" in text
    services.cancel_session(session, actor=advisor)  # already cancelled: nothing changes
    session.refresh_from_db()
    assert session.calendar_sequence == 3
