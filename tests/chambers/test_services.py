import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chambers import services
from chambers.enums import EventKind, Outcome, RequestStatus, Topic
from chambers.models import RoutingRule, SupportRequestEvent
from tests.factories import chambers as f


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_add_working_days_skips_weekend():
    friday = datetime.date(2026, 11, 27)
    assert services.add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert services.add_working_days(friday, 3) == datetime.date(2026, 12, 2)
    assert services.add_working_days(datetime.date(2026, 11, 28), 1) == datetime.date(2026, 11, 30)


def test_create_request_routes_to_region_ccis_by_default(entrepreneur, souss):
    request = f.make_request(entrepreneur, region_code="09")
    assert (request.chamber, request.status, request.chamber_chosen_by_entrepreneur) == (
        souss,
        RequestStatus.NEW,
        False,
    )
    assert request.first_answer_due == services.add_working_days(timezone.localdate(), 3)
    assert list(request.events.values_list("kind", "to_status")) == [("created", "new")]


def test_create_request_follows_routing_rule(entrepreneur):
    cfcim_agadir = f.chamber("cfcim-agadir")
    RoutingRule.objects.create(
        region=f.region("09"), topic=Topic.EXPORT_AFRICA, chamber=cfcim_agadir
    )
    request = f.make_request(entrepreneur, topic=Topic.EXPORT_AFRICA)
    assert request.chamber == cfcim_agadir
    assert f.make_request(entrepreneur, topic=Topic.TRADEMARK).chamber.slug == "ccis-souss-massa"


def test_create_request_with_chosen_chamber(entrepreneur):
    request = f.make_request(entrepreneur, chamber=f.chamber("cfcim-agadir"))
    assert (request.chamber.slug, request.chamber_chosen_by_entrepreneur) == ("cfcim-agadir", True)


def test_create_request_refuses_chamber_outside_region(entrepreneur, casa):
    with pytest.raises(ValidationError) as error:
        f.make_request(entrepreneur, region_code="09", chamber=casa)
    assert error.value.message_dict == {"chamber": ["Cette chambre ne sert pas la région choisie."]}


def test_lifecycle_take_appointment_close(support_request, advisor):
    services.take_request(support_request, actor=advisor)
    services.propose_appointment(
        support_request, actor=advisor, starts_at=in_days(2), place="Agadir"
    )
    services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)
    support_request.refresh_from_db()
    assert (support_request.status, support_request.outcome, support_request.assignee) == (
        RequestStatus.CLOSED,
        Outcome.RESOLVED,
        advisor,
    )
    assert support_request.first_answered_at is not None
    assert list(support_request.events.values_list("kind", "from_status", "to_status")) == [
        ("created", "", "new"),
        ("assigned", "new", "assigned"),
        ("started", "assigned", "in_progress"),
        ("appointment", "", "in_progress"),
        ("closed", "in_progress", "closed"),
    ]


def test_take_request_twice_refused(support_request, advisor, colleague):
    services.take_request(support_request, actor=advisor)
    with pytest.raises(PermissionDenied):
        services.take_request(support_request, actor=colleague)


def test_take_request_by_other_chamber_refused(support_request, other_advisor):
    with pytest.raises(PermissionDenied):
        services.take_request(support_request, actor=other_advisor)


def test_assign_request_by_manager_reassigns(support_request, advisor, colleague, manager):
    services.take_request(support_request, actor=advisor)
    services.assign_request(support_request, assignee=colleague, actor=manager)
    support_request.refresh_from_db()
    assert (support_request.assignee, support_request.status) == (colleague, RequestStatus.ASSIGNED)


def test_assign_request_by_plain_advisor_refused(support_request, advisor, colleague):
    with pytest.raises(PermissionDenied):
        services.assign_request(support_request, assignee=colleague, actor=advisor)


