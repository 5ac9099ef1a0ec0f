"""Company creation in Chromium: an Arabic-speaking entrepreneur goes through every wizard
step to submission, an examiner accepts, the company enters the register with its name
reserved and its certificate, and a second dossier is told the name is unavailable."""

import io

import pytest
import zxingcpp
from playwright.sync_api import expect
from pypdf import PdfReader

from carres.enums import DossierAction, DossierStatus, ScanStatus
from carres.models import Attachment, GeneratedDocument
from carres.workflow import transition
from companies.models import CompanyDossier, NameReservation, RegisteredCompany
from tests.conftest import BASE_DIR, wait_until
from tests.factories.accounts import PASSWORD
from tests.factories.companies import PDF, casablanca, ensure_legal_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


def log_in(page, email, language):
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/dashboard/")


def shot(page, name, language):
    page.screenshot(path=str(SHOTS / f"company-{name}-{language}.png"), full_page=True)


def next_step(page):
    # Wait for the next page to load fully: htmx must have wired the live checks
    # before the test types, or the first input event goes unheard.
    with page.expect_navigation(wait_until="load"):
        page.locator("button[name=next]").click()


def fill_wizard(page, tmp_path, language, name):
    """Every step, from the dashboard to the review page; screenshots of each step."""
    city = casablanca()
    page.locator("main a[href$='/companies/new/']").click()
    expect(page.locator("[aria-current=step]")).to_have_count(1)  # waits for the new page
    page.locator("input[name=legal_form][value=sarl]").check()
    shot(page, "1-legal-form", language)
    next_step(page)

    page.locator("#id_name_1").fill(name)
    page.wait_for_selector("#name_1-verdict [data-verdict=available]")  # live check (htmx)
    page.locator("#id_name_2").fill("أطلس للابتكار الرقمي")
    shot(page, "2-names", language)
    next_step(page)

    page.locator("#id_activity").fill("تصميم وتطوير البرمجيات")
    page.locator("input[name=activity_codes][value='62.01']").check()
    shot(page, "3-activity", language)
    next_step(page)

    # Shares that do not add up: refused on the associates, with what was typed kept.
    page.locator("#id_capital").fill("100000")
    page.locator("#id_associate-0-full_name").fill("سلمى بناني")
    page.locator("#id_associate-0-identifier").fill("BE123456")
    page.locator("#id_associate-0-contribution").fill("60000")
    page.locator("#id_associate-1-full_name").fill("يوسف العلوي")
    page.locator("#id_associate-1-contribution").fill("30000")
    next_step(page)
    assert page.locator("#associates_error").is_visible()
    assert page.locator("#id_associate-1-full_name").input_value() == "يوسف العلوي"
    shot(page, "4-associates-error", language)
    page.locator("#id_associate-1-contribution").fill("40000")
    next_step(page)

    page.locator("#id_manager-0-full_name").fill("سلمى بناني")
    shot(page, "5-managers", language)
    next_step(page)

    page.locator("#id_head_office_region").select_option(str(city.region_id))
    # Only the chosen region's towns are offered (carres.widgets.DependentSelect).
    offered = page.locator("#id_head_office_city option[data-parent]")
    assert offered.count() > 0
    assert set(offered.evaluate_all("(options) => options.map((o) => o.dataset.parent)")) == {
        str(city.region_id)
    }
    page.locator("#id_head_office_city").select_option(str(city.pk))
    page.locator("#id_head_office_address").fill("12 شارع الزرقطوني")
    shot(page, "6-head-office", language)
    next_step(page)

    upload = tmp_path / "piece.pdf"
    upload.write_bytes(PDF)
    while page.locator(".checklist > li:not(.is-done)").count():
        line = page.locator(".checklist > li:not(.is-done)").first
        line.locator("input[type=file]").set_input_files(str(upload))
        # the upload's answer, a new page, before the checklist is read again
        with page.expect_navigation(wait_until="load"):
            line.locator("button[type=submit]").click()
    shot(page, "7-documents", language)
    page.locator("button[name=continue]").click()
    page.wait_for_url("**/step/review/")
    shot(page, "8-review", language)


def test_company_creation_in_arabic_from_login_to_register(
    page, celery_worker_process, entrepreneur, make_user, tmp_path
):
    from accounts.enums import Office, Role

    ensure_legal_forms()
    SHOTS.mkdir(exist_ok=True)
    examiner = make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    log_in(page, entrepreneur.email, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"

    fill_wizard(page, tmp_path, "ar", "أطلس إنوف")
    # The worker checks each uploaded document out of quarantine before submission.
    wait_until(
        lambda: not Attachment.objects.filter(scan_status=ScanStatus.PENDING).exists(),
        timeout=60,
    )
    assert page.locator("#review-errors").count() == 0
    assert page.get_by_text("إيداع رأس المال في حساب مجمد").is_visible()
    page.locator("button[name=submit]").click()
    page.wait_for_selector("[data-status=submitted]")
    dossier = CompanyDossier.objects.get()
    assert dossier.reference.startswith("CO-")
    assert [a.full_name for a in dossier.associates.all()] == ["سلمى بناني", "يوسف العلوي"]

    # The examiner accepts: the company enters the register, its name reserved 90 days.
    transition(dossier, DossierAction.TAKE, actor=examiner)
    transition(dossier, DossierAction.ACCEPT, actor=examiner)
    company = RegisteredCompany.objects.get()
    assert (company.name, company.status, company.owner) == (
        "أطلس إنوف",
        "being_created",
        entrepreneur,
    )
    reservation = wait_until(
        lambda: NameReservation.objects.filter(certificate__gt="").first(), timeout=60
    )
    with reservation.certificate.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    codes = [
        barcode.text
        for image in reader.pages[0].images
        for barcode in zxingcpp.read_barcodes(image.image)
    ]
    assert codes == [dossier.verification_url()]
    wait_until(
        lambda: GeneratedDocument.objects.filter(state=DossierStatus.ACCEPTED).exists(), timeout=60
    )
    page.reload()
    assert page.locator("[data-status]").inner_text() == "مقبول"
    assert page.locator("#company-register").is_visible()
    shot(page, "9-accepted", "ar")

    # A second dossier with the same name (Latin spelling aside, identical once normalised).
    page.goto("/ar/dashboard/")
    page.locator("main a[href$='/companies/new/']").click()
    page.locator("input[name=legal_form][value=sarl]").check()
    next_step(page)
    page.locator("#id_name_1").fill("أَطلس  إنوف ش.م.م")
    page.wait_for_selector("#name_1-verdict [data-verdict=unavailable]")
    assert "أطلس إنوف" in page.locator("#name_1-verdict").inner_text()
    shot(page, "10-name-unavailable", "ar")
    # Without JavaScript, the button says the same, once: as the field's error.
    page.locator("button[name=check]").click()
    assert "أطلس إنوف" in page.locator("#id_name_1_error").inner_text()
    assert page.locator("#name_1-verdict [data-verdict]").count() == 0


def test_company_wizard_screenshots_in_french(page, entrepreneur, tmp_path):
    ensure_legal_forms()
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email, "fr")
    fill_wizard(page, tmp_path, "fr", "Atlas Innov")
    assert page.locator("#review-errors").count() == 0
    assert page.get_by_text("Déposer le capital sur un compte bloqué").is_visible()
