from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.factories.trainings import make_registration, make_session
from trainings import services
from trainings.models import Feedback, Registration


@pytest.fixture
def people(make_user):
    return [make_user(f"p{n}@example.ma", first_name=f"P{n}") for n in range(4)]


def test_sign_up_gives_a_seat_while_there_is_one(db, people, django_capture_on_commit_callbacks):
    session = make_session(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sign_up(session, actor=people[0])
        second = services.sign_up(session, actor=people[1])
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert services.waitlist_position(second) == 1
    assert [m.to for m in mail.outbox] == [["p0@example.ma"], ["p1@example.ma"]]
    assert mail.outbox[0].attachments[0][0] == f"session-{session.pk}.ics"
    assert "BEGIN:VEVENT" in mail.outbox[0].attachments[0][1]
    assert mail.outbox[0].attachments[1][0] == "check-in.png"
    assert mail.outbox[1].attachments == []


def test_sign_up_twice_is_refused(db, people):
    session = make_session()
    services.sign_up(session, actor=people[0])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.sign_up(session, actor=people[0])
    assert error.value.messages == ["You are already signed up for this session."]
    assert Registration.objects.filter(session=session).count() == 1


def test_sign_up_after_deadline_is_refused(db, people):
    session = make_session(
        starts_in=timedelta(hours=5), signup_deadline=timezone.now() - timedelta(hours=1)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.sign_up(session, actor=people[0])
    assert error.value.messages == ["The sign-up deadline has passed."]


def test_sign_up_for_past_session_is_refused(db, people):
    session = make_session(
        starts_in=timedelta(days=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.sign_up(session, actor=people[0])
    assert error.value.messages == ["This session has already taken place."]


def test_sign_up_for_cancelled_session_is_refused(db, people):
    session = make_session(status="cancelled")
    with translation.override("ar"), pytest.raises(ValidationError) as error:
        services.sign_up(session, actor=people[0])
    assert error.value.messages == ["أُلغيت هذه الدورة."]
    assert Registration.objects.count() == 0


def test_cancel_promotes_first_waitlisted_and_tells_them(
    db, people, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    first = services.sign_up(session, actor=people[0])
    second = services.sign_up(session, actor=people[1])
    third = services.sign_up(session, actor=people[2])
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first, actor=people[0])
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")
    assert services.waitlist_position(third) == 1
    assert [m.to for m in mail.outbox] == [["p1@example.ma"]]
    assert (
        mail.outbox[0].subject
        == "[Carrés des innovateurs] Une place s'est libérée : Protéger sa marque"
    )


def test_cancel_someone_elses_registration_is_refused(db, people):
    session = make_session()
    registration = services.sign_up(session, actor=people[0])
    with pytest.raises(ValidationError):
        services.cancel_registration(registration, actor=people[1])
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_sign_up_again_after_cancelling_reuses_the_row(db, people):
    session = make_session(capacity=1)
    registration = services.sign_up(session, actor=people[0])
    services.cancel_registration(registration, actor=people[0])
    again = services.sign_up(session, actor=people[0])
    assert (again.pk, again.status) == (registration.pk, "confirmed")


def test_capacity_below_confirmed_is_refused(db, people, advisor):
    session = make_session(capacity=3)
    for person in people[:3]:
        services.sign_up(session, actor=person)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.change_session_capacity(session, capacity=2, actor=advisor)
    assert error.value.message_dict == {
        "capacity": ["Cannot go below the 3 seats already confirmed: cancel sign-ups first."]
    }
    session.refresh_from_db()
    assert session.capacity == 3


def test_capacity_raised_promotes_waitlisted(
    db, people, advisor, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    regs = [services.sign_up(session, actor=person) for person in people[:3]]
    with django_capture_on_commit_callbacks(execute=True):
        services.change_session_capacity(session, capacity=2, actor=advisor)
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert [m.to for m in mail.outbox] == [["p1@example.ma"]]


def test_mark_attendance_for_waitlisted_is_refused(db, people, advisor):
    session = make_session(
        capacity=1, starts_in=timedelta(days=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    waiting = make_registration(session, people[0], status="waitlisted")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.mark_attendance(waiting, present=True, actor=advisor)
    assert error.value.messages == ["P0 is not signed up for this session: attendance refused."]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attended_at) == ("waitlisted", None)


def test_mark_attendance_by_email_of_stranger_is_refused(db, people, advisor):
    session = make_session(
        starts_in=timedelta(hours=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.mark_attendance_by_email(session, email="nobody@example.ma", actor=advisor)
    assert error.value.messages == [
        "nobody@example.ma is not signed up for this session: attendance refused."
    ]


def test_mark_attendance_by_other_chamber_advisor_is_refused(db, people, make_user):
    from tests.factories.trainings import make_advisor

    other = make_advisor(make_user, email="adv@ccis-souss.ma", chamber_slug="ccis-souss-massa")
    session = make_session(
        starts_in=timedelta(hours=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    registration = make_registration(session, people[0])
    with pytest.raises(ValidationError):
        services.mark_attendance(registration, present=True, actor=other)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_mark_attendance_records_who_and_when(db, people, advisor):
    session = make_session(
        starts_in=timedelta(hours=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    registration = make_registration(session, people[0])
    services.mark_attendance(registration, present=True, actor=advisor)
    registration.refresh_from_db()
    assert (registration.status, registration.attendance_marked_by) == ("attended", advisor)
    assert registration.attended_at is not None


def test_feedback_once_after_session(db, people):
    session = make_session(
        starts_in=timedelta(days=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    registration = make_registration(session, people[0], status="attended")
    services.submit_feedback(registration, rating=4, comment="Très utile", actor=people[0])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.submit_feedback(registration, rating=5, comment="", actor=people[0])
    assert error.value.messages == ["You have already given your feedback."]
    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "Très utile")]


def test_feedback_from_absent_is_refused(db, people):
    session = make_session(
        starts_in=timedelta(days=-1), signup_deadline=timezone.now() - timedelta(days=2)
    )
    registration = make_registration(session, people[0], status="confirmed")
    with pytest.raises(ValidationError):
        services.submit_feedback(registration, rating=5, comment="", actor=people[0])
    assert Feedback.objects.count() == 0


def test_claim_reminder_only_once(db, people):
    registration = make_registration(make_session(), people[0])
    assert [services.claim_reminder(registration.pk), services.claim_reminder(registration.pk)] == [
        True,
        False,
    ]


def test_status_changes_are_recorded(db, people):
    from trainings.models import RegistrationStatusEvent

    session = make_session(capacity=1)
    first = services.sign_up(session, actor=people[0])
    second = services.sign_up(session, actor=people[1])
    services.cancel_registration(first, actor=people[0])
    events = RegistrationStatusEvent.objects.order_by("pgh_id").values_list(
        "pgh_obj_id", "pgh_label", "status"
    )
    assert list(events) == [
        (first.pk, "signed_up", "confirmed"),
        (second.pk, "signed_up", "waitlisted"),
        (first.pk, "status_changed", "cancelled"),
        (second.pk, "status_changed", "confirmed"),
    ]


def test_cancel_session_tells_everyone_signed_up(
    db, people, advisor, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    services.sign_up(session, actor=people[0])
    services.sign_up(session, actor=people[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session, actor=advisor)
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.ma", "p1@example.ma"]
    assert mail.outbox[0].subject == "[Carrés des innovateurs] Session annulée : Protéger sa marque"


def test_capacity_change_by_non_organiser_is_refused(db, people):
    session = make_session(capacity=3)
    with pytest.raises(ValidationError):
        services.change_session_capacity(session, capacity=10, actor=people[0])
    session.refresh_from_db()
    assert session.capacity == 3
