"""The back office: an advisor sees and runs only their own chamber's sessions."""

import csv
import io
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from tests.factories.trainings import make_advisor, make_registration, make_session
from trainings.models import Feedback


def staff_client(client, user):
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


def past(**fields):
    return make_session(
        starts_in=timedelta(hours=-3), signup_deadline=timezone.now() - timedelta(days=1), **fields
    )


@pytest.fixture
def other_advisor(make_user):
    return make_advisor(make_user, email="adv@ccis-souss.ma", chamber_slug="ccis-souss-massa")


def test_advisor_sees_only_own_chamber_sessions(client, db, advisor, other_advisor):
    mine = make_session()
    staff_client(client, other_advisor)
    response = client.get("/fr/admin/trainings/trainingsession/")
    assert list(response.context["cl"].result_list) == []
    # Another chamber's session: the same 404 as a missing one (carres.admin_site).
    assert client.get(f"/fr/admin/trainings/trainingsession/{mine.pk}/change/").status_code == 404
    client.logout()
    staff_client(client, advisor)
    response = client.get("/fr/admin/trainings/trainingsession/")
    assert list(response.context["cl"].result_list) == [mine]


def test_examiner_has_no_trainings_back_office(client, make_user, db):
    examiner = make_user("exam@ompic.ma", role="examiner", office="ompic")
    staff_client(client, examiner)
    assert client.get("/fr/admin/trainings/trainingsession/").status_code == 403
    assert client.get("/fr/admin/trainings/registration/").status_code == 403


