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
