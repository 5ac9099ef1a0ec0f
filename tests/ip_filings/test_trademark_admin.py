import io

import pytest
from pypdf import PdfReader

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus
from carres.pdf import store_dossier_pdf
from carres.workflow import transition
from ip_filings.models import RegisteredMark
from ip_filings.services.trademark import attach_prior_search, set_logo
from tests.factories.ip_filings import make_filing, make_mark, png_bytes

pytestmark = pytest.mark.django_db
CHANGELIST = "/fr/admin/ip_filings/trademarkfiling/"


@pytest.fixture
def examiner(make_user):
    return make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def submitted(entrepreneur):
    make_mark("Atlass", classes=[25], number="MA-1")
    filing = make_filing(entrepreneur, mark_text="Atlas")
    attach_prior_search(filing, actor=entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    return filing


def test_examiner_sees_the_prior_search_report(staff_client, examiner, submitted):
    client = staff_client(examiner)
    page = client.get(f"{CHANGELIST}{submitted.pk}/change/").content.decode()
    assert '<table class="tm-prior-report">' in page
    assert "La marque « Atlass » se prononce comme la vôtre" in page


def test_inpi_examiner_gets_404_on_an_ompic_filing(staff_client, make_user, submitted):
    inpi = make_user("examiner@inpi.fr", role=Role.EXAMINER, office=Office.INPI)
    client = staff_client(inpi)
    assert client.get(f"{CHANGELIST}{submitted.pk}/change/").status_code == 404


def test_accept_action_enters_the_mark_in_the_register(staff_client, examiner, submitted):
    client = staff_client(examiner)
    client.post(CHANGELIST, {"action": "take_dossiers", "_selected_action": [submitted.pk]})
    client.post(CHANGELIST, {"action": "accept_dossiers", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.ACCEPTED
    assert submitted.registered_mark == RegisteredMark.objects.get(number=submitted.reference)


def test_pdf_shows_logo_classes_and_attachments(entrepreneur, submitted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    filing = make_filing(entrepreneur, mark_type="combined", mark_text="Cèdre", classes=(25, 30))
    set_logo(filing, actor=entrepreneur, upload=SimpleUploadedFile("l.png", png_bytes()))
    filing.refresh_from_db()
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)

    document = store_dossier_pdf(filing)

    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    images = [image for page in reader.pages for image in page.images]
    assert "25 : Vêtements" in text
    assert "30 : Vêtements" in text
    assert "Aucune pièce jointe." in text
    assert len(images) >= 2  # the QR code and the logo
