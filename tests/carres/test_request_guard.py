"""Requests no page can serve: NUL characters (400), bodies over the limits (413), a CSRF
failure (403), a bad host (400). Each answer is our page, in the URL's language."""

import pytest
from django.test import Client
from django.utils import translation

from accounts.enums import Role

pytestmark = pytest.mark.django_db

BAD_REQUEST = {
    "fr": "Requête refusée",
    "ar": "طلب مرفوض",
}
TOO_LARGE = {
    "fr": "Le formulaire envoyé dépasse ce que le site accepte : 10,0 Mio de texte au plus",
    "ar": "يتجاوز النموذج المرسَل ما يقبله الموقع: 10,0 م.ب من النص على الأكثر",
}
CSRF = {
    "fr": "Ce formulaire n'a pas pu être vérifié",
    "ar": "تعذّر التحقق من هذا النموذج",
}
DIRECTION = {"fr": 'lang="fr" dir="ltr"', "ar": 'lang="ar" dir="rtl"'}


@pytest.fixture(autouse=True)
def _french_afterwards():
    """LocaleMiddleware leaves the last request's language active in the thread: an Arabic
    request here would turn the next test's gettext into Arabic."""
    yield
    translation.activate("fr")


def assert_page(response, status, texts, language):
    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == status
    assert DIRECTION[language] in html
    assert texts[language] in html.replace("&#x27;", "'")


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(
    "url",
    [
        "/{language}/trademarks/search/?mark=a%00b",
        "/{language}/trademarks/search/?a%00=b",
        "/{language}/trainings/%00/",
        "/{language}/chambers/?q=%00",
    ],
)
def test_nul_in_a_url_is_a_translated_400(client, language, url):
    assert_page(client.get(url.format(language=language)), 400, BAD_REQUEST, language)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_nul_in_a_form_is_a_translated_400_and_changes_nothing(client, entrepreneur, language):
    client.force_login(entrepreneur)
    response = client.post(
        f"/{language}/accounts/profile/",
        {"first_name": "Sal\x00ma", "last_name": "B", "phone": "", "preferred_language": "fr"},
    )
    assert_page(response, 400, BAD_REQUEST, language)
    entrepreneur.refresh_from_db()
    assert entrepreneur.first_name == "Salma"


def test_nul_in_a_form_field_name_is_a_400(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post("/fr/accounts/profile/", {"first\x00name": "x"})
    assert response.status_code == 400


def test_examiner_filtering_the_back_office_with_nul_gets_400(staff_client, examiner):
    client = staff_client(examiner)
    assert client.get("/fr/backoffice/?status=%01").status_code == 200
    for query in ("status=%00", "kind=%00", "assigned=%00", "office=%00", "format=%00"):
        assert_page(client.get(f"/fr/backoffice/?{query}"), 400, BAD_REQUEST, "fr")


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "q=%00",
        "created_at__gte=%00",
        "o=%00",
        "p=%00",
        "chamber__id__exact=%00",
    ],
)
def test_admin_filters_with_nul_get_400(staff_client, make_user, query):
    administrator = make_user("admin@carres.ma", role=Role.ADMINISTRATOR)
    response = staff_client(administrator).get(f"/fr/admin/chambers/supportrequest/?{query}")
    assert_page(response, 400, BAD_REQUEST, "fr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_form_over_the_body_limit_is_a_translated_413(entrepreneur, language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entrepreneur)
    token = client.get(f"/{language}/accounts/profile/").cookies["csrftoken"].value
    text = "x" * 10_485_761
    urlencoded = client.post(
        f"/{language}/accounts/profile/",
        f"csrfmiddlewaretoken={token}&first_name={text}",
        content_type="application/x-www-form-urlencoded",
    )
    multipart = client.post(
        f"/{language}/accounts/profile/", {"csrfmiddlewaretoken": token, "first_name": text}
    )
    for response in (urlencoded, multipart):
        assert_page(response, 413, TOO_LARGE, language)
    entrepreneur.refresh_from_db()
    assert entrepreneur.first_name == "Salma"


def test_a_form_of_too_many_fields_is_a_413(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post("/fr/accounts/profile/", {f"f{i}": "1" for i in range(1_001)})
    assert_page(response, 413, TOO_LARGE, "fr")
    assert "1000 champs au plus" in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_csrf_failure_is_our_translated_page(entrepreneur, language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entrepreneur)
    response = client.post(f"/{language}/accounts/profile/", {"first_name": "Salma"})
    assert_page(response, 403, CSRF, language)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_suspicious_request_gets_the_translated_400_page(client, language):
    response = client.get(f"/{language}/", headers={"host": "evil.example"})
    assert_page(response, 400, BAD_REQUEST, language)


def test_the_400_handler_answers_a_body_over_the_limits_with_the_413_page(rf):
    from django.core.exceptions import RequestDataTooBig

    from carres.errors import bad_request

    response = bad_request(rf.post("/ar/accounts/profile/"), RequestDataTooBig())
    assert_page(response, 413, TOO_LARGE, "ar")