def test_mark_present_action_refuses_waitlisted(client, db, advisor, entrepreneur, outsider):
    session = past(capacity=1)
    seat = make_registration(session, entrepreneur)
    waiting = make_registration(session, outsider, status="waitlisted")
    staff_client(client, advisor)
    response = client.post(
        "/en/admin/trainings/registration/",
        {"action": "mark_present", "_selected_action": [seat.pk, waiting.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Omar Outsider is not signed up for this session: attendance refused.",
        "1 attendance record(s) updated.",
    ]
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, waiting.status) == ("attended", "waitlisted")


def test_attendance_by_email_for_stranger_is_refused(client, db, advisor):
    session = past()
    staff_client(client, advisor)
    response = client.post(
        f"/en/admin/trainings/trainingsession/{session.pk}/attendance/",
        {"email": "stranger@example.ma"},
    )
    assert response.context["form"].errors == {
        "email": ["stranger@example.ma is not signed up for this session: attendance refused."]
    }


def test_attendance_page_of_other_chamber_is_404(client, db, other_advisor):
    session = past()
    staff_client(client, other_advisor)
    assert (
        client.get(f"/fr/admin/trainings/trainingsession/{session.pk}/attendance/").status_code
        == 404
    )


def test_capacity_below_confirmed_refused_in_admin(client, db, advisor, entrepreneur, outsider):
    session = make_session(capacity=2)
    make_registration(session, entrepreneur)
    make_registration(session, outsider)
    staff_client(client, advisor)
    url = f"/en/admin/trainings/trainingsession/{session.pk}/change/"
    response = client.get(url)
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if value is not None
    }
    local = timezone.localtime
    data.update(
        {
            "starts_at_0": local(session.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": local(session.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": local(session.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": local(session.ends_at).strftime("%H:%M:%S"),
            "signup_deadline_0": local(session.signup_deadline).strftime("%Y-%m-%d"),
            "signup_deadline_1": local(session.signup_deadline).strftime("%H:%M:%S"),
            "capacity": "1",
            "registrations-TOTAL_FORMS": "2",
            "registrations-INITIAL_FORMS": "2",
        }
    )
    for key in ("starts_at", "ends_at", "signup_deadline", "caravan", "online_url"):
        data.pop(key, None)
    response = client.post(url, data)
    assert response.context["adminform"].form.errors == {
        "capacity": ["Cannot go below the 2 seats already confirmed: cancel sign-ups first."]
    }
    session.refresh_from_db()
    assert session.capacity == 2


def test_report_csv_per_region(client, db, advisor, entrepreneur, outsider, make_user):
    session = past()
    attended = make_registration(session, entrepreneur, status="attended")
    make_registration(session, outsider)
    make_registration(session, make_user("c@example.ma"), status="cancelled")
    Feedback.objects.create(registration=attended, rating=4)
    staff_client(client, advisor)
    response = client.get("/fr/admin/trainings/trainingsession/report/?by=region&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # Read by people in a spreadsheet: headers and numbers in the reader's language.
    assert rows == [
        [
            "Région",
            "Inscriptions",
            "Liste d'attente",
            "Places (sessions passées)",
            "Présents",
            "Taux de présence (%)",
            "Satisfaction moyenne",
        ],
        ["Casablanca-Settat", "2", "0", "2", "1", "50", "4,00"],
    ]
    assert session.region.name_ar not in ("", session.region.name_fr)
    response = client.get("/ar/admin/trainings/trainingsession/report/?by=region&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "الجهة",
            "التسجيلات",
            "لائحة الانتظار",
            "المقاعد (الدورات المنتهية)",
            "الحاضرون",
            "نسبة الحضور (%)",
            "متوسط الرضا",
        ],
        [session.region.name_ar, "2", "0", "2", "1", "50", "4,00"],
    ]


def test_report_page_shows_averages_per_training_and_venue(client, db, advisor, entrepreneur):
    attended = make_registration(past(), entrepreneur, status="attended")
    Feedback.objects.create(registration=attended, rating=5)
    staff_client(client, advisor)
    response = client.get("/en/admin/trainings/trainingsession/report/?by=theme")
    assert [(r["name"], r["average"], r["count"]) for r in response.context["by_training"]] == [
        ("Protecting your trademark", 5.0, 1)
    ]
    assert [r["label"] for r in response.context["rows"]] == ["Trademarks"]


def test_check_in_qr_link_marks_present(client, db, advisor, entrepreneur):
    from trainings import checkin

    registration = make_registration(past(), entrepreneur)
    staff_client(client, advisor)
    url = checkin.check_in_url(registration).removeprefix("http://127.0.0.1:8000")
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert (
        response["Location"]
        == f"/fr/admin/trainings/trainingsession/{registration.session_id}/attendance/"
    )
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_check_in_of_other_chamber_is_404(client, db, other_advisor, entrepreneur):
    from trainings import checkin

    registration = make_registration(past(), entrepreneur)
    staff_client(client, other_advisor)
    url = f"/fr/admin/trainings/registration/check-in/{checkin.token_for(registration)}/"
    assert client.post(url).status_code == 404
    assert client.get("/fr/admin/trainings/registration/check-in/forged/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_admin_change_of_time_tells_the_people_signed_up(
    client, db, advisor, entrepreneur, django_capture_on_commit_callbacks
):
    from carres.models import Notification

    session = make_session()
    registration = make_registration(session, entrepreneur)
    staff_client(client, advisor)
    url = f"/fr/admin/trainings/trainingsession/{session.pk}/change/"
    response = client.get(url)
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if value is not None
    }
    local = timezone.localtime
    later = session.starts_at + timedelta(hours=1)
    data.update(
        {
            "starts_at_0": local(later).strftime("%Y-%m-%d"),
            "starts_at_1": local(later).strftime("%H:%M:%S"),
            "ends_at_0": local(session.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": local(session.ends_at).strftime("%H:%M:%S"),
            "signup_deadline_0": local(session.signup_deadline).strftime("%Y-%m-%d"),
            "signup_deadline_1": local(session.signup_deadline).strftime("%H:%M:%S"),
            "registrations-TOTAL_FORMS": "1",
            "registrations-INITIAL_FORMS": "1",
            "registrations-0-id": str(registration.pk),
            "registrations-0-session": str(session.pk),
        }
    )
    for key in ("starts_at", "ends_at", "signup_deadline", "caravan", "online_url"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(
        Notification.objects.filter(recipient=entrepreneur).values_list("verb", flat=True)
    ) == ["training_changed"]
