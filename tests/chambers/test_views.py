import html

import pytest
from django.urls import reverse

from chambers import services
from chambers.enums import Outcome
from chambers.models import Chamber, Feedback, SupportRequest
from tests.factories import chambers as f
from tests.factories.ip_filings import make_filing

NEW_URL = "/fr/chambers/requests/new/"


def detail_url(request):
    return f"/fr/chambers/requests/{request.pk}/"


def test_request_create_page_requires_login(client):
    response = client.get(NEW_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_request_create_without_topic_and_region_shows_errors_and_keeps_values(
    client, entrepreneur
):
    client.force_login(entrepreneur)
    response = client.post(
        NEW_URL,
        {"topic": "", "region": "", "language": "ar", "message": "Je veux déposer ma marque."},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "topic": ["Choisissez le sujet de votre demande."],
        "region": ["Choisissez votre région."],
    }
    assert "Je veux déposer ma marque." in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_request_create_errors_translated_in_arabic(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post("/ar/chambers/requests/new/", {"message": "x" * 20, "language": "ar"})
    assert response.context["form"].errors["region"] == ["اختر جهتك."]


def test_request_create_with_chamber_outside_region_error_on_field(client, entrepreneur, casa):
    client.force_login(entrepreneur)
    data = {
        "topic": "trademark",
        "region": f.region("09").pk,
        "language": "fr",
        "message": "Je veux déposer ma marque.",
        "chamber": casa.pk,
    }
    response = client.post(NEW_URL, data)
    assert response.context["form"].errors == {
        "chamber": ["Cette chambre ne sert pas la région choisie."]
    }
    assert SupportRequest.objects.count() == 0


def test_request_create_routes_and_redirects(client, entrepreneur, souss):
    make_filing(entrepreneur, reference="TM-2026-000123")
    client.force_login(entrepreneur)
    data = {
        "topic": "trademark",
        "region": f.region("09").pk,
        "language": "ar",
        "message": "Je veux déposer ma marque.",
        "dossier_reference": " TM-2026-000123 ",
    }
    response = client.post(NEW_URL, data)
    request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(request)
    assert (request.chamber, request.language, request.dossier_reference) == (
        souss,
        "ar",
        "TM-2026-000123",
    )


@pytest.mark.parametrize("reference", ["PT-2099-999999", "TM-2026-000777"])
def test_request_may_cite_only_the_askers_own_dossier(
    client, entrepreneur, outsider, souss, reference
):
    make_filing(outsider, reference="TM-2026-000777")
    make_filing(entrepreneur, reference="TM-2026-000123")
    client.force_login(entrepreneur)
    data = {
        "topic": "trademark",
        "region": f.region("09").pk,
        "language": "fr",
        "message": "Je veux déposer ma marque.",
        "dossier_reference": reference,
    }
    response = client.post(NEW_URL, data)
    form = response.context["form"]
    assert form.errors == {
        "dossier_reference": [
            f"Aucun de vos dossiers ne porte la référence « {reference} ». "
            "Choisissez l'un de vos dossiers dans la liste, ou aucun."
        ]
    }
    assert form["message"].value() == "Je veux déposer ma marque."
    assert SupportRequest.objects.count() == 0


def test_request_form_lists_the_askers_own_dossiers_only(client, entrepreneur, outsider, souss):
    make_filing(outsider, reference="TM-2026-000777")
    make_filing(entrepreneur, reference="TM-2026-000123")
    client.force_login(entrepreneur)
    choices = [
        value for value, _ in client.get(NEW_URL).context["form"]["dossier_reference"].field.choices
    ]
    assert choices == ["", "TM-2026-000123"]


def test_service_refuses_a_dossier_of_someone_else(db, entrepreneur, outsider, souss):
    from django.core.exceptions import ValidationError

    make_filing(outsider, reference="TM-2026-000777")
    with pytest.raises(ValidationError) as error:
        services.create_support_request(
            entrepreneur,
            topic="trademark",
            region=f.region("09"),
            language="fr",
            message="Je veux déposer ma marque.",
            dossier_reference="TM-2026-000777",
        )
    assert error.value.message_dict == {
        "dossier_reference": ["Une demande ne peut citer que l'un de vos dossiers."]
    }


def test_request_detail_outsider_gets_404(client, support_request, outsider):
    client.force_login(outsider)
    assert client.get(detail_url(support_request)).status_code == 404
    assert client.post(detail_url(support_request) + "message/", {"body": "x"}).status_code == 404
    assert client.post(detail_url(support_request) + "feedback/", {"rating": 5}).status_code == 404


def test_request_detail_advisor_gets_404_on_public_page(client, support_request, advisor):
    client.force_login(advisor)
    assert client.get(detail_url(support_request)).status_code == 404


def test_request_detail_hides_internal_notes(client, support_request, entrepreneur, advisor):
    services.take_request(support_request, actor=advisor)
    services.post_message(support_request, actor=advisor, body="Bonjour, je vous appelle demain.")
    services.add_internal_note(support_request, actor=advisor, body="NOTE-SECRETE")
    client.force_login(entrepreneur)
    content = client.get(detail_url(support_request)).content.decode()
    assert "Bonjour, je vous appelle demain." in content
    assert "NOTE-SECRETE" not in content


def test_request_message_by_entrepreneur(client, support_request, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(detail_url(support_request) + "message/", {"body": "Une précision."})
    assert response.status_code == 302
    assert list(support_request.messages.values_list("body", flat=True)) == ["Une précision."]


def test_request_message_empty_shows_error(client, support_request, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(detail_url(support_request) + "message/", {"body": ""})
    assert response.status_code == 400
    assert response.context["message_form"].errors == {"body": ["Écrivez votre message."]}


def test_request_feedback_second_rating_refused(client, support_request, entrepreneur, advisor):
    services.take_request(support_request, actor=advisor)
    services.close_request(support_request, actor=advisor, outcome=Outcome.RESOLVED)
    client.force_login(entrepreneur)
    url = detail_url(support_request) + "feedback/"
    assert client.post(url, {"rating": "4", "comment": "Merci"}).status_code == 302
    response = client.post(url, {"rating": "1", "comment": "Encore"})
    assert response.status_code == 400
    assert response.context["feedback_form"].non_field_errors() == [
        "Vous avez déjà donné votre avis sur cette demande."
    ]
    assert list(Feedback.objects.values_list("rating", flat=True)) == [4]


def test_request_feedback_before_close_refused(client, support_request, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(detail_url(support_request) + "feedback/", {"rating": "5"})
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_request_list_query_count(client, entrepreneur, django_assert_num_queries, rows):
    for _ in range(rows):
        f.make_request(entrepreneur)
    client.force_login(entrepreneur)
    # session, user, unread notifications (header), requests with their chamber and region
    with django_assert_num_queries(4):
        response = client.get("/fr/chambers/requests/")
    assert len(response.context["support_requests"]) == rows


def test_request_list_shows_only_own_requests(client, entrepreneur, outsider):
    f.make_request(outsider)
    client.force_login(entrepreneur)
    assert len(client.get("/fr/chambers/requests/").context["support_requests"]) == 0


def test_directory_lists_chambers_in_three_languages(client, db):
    fr, ar, en = (
        html.unescape(client.get(f"/{language}/chambers/").content.decode())
        for language in ("fr", "ar", "en")
    )
    assert "Chambre de Commerce, d'Industrie et de Services de la Région Souss-Massa" in fr
    assert "غرفة التجارة والصناعة والخدمات لجهة سوس-ماسة" in ar
    assert "Chamber of Commerce, Industry and Services of the Souss-Massa Region" in en


def test_directory_filters_by_region_and_topic(client, db):
    response = client.get(
        "/fr/chambers/", {"region": f.region("09").pk, "topic": "anti_counterfeiting"}
    )
    slugs = [chamber.slug for chamber in response.context["page"]]
    assert slugs == ["ccis-souss-massa", "cfcim-agadir"]


def test_directory_search_by_city(client, db):
    response = client.get("/fr/chambers/", {"q": "Errachidia"})
    assert [chamber.slug for chamber in response.context["page"]] == ["ccis-draa-tafilalet"]


@pytest.mark.parametrize("rows", [1, 3])
def test_directory_query_count(client, db, django_assert_num_queries, rows):
    keep = ["ccis-souss-massa", "ccis-casablanca-settat", "cfcim"][:rows]
    Chamber.objects.exclude(slug__in=keep).update(is_active=False)
    # the regions of the search form, count, chambers with region and city, regions served
    with django_assert_num_queries(4):
        response = client.get("/fr/chambers/")
    assert len(response.context["page"]) == rows


def test_header_links_to_directory(client, db):
    assert reverse("chambers:directory") in client.get("/fr/").content.decode()
