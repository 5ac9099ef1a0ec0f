"""The advisors' session back office: places picked from their chamber's lists, seat and
waiting-list columns, the printable sign-in sheet."""

import io
import json

import pytest
from pypdf import PdfReader

from chambers.models import City, Venue
from tests.factories.trainings import (
    casablanca_venue,
    make_advisor,
    make_registration,
    make_session,
)
from tests.trainings.test_admin import staff_client


@pytest.fixture
def other_advisor(make_user):
    return make_advisor(make_user, email="adv@ccis-souss.ma", chamber_slug="ccis-souss-massa")


def autocomplete(client, model, term=""):
    response = client.get(
        "/fr/admin/autocomplete/",
        {
            "app_label": "trainings",
            "model_name": "trainingsession",
            "field_name": model,
            "term": term,
        },
    )
    return response


def test_venue_and_city_autocomplete_is_scoped_to_the_advisors_chamber(
    client, db, advisor, other_advisor
):
    mine = casablanca_venue()
    souss = other_advisor.advisor.chamber
    theirs = Venue.objects.create(
        name_fr="Salle d'Agadir",
        kind="partner",
        region=souss.region,
        city=City.objects.filter(region=souss.region).first(),
        chamber=souss,
    )
    staff_client(client, advisor)
    response = autocomplete(client, "venue")
    assert response.status_code == 200
    ids = {int(row["id"]) for row in json.loads(response.content)["results"]}
    assert mine.pk in ids and theirs.pk not in ids
    cities = autocomplete(client, "city", "Casa")
    names = [row["text"] for row in json.loads(cities.content)["results"]]
    assert "Casablanca" in names
    agadir = autocomplete(client, "city", theirs.city.name_fr[:4])
    assert theirs.city.name_fr not in [r["text"] for r in json.loads(agadir.content)["results"]]


def test_venue_lookup_popup_opens_for_an_advisor_scoped(client, db, advisor, other_advisor):
    mine = casablanca_venue()
    souss = other_advisor.advisor.chamber
    theirs = Venue.objects.create(
        name_fr="Salle d'Agadir",
        kind="partner",
        region=souss.region,
        city=City.objects.filter(region=souss.region).first(),
        chamber=souss,
    )
    staff_client(client, advisor)
    response = client.get("/fr/admin/chambers/venue/?_popup=1&_to_field=id")
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert mine in listed and theirs not in listed
    assert all(v.chamber_id in (None, mine.chamber_id) for v in listed)
    # Another chamber's venue: nothing, like a missing one.
    assert client.get(f"/fr/admin/chambers/venue/{theirs.pk}/change/").status_code == 404
    # Reference data stays read-only and out of an advisor's sidebar.
    assert client.get(f"/fr/admin/chambers/venue/{mine.pk}/change/").status_code == 200
    assert client.post(f"/fr/admin/chambers/venue/{mine.pk}/change/", {}).status_code == 403
    assert client.get("/fr/admin/chambers/venue/add/").status_code == 403
    assert "chambers/venue" not in client.get("/fr/admin/").content.decode()


def test_session_form_refuses_a_venue_of_another_chamber(client, db, advisor, other_advisor):
    session = make_session()
    souss = other_advisor.advisor.chamber
    theirs = Venue.objects.create(
        name_fr="Salle d'Agadir",
        kind="partner",
        region=souss.region,
        city=City.objects.filter(region=souss.region).first(),
        chamber=souss,
    )
    staff_client(client, advisor)
    response = client.get(f"/fr/admin/trainings/trainingsession/{session.pk}/change/")
    form = response.context["adminform"].form
    assert theirs not in form.fields["venue"].queryset
    assert session.venue in form.fields["venue"].queryset
    assert 'data-ajax--url="/fr/admin/autocomplete/"' in response.content.decode()


def test_a_refused_admin_page_is_the_translated_403(client, db, advisor):
    staff_client(client, advisor)
    response = client.get("/ar/admin/chambers/venue/add/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html and "الوصول مرفوض" in html
    assert "403 Forbidden" not in html


def test_session_list_shows_seats_taken_and_waiting_list(
    client, db, advisor, entrepreneur, outsider, make_user
):
    session = make_session(capacity=1)
    make_registration(session, entrepreneur)
    make_registration(session, outsider, status="waitlisted")
    make_registration(session, make_user("third@example.ma"), status="waitlisted")
    staff_client(client, advisor)
    response = client.get("/fr/admin/trainings/trainingsession/")
    (row,) = response.context["cl"].result_list
    assert (row.seats_taken, row.waitlisted) == (1, 2)
    html = response.content.decode()
    assert '<td class="field-seats_taken_display">1 / 1</td>' in html
    assert '<td class="field-waitlist_display">2</td>' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Feuille d'émargement"), ("ar", "ورقة التوقيع")]
)
def test_sign_in_sheet_lists_attendees_in_the_advisors_language(
    client, db, advisor, entrepreneur, outsider, language, heading
):
    session = make_session()
    make_registration(session, entrepreneur)
    make_registration(session, outsider, status="waitlisted")
    staff_client(client, advisor)
    response = client.get(
        f"/{language}/admin/trainings/trainingsession/{session.pk}/sign-in-sheet/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert heading in text
    assert "Salma Bennani" in text
    assert "Omar Outsider" not in text  # waiting, no seat: not on the sheet


def test_sign_in_sheet_of_another_chamber_is_404(client, db, other_advisor):
    session = make_session()
    staff_client(client, other_advisor)
    url = f"/fr/admin/trainings/trainingsession/{session.pk}/sign-in-sheet/"
    assert client.get(url).status_code == 404
    assert (
        client.get("/fr/admin/trainings/trainingsession/999999/sign-in-sheet/").status_code == 404
    )
