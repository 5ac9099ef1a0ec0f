"""Diagnostic → prefilled patent dossier → routed to INPI → changes requested → resubmitted, in Chromium."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.enums import Office, Role
from carres.enums import DossierStatus
from carres.models import Attachment, RoutingRule
from ip_filings.models import PatentFiling
from ip_filings.seed.patent import seed_patents
from tests.conftest import BASE_DIR, wait_until
from tests.factories.accounts import PASSWORD
from tests.factories.files import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"
PNG = png_bytes((40, 30))


def wait_released(page, name):
    """The worker scans the drawing out of quarantine; then the page links to it."""
    wait_until(
        lambda: Attachment.objects.filter(original_name=name, scan_status="clean").exists(),
        timeout=60,
    )
    page.reload()
    expect(page.get_by_role("link", name=name)).to_be_visible()


def log_in(page, email):
    page.goto("/fr/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard/")


def staff_page(browser, live_server, user):
    """A browser context signed in as `user` (TOTP set up), without typing a code."""
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_diagnostic_to_inpi_review_and_back(
    page, browser, live_server, celery_worker_process, entrepreneur, make_user
):
    seed_patents(io.StringIO())
    RoutingRule.objects.create(
        order=1, dossier_kind="PT", applicant_profile="startup", office="inpi"
    )
    inpi = make_user("examiner@inpi.fr", role=Role.EXAMINER, office=Office.INPI)
    ompic = make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email)

    # The diagnostic recommends a patent first and starts the dossier prefilled.
    page.goto("/fr/diagnostic/")
    page.get_by_label("Votre création en une phrase").fill(
        "Capteur d'humidité pour goutte-à-goutte"
    )
    page.get_by_label("Son domaine").fill("Irrigation agricole")
    page.get_by_label("Une start-up").check()
    page.get_by_label("Une solution technique nouvelle (procédé, machine, produit)").check()
    page.get_by_label("En Afrique de l'Ouest et centrale (pays de l'OAPI)").check()
    page.get_by_role("button", name="Voir mon plan d'action").click()
    plan = page.locator("#plan [data-recommendation]")
    expect(plan).to_have_count(2)  # waits for the answer (count() alone does not wait)
    assert [plan.nth(i).get_attribute("data-recommendation") for i in range(plan.count())] == [
        "patent-first",
        "oapi",
    ]
    page.screenshot(path=SHOTS / "patent-diagnostic-fr.png", full_page=True)
    page.goto(page.url.replace("/fr/", "/ar/", 1))
    page.screenshot(path=SHOTS / "patent-diagnostic-ar.png", full_page=True)
    page.goto(page.url.replace("/ar/", "/fr/", 1))
    page.locator("[data-recommendation=patent-first]").get_by_role(
        "link", name="Commencer ce dossier"
    ).click()

    # The wizard, one step per page.
    assert page.get_by_label("Titre de l'invention").input_value() == (
        "Capteur d'humidité pour goutte-à-goutte"
    )
    assert page.get_by_label("Domaine technique").input_value() == "Irrigation agricole"
    assert page.get_by_text("ne divulguez pas votre invention").is_visible()
    page.get_by_label("Brevet d'invention").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/abstract/")
    page.get_by_label("Abrégé").fill("Une sonde capacitive commande la vanne d'irrigation.")
    assert page.locator("#word-count").inner_text() == "7 / 150 mots"
    page.screenshot(path=SHOTS / "patent-wizard-fr.png", full_page=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/description/")
    page.get_by_label("Description").fill("État de la technique. Problème. Solution. Exemple.")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/claims/")
    page.locator("#id_claims-0-text").fill("Capteur comprenant une sonde capacitive.")
    page.locator("#id_claims-1-text").fill(
        "Capteur selon la revendication 1, alimenté par le soleil."
    )
    page.locator("#id_claims-1-refers_to").fill("2")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert page.locator("#id_claims-1-refers_to_error").inner_text() == (
        "La revendication 2 ne peut renvoyer qu'à une revendication précédente."
    )
    assert (
        page.locator("#id_claims-0-text").input_value()
        == "Capteur comprenant une sonde capacitive."
    )
    page.screenshot(path=SHOTS / "patent-claims-error-fr.png", full_page=True)
    page.locator("#id_claims-1-refers_to").fill("1")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/drawings/")
    page.get_by_label("Ajouter un dessin (PDF, PNG ou JPEG)").set_input_files(
        {"name": "figure-1.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Envoyer le dessin").click()
    expect(page.get_by_text("figure-1.png")).to_be_visible()
    wait_released(page, "figure-1.png")
    page.get_by_role("link", name="Étape suivante").click()
    page.locator("#id_inventors-0-name").fill("Salma Bennani")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/applicants/")
    assert page.locator("#id_applicants-0-name").input_value() == "Salma Bennani"
    assert page.locator("#id_applicants-0-profile").input_value() == "startup"
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/step/priority/")
    page.get_by_role("button", name="Enregistrer et continuer").click()  # no priority
    page.wait_for_url("**/review/")
    # Before submitting, the review says which office will examine it, and why.
    assert page.locator("#routing").get_attribute("data-office") == "inpi"
    assert "Start-up" in page.locator("#routing").inner_text()
    page.goto(page.url.replace("/fr/", "/ar/", 1))
    assert "المعهد الوطني للملكية الصناعية" in page.locator("#routing").inner_text()
    page.screenshot(path=SHOTS / "patent-review-ar.png", full_page=True)
    page.goto(page.url.replace("/ar/", "/fr/", 1))
    page.get_by_role("button", name="Soumettre le dossier").click()
    page.wait_for_selector("[data-status=submitted]")
    filing = PatentFiling.objects.get()
    assert filing.reference.startswith("PT-")
    assert page.locator("[data-office]").get_attribute("data-office") == "inpi"

    # The INPI examiner finds it in the queue, takes it and asks for changes.
    examiner = staff_page(browser, live_server, inpi)
    examiner.goto("/fr/backoffice/")
    examiner.goto("/ar/backoffice/")
    examiner.screenshot(path=SHOTS / "patent-queue-ar.png", full_page=True)
    examiner.goto("/fr/backoffice/")
    examiner.get_by_role("link", name=filing.reference).click()
    examiner.get_by_role("button", name="Prendre en charge").click()
    examiner.wait_for_selector("[data-status=in_review]")
    examiner.get_by_label("Motif (lu par l'entrepreneur").fill("Ajoutez une vue en coupe.")
    examiner.get_by_role("button", name="Demander des modifications (avec motif)").click()
    examiner.wait_for_selector("[data-status=changes_requested]")
    examiner.screenshot(path=SHOTS / "patent-workspace-fr.png", full_page=True)
    examiner.goto(examiner.url.replace("/fr/", "/ar/", 1))
    examiner.screenshot(path=SHOTS / "patent-workspace-ar.png", full_page=True)

    # The OMPIC examiner never sees it.
    other = staff_page(browser, live_server, ompic)
    other.goto("/fr/backoffice/")
    assert other.get_by_text("Aucun dossier dans cette file.").is_visible()
    response = other.goto(f"/fr/backoffice/PT/{filing.pk}/")
    assert response.status == 404
    other.context.close()

    # The entrepreneur reads the reason, edits and resubmits; the dossier stays with INPI.
    page.reload()
    assert page.locator("[data-status]").inner_text() == "Modifications demandées"
    expect(page.get_by_text("Ajoutez une vue en coupe.")).to_be_visible()
    page.goto(f"/fr/patents/{filing.pk}/step/drawings/")
    page.get_by_label("Ajouter un dessin (PDF, PNG ou JPEG)").set_input_files(
        {"name": "coupe.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Envoyer le dessin").click()
    expect(page.get_by_text("coupe.png")).to_be_visible()  # the upload's page, before reload()
    wait_released(page, "coupe.png")
    page.goto(f"/fr/patents/{filing.pk}/review/")
    page.get_by_role("button", name="Soumettre à nouveau").click()
    page.wait_for_selector("[data-status=submitted]")
    filing.refresh_from_db()
    assert (filing.status, filing.office) == (DossierStatus.SUBMITTED, "inpi")
    examiner.goto("/fr/backoffice/")
    assert examiner.get_by_role("link", name=filing.reference).is_visible()
    examiner.context.close()
