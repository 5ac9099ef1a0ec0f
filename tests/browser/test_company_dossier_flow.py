"""An entrepreneur takes a company dossier from draft to accepted and checks the PDF, in Chromium."""

import io

import pytest
import zxingcpp
from pypdf import PdfReader

from carres.enums import DossierAction, DossierStatus
from carres.models import GeneratedDocument
from carres.workflow import transition
from companies.models import CompanyDossier
from tests.conftest import BASE_DIR, wait_until
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


def log_in(page, email):
    page.goto("/fr/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard/")


def pdf_ready(dossier, state):
    return GeneratedDocument.objects.filter(object_id=dossier.pk, state=state).first()


def test_company_dossier_from_draft_to_accepted(
    page, celery_worker_process, entrepreneur, make_user
):
    from accounts.enums import Office, Role

    examiner = make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email)

    # Draft, with a missing field: saved, then refused at submission with the error on its field.
    page.get_by_role("link", name="Créer un dossier de création d'entreprise").click()
    page.get_by_label("Forme juridique").select_option("sarl")
    page.get_by_label("Dénomination proposée n° 1").fill("Atlas Innov")
    page.get_by_label("Activité").fill("Conception de logiciels")
    page.get_by_label("Capital social (MAD)").fill("100000")
    page.get_by_label("Ville du siège").fill("Casablanca")
    page.get_by_role("button", name="Enregistrer et soumettre").click()
    assert page.locator("#id_head_office_address_error").inner_text() == (
        "Ce champ est obligatoire pour soumettre le dossier."
    )
    assert page.get_by_label("Activité").input_value() == "Conception de logiciels"
    page.get_by_label("Adresse du siège").fill("12 boulevard Zerktouni")
    page.get_by_role("button", name="Enregistrer et soumettre").click()
    page.wait_for_selector("[data-status=submitted]")
    dossier = CompanyDossier.objects.get()
    assert dossier.reference.startswith("CO-")
    assert page.get_by_text(f"Dossier soumis sous la référence {dossier.reference}.").is_visible()

    # The examiner takes it and asks for changes; the entrepreneur reads the reason.
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(
        dossier, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Précisez l'activité."
    )
    page.reload()
    assert page.locator("[data-status]").inner_text() == "Modifications demandées"
    assert page.get_by_text("Précisez l'activité.").is_visible()
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Activité").fill("Conception et édition de logiciels de gestion")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("button", name="Soumettre à nouveau").click()
    page.wait_for_selector("[data-status=submitted]")
    dossier.refresh_from_db()
    reference = dossier.reference
    assert dossier.status == DossierStatus.SUBMITTED

    # The examiner accepts; the worker renders the PDF of the accepted dossier.
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.ACCEPT, actor=examiner)
    wait_until(lambda: pdf_ready(dossier, DossierStatus.ACCEPTED), timeout=60)
    page.reload()
    assert page.locator("[data-status]").inner_text() == "Accepté"
    page.screenshot(path=str(SHOTS / "company-dossier-fr.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le dossier PDF").click()
    reader = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert reference in text
    assert "Accepté" in text
    assert "Conception et édition de logiciels de gestion" in text
    codes = [
        barcode.text
        for p in reader.pages
        for image in p.images
        for barcode in zxingcpp.read_barcodes(image.image)
    ]
    dossier.refresh_from_db()
    assert codes == [dossier.verification_url()]

    # The QR target: the public page, without personal data.
    page.goto(dossier.verification_path())
    assert page.get_by_text(reference).is_visible()
    assert "Atlas" not in page.content()

    page.goto(f"/ar/companies/{dossier.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("[data-status]").inner_text() == "مقبول"
    page.screenshot(path=str(SHOTS / "company-dossier-ar.png"), full_page=True)
