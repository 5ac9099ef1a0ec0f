import pytest

from carres.enums import DossierAction
from carres.workflow import transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.ACCEPT, actor=examiner)
    return dossier


def test_verify_page_shows_status_without_personal_data(client, accepted):
    response = client.get(f"/fr/verify/{accepted.reference}/{accepted.verification_code}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert accepted.reference in content
    assert "Accepté" in content
    assert "Salma" not in content
    assert "salma@example.ma" not in content
    assert "Atlas" not in content


def test_verify_wrong_code_is_404(client, accepted):
    assert client.get(f"/fr/verify/{accepted.reference}/wrong-code/").status_code == 404


def test_verify_unknown_reference_is_404(client, accepted):
    response = client.get(f"/fr/verify/XX-2026-000001/{accepted.verification_code}/")
    assert response.status_code == 404


def test_verify_language_neutral_url_redirects_to_language(client, accepted):
    response = client.get(accepted.verification_path())
    assert response.status_code == 302
    assert response["Location"] == f"/fr/verify/{accepted.reference}/{accepted.verification_code}/"


def test_verify_guessing_is_rate_limited(client, accepted, settings):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 3
    statuses = [
        client.get(f"/fr/verify/{accepted.reference}/guess{i}/").status_code for i in range(4)
    ]
    assert statuses == [404, 404, 404, 429]


def test_verify_page_without_a_code_shows_the_form(client, db):
    response = client.get("/ar/verify/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="reference"' in body and 'name="code"' in body
    assert 'dir="rtl"' in body


def test_verify_form_finds_the_dossier_by_reference_and_code(client, accepted):
    response = client.get(
        "/fr/verify/", {"reference": accepted.reference.lower(), "code": accepted.verification_code}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Accepté" in body
    assert "Salma" not in body


def test_verify_not_found_explains_what_to_check_and_keeps_what_was_typed(client, accepted):
    response = client.get("/en/verify/", {"reference": accepted.reference, "code": "typo42"})
    body = response.content.decode()
    assert response.status_code == 404
    assert "No document matches" in body
    assert "the code, printed under the QR code" in body
    assert 'value="typo42"' in body
    assert f'value="{accepted.reference}"' in body


def test_verify_qr_address_lands_on_the_page_with_the_form_filled(client, accepted):
    response = client.get(f"/fr/verify/{accepted.reference}/{accepted.verification_code}/")
    assert f'value="{accepted.verification_code}"' in response.content.decode()
    assert response.context["form"].is_valid()


@pytest.mark.parametrize(
    ("first", "last", "masked"),
    [("Salma", "Bennani", "S. B***"), ("", "Bennani", "B***"), ("Salma", "", "S."), ("", "", "")],
)
def test_masked_name_keeps_initials_only(first, last, masked):
    from carres.verification import masked_name

    assert masked_name(first, last) == masked


def test_masked_name_of_an_arabic_name():
    from carres.verification import masked_name

    assert masked_name("سلمى", "بناني") == "س. ب***"
