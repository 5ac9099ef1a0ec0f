"""Appointments both ways: the entrepreneur proposes slots or answers the advisor's, the advisor
answers the entrepreneur's; an accepted slot sends both parties a calendar invitation and an
in-app notification; the .ics download is for the two parties only."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from carres.enums import NotificationVerb
from carres.models import Notification
from chambers import services
from chambers.enums import AppointmentStatus, EventKind
from chambers.ics import appointment_calendar
from chambers.models import Appointment

CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(day, hour, minute=0):
    """A moment in 2030, in Casablanca's time."""
    return datetime.datetime(2030, 3, day, hour, minute, tzinfo=CASABLANCA)


@pytest.fixture
def taken(support_request, advisor):
    services.take_request(support_request, actor=advisor)
    support_request.refresh_from_db()
    return support_request


@pytest.fixture
def proposed(taken, advisor):
    return services.propose_appointment(
        taken, actor=advisor, starts_at=at(4, 10, 30), place="CCIS Souss-Massa, Agadir"
    )


def run_notifications(callbacks):
    """Run the notification tasks queued on commit, as the worker would."""
    for callback in callbacks:
        callback()


def verbs(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("verb", flat=True)
    )


# --- the entrepreneur answers the advisor's slot ------------------------------------------
def test_entrepreneur_accepts_advisor_slot_both_get_invitation_and_notification(
    proposed, entrepreneur, advisor, eager_celery, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_appointment(proposed, actor=entrepreneur)
    proposed.refresh_from_db()
    assert proposed.status == AppointmentStatus.ACCEPTED
    assert sorted(m.to[0] for m in mail.outbox) == ["salma@example.ma", "youssef@ccis-souss.ma"]
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert (filename, mimetype) == (f"rendez-vous-{proposed.pk}.ics", "text/calendar")
        event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
        assert str(event["UID"]).startswith(f"chambers-appointment-{proposed.pk}@")
    assert NotificationVerb.APPOINTMENT_ACCEPTED in verbs(entrepreneur)
    assert verbs(advisor) == [NotificationVerb.APPOINTMENT_ACCEPTED]
    assert list(proposed.request.events.values_list("kind", flat=True))[-1] == (
        EventKind.APPOINTMENT_ACCEPTED
    )


def test_entrepreneur_declines_advisor_slot_only_advisor_is_told(
    proposed, entrepreneur, advisor, eager_celery, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_appointment(proposed, actor=entrepreneur)
    proposed.refresh_from_db()
    assert proposed.status == AppointmentStatus.DECLINED
    assert [m.to for m in mail.outbox] == [["youssef@ccis-souss.ma"]]
    assert mail.outbox[0].attachments == []
    assert verbs(advisor) == [NotificationVerb.APPOINTMENT_DECLINED]


def test_advisor_cannot_answer_own_slot(proposed, advisor):
    with pytest.raises(PermissionDenied):
        services.accept_appointment(proposed, actor=advisor)


def test_outsider_cannot_answer_slot(proposed, outsider, other_advisor):
    for intruder in (outsider, other_advisor):
        with pytest.raises(PermissionDenied):
            services.accept_appointment(proposed, actor=intruder)
    proposed.refresh_from_db()
    assert proposed.status == AppointmentStatus.PROPOSED


def test_past_slot_cannot_be_accepted(proposed, entrepreneur):
    Appointment.objects.filter(pk=proposed.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        services.accept_appointment(proposed, actor=entrepreneur)


def test_slot_answered_once(proposed, entrepreneur):
    services.accept_appointment(proposed, actor=entrepreneur)
    with pytest.raises(PermissionDenied):
        services.decline_appointment(proposed, actor=entrepreneur)


# --- the entrepreneur proposes slots, the advisor answers ----------------------------------
def test_entrepreneur_proposes_slots_advisor_is_told(
    taken, entrepreneur, advisor, eager_celery, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        slots = services.propose_slots(
            taken, actor=entrepreneur, slots=[at(6, 9), at(5, 15)], place=""
        )
    assert [(s.starts_at, s.status) for s in slots] == [
        (at(5, 15), AppointmentStatus.PROPOSED),
        (at(6, 9), AppointmentStatus.PROPOSED),
    ]
    # At the chamber, unless the entrepreneur names a place.
    assert {s.place for s in slots} == {taken.chamber.address or taken.chamber.name}
    assert [m.to for m in mail.outbox] == [["youssef@ccis-souss.ma"]]
    body = mail.outbox[0].body
    assert "Le 5 mars 2030 15:00" in body and "Le 6 mars 2030 09:00" in body
    assert f"/fr/admin/chambers/supportrequest/{taken.pk}/change/" in body
    assert verbs(advisor) == [NotificationVerb.APPOINTMENT_SLOTS]


def test_advisor_accepts_entrepreneur_slot_others_superseded(
    taken, entrepreneur, advisor, eager_celery, django_capture_on_commit_callbacks
):
    first, second = services.propose_slots(taken, actor=entrepreneur, slots=[at(5, 15), at(6, 9)])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_appointment(second, actor=advisor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        AppointmentStatus.SUPERSEDED,
        AppointmentStatus.ACCEPTED,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["salma@example.ma", "youssef@ccis-souss.ma"]
    assert all(len(m.attachments) == 1 for m in mail.outbox)


def test_entrepreneur_cannot_accept_own_slot(taken, entrepreneur):
    [slot] = services.propose_slots(taken, actor=entrepreneur, slots=[at(5, 15)])
    with pytest.raises(PermissionDenied):
        services.accept_appointment(slot, actor=entrepreneur)


def test_advisor_of_other_chamber_cannot_accept_entrepreneur_slot(
    taken, entrepreneur, other_advisor, colleague
):
    [slot] = services.propose_slots(taken, actor=entrepreneur, slots=[at(5, 15)])
    for intruder in (other_advisor, colleague):  # a colleague who is not in charge, too
        with pytest.raises(PermissionDenied):
            services.accept_appointment(slot, actor=intruder)


def test_propose_more_than_three_slots_refused(taken, entrepreneur):
    with pytest.raises(ValidationError):
        services.propose_slots(
            taken, actor=entrepreneur, slots=[at(2, 9), at(3, 9), at(4, 9), at(5, 9)]
        )
    assert taken.appointments.count() == 0


def test_someone_else_cannot_propose_slots(taken, outsider):
    with pytest.raises(PermissionDenied):
        services.propose_slots(taken, actor=outsider, slots=[at(5, 15)])


def test_one_accepted_appointment_per_request(taken, entrepreneur, advisor, proposed):
    services.accept_appointment(proposed, actor=entrepreneur)
    later = services.propose_appointment(taken, actor=advisor, starts_at=at(9, 11), place="Agadir")
    services.accept_appointment(later, actor=entrepreneur)
    proposed.refresh_from_db()
    assert proposed.status == AppointmentStatus.SUPERSEDED
    assert taken.appointments.filter(status=AppointmentStatus.ACCEPTED).get() == later


# --- the notification tasks: once, whatever the retries -----------------------------------
def test_accepted_notification_task_runs_once_per_party(proposed, entrepreneur, advisor):
    from chambers.tasks import send_request_notification

    services.accept_appointment(proposed, actor=entrepreneur)
    event = proposed.request.events.get(kind=EventKind.APPOINTMENT_ACCEPTED)
    mail.outbox.clear()
    for _ in range(2):
        send_request_notification(event.pk)
        send_request_notification(event.pk, party="advisor")
    assert sorted(m.to[0] for m in mail.outbox) == ["salma@example.ma", "youssef@ccis-souss.ma"]
    assert Notification.objects.filter(key__startswith=f"support-event:{event.pk}:").count() == 2


def test_failed_send_leaves_no_notification_and_retry_makes_one(
    proposed, entrepreneur, monkeypatch
):
    from chambers import tasks

    services.accept_appointment(proposed, actor=entrepreneur)
    event = proposed.request.events.get(kind=EventKind.APPOINTMENT_ACCEPTED)

    def refuse(*args, **kwargs):
        raise ConnectionError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(tasks, "send_mail_to", refuse)
        with pytest.raises(ConnectionError):
            tasks.send_request_notification(event.pk)
    assert not Notification.objects.filter(recipient=entrepreneur, key__contains=str(event.pk))
    tasks.send_request_notification(event.pk)
    tasks.send_request_notification(event.pk)
    assert (
        Notification.objects.filter(
            recipient=entrepreneur, verb=NotificationVerb.APPOINTMENT_ACCEPTED
        ).count()
        == 1
    )


# --- the invitation itself ------------------------------------------------------------------
def test_invitation_is_valid_rfc5545(proposed, entrepreneur, advisor):
    services.accept_appointment(proposed, actor=entrepreneur)
    appointment = Appointment.objects.select_related(
        "request__entrepreneur", "request__assignee", "request__chamber"
    ).get(pk=proposed.pk)
    text = appointment_calendar(appointment)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    assert (str(calendar["VERSION"]), str(calendar["METHOD"])) == ("2.0", "REQUEST")
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == at(4, 10, 30)
    assert event.decoded("DTEND") == at(4, 11, 30)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # written in UTC
    assert str(event["LOCATION"]) == "CCIS Souss-Massa, Agadir"  # the comma escaped and read
    assert str(event["SUMMARY"]) == (
        f"Rendez-vous · {appointment.request.chamber.name} · demande n° {appointment.request.pk}"
    )
    assert str(event["ORGANIZER"]) == "mailto:youssef@ccis-souss.ma"
    assert sorted(str(a) for a in event["ATTENDEE"]) == [
        "mailto:salma@example.ma",
        "mailto:youssef@ccis-souss.ma",
    ]
    assert event["ATTENDEE"][0].params["CN"] in ("Salma Bennani", "Youssef")
    # The UID is the appointment's: another rendering updates the same calendar event.
    again = icalendar.Calendar.from_ical(appointment_calendar(appointment))
    assert again.walk("VEVENT")[0]["UID"] == event["UID"]


def test_invitation_folds_and_escapes_long_arabic_place(proposed, entrepreneur):
    place = "مقر غرفة التجارة والصناعة والخدمات لجهة سوس ماسة، شارع الحسن الثاني; أكادير, المغرب"
    Appointment.objects.filter(pk=proposed.pk).update(place=place)
    services.accept_appointment(proposed, actor=entrepreneur)
    appointment = Appointment.objects.select_related(
        "request__entrepreneur", "request__assignee", "request__chamber"
    ).get(pk=proposed.pk)
    text = appointment_calendar(appointment)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == place


# --- the pages --------------------------------------------------------------------------------
def ics_url(appointment):
    return reverse("chambers:appointment_ics", args=[appointment.pk])


def test_calendar_download_for_the_two_parties_only(
    client, proposed, entrepreneur, advisor, colleague, manager, outsider
):
    services.accept_appointment(proposed, actor=entrepreneur)
    for party in (entrepreneur, advisor):
        client.force_login(party)
        response = client.get(ics_url(proposed))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    for other in (colleague, manager, outsider):
        client.force_login(other)
        assert client.get(ics_url(proposed)).status_code == 404


def test_calendar_download_404_before_acceptance(client, proposed, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get(ics_url(proposed)).status_code == 404


def test_request_page_offers_accept_then_calendar_link(client, proposed, entrepreneur):
    client.force_login(entrepreneur)
    page = client.get(proposed.request.get_absolute_url()).content.decode()
    accept = reverse("chambers:appointment_accept", args=[proposed.pk])
    assert accept in page and ics_url(proposed) not in page
    response = client.post(accept)
    assert response.status_code == 302
    page = client.get(proposed.request.get_absolute_url()).content.decode()
    assert ics_url(proposed) in page and accept not in page
    assert "Rendez-vous confirmé" in page


def test_outsider_cannot_accept_by_url(client, proposed, outsider, advisor):
    for intruder in (outsider, advisor):  # the advisor answers in the back office
        client.force_login(intruder)
        url = reverse("chambers:appointment_accept", args=[proposed.pk])
        assert client.post(url).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == AppointmentStatus.PROPOSED


def test_slots_form_proposes_and_refuses_past(client, taken, entrepreneur):
    client.force_login(entrepreneur)
    url = reverse("chambers:request_slots", args=[taken.pk])
    response = client.post(url, {"slot_1": "2020-01-01T10:00"})
    assert response.status_code == 400
    assert "Le rendez-vous doit être dans le futur." in response.content.decode()
    response = client.post(url, {"slot_1": "2030-03-05T15:00", "slot_2": "2030-03-06T09:00"})
    assert response.status_code == 302
    assert sorted(taken.appointments.values_list("starts_at", flat=True)) == [
        at(5, 15),
        at(6, 9),
    ]


def test_advisor_accepts_slot_in_back_office(client, taken, entrepreneur, advisor):
    [slot] = services.propose_slots(taken, actor=entrepreneur, slots=[at(5, 15)])
    client.force_login(advisor)
    change = reverse("admin:chambers_supportrequest_change", args=[taken.pk])
    assert "Créneaux proposés par l'entrepreneur" in client.get(change).content.decode()
    url = reverse("admin:chambers_supportrequest_act", args=[taken.pk, "slot"])
    response = client.post(url, {"slot-appointment": slot.pk, "slot-answer": "accept"})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.status == AppointmentStatus.ACCEPTED


def test_notifications_page_lists_chamber_events(
    client, proposed, entrepreneur, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_appointment(proposed, actor=entrepreneur)
    client.force_login(entrepreneur)
    page = client.get(reverse("notifications")).content.decode()
    assert "Rendez-vous confirmé" in page
    assert proposed.request.get_absolute_url() in page
    assert f"Demande n° {proposed.request.pk} · Marque" in page


@pytest.mark.parametrize("place", ["Agadir\x00", "Agadir\u202e", "x" * 301])
def test_slots_form_refuses_hostile_place(client, taken, entrepreneur, place):
    client.force_login(entrepreneur)
    url = reverse("chambers:request_slots", args=[taken.pk])
    response = client.post(url, {"slot_1": "2030-03-05T15:00", "place": place})
    assert response.status_code == 400
    assert taken.appointments.count() == 0
