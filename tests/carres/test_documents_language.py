"""Documents in the reader's language: the owner's by default, `?lang=` another for the owner and
the staff who may see the document (issue 19, item 6)."""

from datetime import timedelta
from io import BytesIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.enums import Office, Role
from carres.enums import DossierAction
from carres.pdf import store_dossier_pdf
from carres.workflow import transition
from tests.factories import chambers as chamber_factories
from tests.factories.patents import make_patent_filing
from tests.factories.trainings import make_registration, make_session

pytestmark = pytest.mark.django_db


def pdf_text(response):
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    assert content[:5] == b"%PDF-"
    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def label(language, text):
    with translation.override(language):
        return gettext(text)


def staff(make_user, email, **fields):
    user = make_user(email, **fields)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def document(entrepreneur):
    """A French-speaking owner's submitted patent and its stored PDF (in French)."""
    entrepreneur.preferred_language = "fr"
    entrepreneur.save()
    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    filing.refresh_from_db()
    return store_dossier_pdf(filing)


@pytest.fixture
def examiner(make_user):
    return staff(make_user, "a@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


def test_dossier_pdf_stays_in_owners_language_by_default(client, document, examiner):
    client.force_login(examiner)

    text = pdf_text(client.get(f"/ar/dossiers/documents/{document.pk}/"))

    assert document.language == "fr"
    assert label("fr", "Référence") in text


def test_examiner_downloads_the_arabic_version(client, document, examiner):
    client.force_login(examiner)

    response = client.get(f"/ar/dossiers/documents/{document.pk}/", {"lang": "ar"})

    text = pdf_text(response)
    assert response["Content-Disposition"].endswith('-ar.pdf"')
    assert label("ar", "Référence") in text
    assert label("fr", "Référence") not in text
    assert document.dossier.reference in text


def test_owner_may_ask_another_language_too(client, document, entrepreneur):
    client.force_login(entrepreneur)

    text = pdf_text(client.get(f"/fr/dossiers/documents/{document.pk}/", {"lang": "en"}))

    assert label("en", "Référence") in text


@pytest.mark.parametrize("who", ["other_office", "intruder", "advisor"])
def test_other_language_refused_to_who_may_not_see_the_dossier(client, document, make_user, who):
    user = {
        "other_office": lambda: staff(
            make_user, "c@inpi.fr", role=Role.EXAMINER, office=Office.INPI
        ),
        "intruder": lambda: make_user("intrus@example.ma"),
        "advisor": lambda: chamber_factories.make_advisor(
            "conseil@ccis.ma", chamber_factories.chamber()
        ),
    }[who]()
    client.force_login(user)

    response = client.get(f"/ar/dossiers/documents/{document.pk}/", {"lang": "ar"})

    assert response.status_code == 404


def test_unknown_language_is_404(client, document, examiner):
    client.force_login(examiner)

    response = client.get(f"/fr/dossiers/documents/{document.pk}/", {"lang": "de"})

    assert response.status_code == 404


def test_workspace_offers_the_version_in_the_page_language(client, document, examiner):
    client.force_login(examiner)
    url = f"/{{}}/backoffice/PT/{document.object_id}/"

    arabic = client.get(url.format("ar")).content.decode()
    french = client.get(url.format("fr")).content.decode()

    assert f"/ar/dossiers/documents/{document.pk}/?lang=ar" in arabic
    assert "data-other-language" not in french


# --- attendance certificates ---------------------------------------------------------------
@pytest.fixture
def registration(make_user):
    holder = make_user("salma@example.ma", first_name="Salma", preferred_language="fr")
    session = make_session(
        starts_in=timedelta(days=-2), signup_deadline=timezone.now() - timedelta(days=3)
    )
    return make_registration(session, holder, status="attended", attended_at=timezone.now())


def test_certificate_in_holders_language_then_arabic_for_the_sessions_advisor(client, registration):
    advisor = chamber_factories.make_advisor("conseil@ccis-casa.ma", registration.session.chamber)
    TOTP.activate(advisor, generate_totp_secret())
    client.force_login(advisor)
    url = f"/ar/trainings/registrations/{registration.pk}/certificate.pdf"

    default = pdf_text(client.get(url))
    arabic = pdf_text(client.get(url, {"lang": "ar"}))

    assert label("fr", "Attestation de participation") in default
    assert label("ar", "Attestation de participation") in arabic
    assert label("fr", "Attestation de participation") not in arabic


def test_certificate_refused_to_another_chambers_advisor_and_strangers(
    client, registration, make_user
):
    other = chamber_factories.make_advisor(
        "conseil@ccis-souss.ma", chamber_factories.chamber("ccis-souss-massa")
    )
    url = f"/fr/trainings/registrations/{registration.pk}/certificate.pdf"
    for user in (other, make_user("intrus@example.ma")):
        client.force_login(user)
        assert client.get(url, {"lang": "ar"}).status_code == 404


def test_holder_downloads_the_arabic_certificate(client, registration):
    client.force_login(registration.user)

    text = pdf_text(
        client.get(f"/fr/trainings/registrations/{registration.pk}/certificate.pdf", {"lang": "ar"})
    )

    assert label("ar", "Attestation de participation") in text