def test_assign_request_to_other_chamber_advisor_refused(support_request, manager, other_advisor):
    with pytest.raises(ValidationError) as error:
        services.assign_request(support_request, assignee=other_advisor, actor=manager)
    assert error.value.message_dict == {
        "assignee": ["Ce conseiller n'appartient pas à cette chambre."]
    }


def test_propose_appointment_in_past_refused(support_request, advisor):
    services.take_request(support_request, actor=advisor)
    with pytest.raises(ValidationError) as error:
        services.propose_appointment(
            support_request, actor=advisor, starts_at=in_days(-1), place="Agadir"
        )
    assert error.value.message_dict == {"starts_at": ["Le rendez-vous doit être dans le futur."]}
    assert support_request.appointments.count() == 0


def test_propose_appointment_by_non_assignee_refused(support_request, advisor, colleague):
    services.take_request(support_request, actor=advisor)
    with pytest.raises(PermissionDenied):
        services.propose_appointment(
            support_request, actor=colleague, starts_at=in_days(1), place="Agadir"
        )


def test_internal_note_adds_no_timeline_event(support_request, advisor):
    services.add_internal_note(support_request, actor=advisor, body="Client déjà connu.")
    assert list(support_request.events.values_list("kind", flat=True)) == ["created"]


def test_close_closed_request_refused(support_request, advisor):
    services.take_request(support_request, actor=advisor)
    services.close_request(support_request, actor=advisor, outcome=Outcome.NO_ANSWER)
    with pytest.raises(PermissionDenied):
        services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)


def test_rate_request_only_once(support_request, advisor, entrepreneur):
    services.take_request(support_request, actor=advisor)
    services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)
    services.rate_request(support_request, actor=entrepreneur, rating=4, comment="Bien")
    with pytest.raises(ValidationError) as error:
        services.rate_request(support_request, actor=entrepreneur, rating=1)
    assert error.value.messages == ["Vous avez déjà donné votre avis sur cette demande."]
    assert support_request.feedback.rating == 4


def test_rate_open_request_refused(support_request, entrepreneur):
    with pytest.raises(ValidationError):
        services.rate_request(support_request, actor=entrepreneur, rating=5)


def test_events_notify_entrepreneur_in_preferred_language(
    make_user, advisor, eager_celery, django_capture_on_commit_callbacks
):
    rachid = make_user("rachid@example.ma", first_name="Rachid", preferred_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        request = f.make_request(rachid, language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        services.take_request(request, actor=advisor)
    assert [m.to for m in mail.outbox] == [["rachid@example.ma"], ["rachid@example.ma"]]
    assert (
        mail.outbox[0].subject
        == f"[مربعات المبتكرين] طلب المواكبة رقم {request.pk} : تم إرسال الطلب"
    )
    assert "/ar/chambers/requests/" in mail.outbox[0].body
    assert SupportRequestEvent.objects.filter(notified_at__isnull=True).count() == 0


def test_notification_task_runs_once_per_event(support_request):
    from chambers.tasks import send_request_notification

    event = support_request.events.get(kind=EventKind.CREATED)
    send_request_notification(event.pk)
    send_request_notification(event.pk)
    assert len(mail.outbox) == 1


def test_entrepreneur_message_does_not_notify_entrepreneur(
    support_request, entrepreneur, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(support_request, actor=entrepreneur, body="Une précision.")
    assert mail.outbox == []


def test_appointment_notification_gives_date_and_place(support_request, advisor):
    from chambers.tasks import send_request_notification

    services.take_request(support_request, actor=advisor)
    starts_at = timezone.make_aware(datetime.datetime(2030, 3, 4, 10, 30))
    services.propose_appointment(
        support_request, actor=advisor, starts_at=starts_at, place="Agadir"
    )
    event = support_request.events.get(kind=EventKind.APPOINTMENT)
    send_request_notification(event.pk)
    assert "Le 4 mars 2030 10:30, Agadir" in mail.outbox[0].body
