from datetime import time, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from chambers.models import City, Region
from tests.factories.trainings import make_caravan, make_registration, make_session, make_training
from trainings.models import Registration


def past(**fields):
    return make_session(
        starts_in=timedelta(days=-2), signup_deadline=timezone.now() - timedelta(days=3), **fields
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_catalogue_queries_constant(client, db, django_assert_num_queries, rows):
    training = make_training()
    for _ in range(rows):
        make_session(training)
    # The first page reads the tables the cards name (training, venue, city, region; no
    # caravan here) once: regions, cities, count, page and those four.
    with django_assert_num_queries(8):
        response = client.get("/fr/trainings/")
    assert len(response.context["page"].object_list) == rows
    # Then they are known: regions, cities, count, page, whatever the number of rows.
    with django_assert_num_queries(4):
        response = client.get("/fr/trainings/?theme=trademarks")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


def test_catalogue_filters_by_region_and_dates(client, db):
    casa = make_session()
    agadir_city = City.objects.get(name_fr="Agadir")
    agadir = make_session(
        venue=None, city=agadir_city, region=agadir_city.region, starts_in=timedelta(days=40)
    )
    response = client.get(f"/en/trainings/?region={agadir_city.region.pk}")
    assert [s.pk for s in response.context["page"].object_list] == [agadir.pk]
    date_to = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.get(f"/en/trainings/?date_to={date_to}")
    assert [s.pk for s in response.context["page"].object_list] == [casa.pk]


def test_catalogue_hides_past_and_cancelled(client, db):
    upcoming = make_session()
    past()
    make_session(status="cancelled")
    response = client.get("/fr/trainings/")
    assert [s.pk for s in response.context["page"].object_list] == [upcoming.pk]


def test_catalogue_offers_only_towns_with_sessions_to_come(client, db):
    casa = make_session()
    agadir = City.objects.get(name_fr="Agadir")
    past(venue=None, city=agadir, region=agadir.region)
    response = client.get("/fr/trainings/")
    assert list(response.context["form"].fields["city"].queryset) == [casa.city]


def test_catalogue_cards_count_seats_held(client, db, entrepreneur, outsider):
    session = make_session(capacity=2)
    make_registration(session, entrepreneur)
    make_registration(session, outsider, status="cancelled")
    response = client.get("/en/trainings/")
    assert response.context["page"].object_list[0].seats_left == 1
    assert "1 seat left" in response.content.decode()


def test_catalogue_bad_dates_show_error_on_field(client, db):
    response = client.get("/en/trainings/?date_from=2026-12-10&date_to=2026-12-01")
    assert response.context["form"].errors == {
        "date_to": ["The end date must come after the start date."]
    }
    assert 'value="2026-12-10"' in response.content.decode()


def test_session_page_shows_seats_left(client, db, entrepreneur):
    session = make_session(capacity=5)
    make_registration(session, entrepreneur)
    response = client.get(f"/en/trainings/sessions/{session.pk}/")
    assert response.context["session"].seats_left == 4
    assert '<dd class="seats-left">4 / 5</dd>' in response.content.decode()


def test_session_page_missing_is_404(client, db):
    assert client.get("/fr/trainings/sessions/999999/").status_code == 404


def test_session_ics_download(client, db):
    session = make_session()
    response = client.get(f"/fr/trainings/sessions/{session.pk}/calendar.ics")
    text = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"UID:training-session-{session.pk}@" in text
    assert "SUMMARY:Protéger sa marque\r\n" in text
    assert "\r\nSEQUENCE:0\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_region_feed_lists_only_that_region(client, db):
    casa = make_session()
    agadir_city = City.objects.get(name_fr="Agadir")
    make_session(venue=None, city=agadir_city, region=agadir_city.region)
    response = client.get(f"/fr/trainings/regions/{casa.region.pk}/calendar.ics")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:training-session-{casa.pk}@" in text


def test_caravan_itinerary_in_date_order(client, db):
    caravan = make_caravan()
    agadir_city = City.objects.get(name_fr="Agadir")
    later = make_session(caravan=caravan, starts_in=timedelta(days=30))
    sooner = make_session(caravan=caravan, venue=None, city=agadir_city, region=agadir_city.region)
    response = client.get(f"/en/trainings/caravans/{caravan.pk}/")
    assert [s.pk for s in response.context["stops"]] == [sooner.pk, later.pk]
    assert "IP caravan 2026" in response.content.decode()


def test_sign_up_needs_login(client, db):
    session = make_session()
    response = client.post(f"/fr/trainings/sessions/{session.pk}/sign-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
    assert Registration.objects.count() == 0


def test_sign_up_twice_shows_message(client, db, entrepreneur):
    session = make_session()
    client.force_login(entrepreneur)
    client.post(f"/en/trainings/sessions/{session.pk}/sign-up/")
    response = client.post(f"/en/trainings/sessions/{session.pk}/sign-up/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Your seat is booked. A confirmation e-mail is on its way.",
        "You are already signed up for this session.",
    ]
    assert Registration.objects.filter(session=session).count() == 1


def test_cancel_someone_elses_registration_is_404(client, db, entrepreneur, outsider):
    registration = make_registration(make_session(), entrepreneur)
    client.force_login(outsider)
    response = client.post(f"/fr/trainings/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_my_trainings_queries_constant(client, db, entrepreneur, django_assert_num_queries):
    for rows in (1, 3):
        Registration.objects.all().delete()
        for _ in range(rows):
            make_registration(make_session(), entrepreneur)
        client.force_login(entrepreneur)
        # session, user, unread notifications (header), registrations
        with django_assert_num_queries(4):
            response = client.get("/fr/trainings/mine/")
        assert len(response.context["registrations"]) == rows


def test_certificate_pdf_in_arabic(client, db, make_user):
    rachid = make_user(
        "rachid@example.ma", first_name="Rachid", last_name="El Amrani", preferred_language="ar"
    )
    registration = make_registration(past(), rachid, status="attended", attended_at=timezone.now())
    client.force_login(rachid)
    response = client.get(f"/ar/trainings/registrations/{registration.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Rachid El Amrani" in text
    assert registration.certificate_code in text


def test_certificate_of_someone_else_is_404(client, db, entrepreneur, outsider):
    registration = make_registration(past(), entrepreneur, status="attended")
    client.force_login(outsider)
    assert (
        client.get(f"/fr/trainings/registrations/{registration.pk}/certificate.pdf").status_code
        == 404
    )


def test_certificate_without_attendance_is_404(client, db, entrepreneur):
    registration = make_registration(past(), entrepreneur, status="confirmed")
    client.force_login(entrepreneur)
    assert (
        client.get(f"/fr/trainings/registrations/{registration.pk}/certificate.pdf").status_code
        == 404
    )


def test_certificate_verification_shows_training_date_validity_only(client, db, entrepreneur):
    registration = make_registration(past(), entrepreneur, status="attended")
    response = client.get(f"/en/trainings/certificates/{registration.certificate_code}/")
    body = response.content.decode()
    assert "Protecting your trademark" in body
    assert "Valid certificate" in body
    assert "Salma" not in body and "salma@example.ma" not in body
    assert "S. B***" in body


def test_certificate_found_from_the_verification_form_with_its_code_alone(client, db, entrepreneur):
    registration = make_registration(past(), entrepreneur, status="attended")
    response = client.get("/fr/verify/", {"reference": "", "code": registration.certificate_code})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Attestation valide" in body
    assert "S. B***" in body and "Bennani" not in body


def test_certificate_verification_unknown_code_is_404(client, db):
    assert client.get("/fr/trainings/certificates/nope/").status_code == 404


def test_feedback_form_keeps_values_on_error(client, db, entrepreneur):
    registration = make_registration(past(), entrepreneur, status="attended")
    client.force_login(entrepreneur)
    url = f"/en/trainings/registrations/{registration.pk}/feedback/"
    response = client.post(url, {"comment": "Trop court"})
    assert response.context["form"].errors == {"rating": ["This field is required."]}
    assert "Trop court" in response.content.decode()
    response = client.post(url, {"rating": "5", "comment": "Parfait"})
    assert response.status_code == 302
    assert registration.feedback.rating == 5


def test_feedback_of_someone_else_is_404(client, db, entrepreneur, outsider):
    registration = make_registration(past(), entrepreneur, status="attended")
    client.force_login(outsider)
    assert client.get(f"/fr/trainings/registrations/{registration.pk}/feedback/").status_code == 404


def test_nav_has_trainings_link(client, db):
    body = client.get("/fr/").content.decode()
    assert f'href="{reverse("trainings:catalogue")}"' in body


def test_regions_are_translated_in_filter(client, db):
    region = Region.objects.get(code="09")
    body = client.get("/ar/trainings/").content.decode()
    assert f'<option value="{region.pk}">{region.name_ar}</option>' in body


def test_session_page_links_to_its_caravan(client, db):
    caravan = make_caravan()
    session = make_session(caravan=caravan)
    body = client.get(f"/en/trainings/sessions/{session.pk}/").content.decode()
    assert (
        f'One stop of the <a href="/en/trainings/caravans/{caravan.pk}/">IP caravan 2026</a>'
        in body
    )


def test_session_page_gives_the_sessions_own_duration(client, db):
    starts_at = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate() + timedelta(days=10), time(9, 30))
    )
    session = make_session(
        make_training(duration_hours=4), starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    body = client.get(f"/fr/trainings/sessions/{session.pk}/").content.decode()
    assert "3 heures" in body
    assert "4 heures" not in body


def test_a_session_over_several_days_lasts_the_trainings_length(db):
    session = make_session(make_training(duration_hours=14))
    session.ends_at = session.starts_at + timedelta(days=1, hours=8)
    assert session.duration_hours == 14
