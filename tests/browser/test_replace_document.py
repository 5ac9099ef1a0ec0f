"""Replacing a required document from the dossier page, in French and Arabic (issue 20,
item 4): the page lists the new file once under its requirement, the old one only in the
timeline; then the owner deletes the draft's file and the requirement shows as missing."""

import pytest
from playwright.sync_api import expect

from carres.models import Attachment
from tests.browser.test_company_dossier_flow import SHOTS, log_in
from tests.factories.companies import PDF, make_company_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {"send": "Envoyer le document", "replaced": "Document remplacé", "missing": "manquante"},
    "ar": {"send": "إرسال الوثيقة", "replaced": "تم استبدال الوثيقة", "missing": "ناقصة"},
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_owner_replaces_then_deletes_the_statutes(page, live_server, entrepreneur, language):
    dossier = make_company_dossier(entrepreneur)
    SHOTS.mkdir(exist_ok=True)
    words = WORDS[language]
    log_in(page, entrepreneur.email, language)

    page.goto(f"/{language}/companies/{dossier.pk}/")
    line = page.locator(".document-line[data-requirement=statutes]")
    expect(line.locator(".document-file")).to_have_count(1)
    expect(line).to_contain_text("statutes.pdf")
    page.locator("#id_requirement").select_option("statutes")
    page.locator("#id_file").set_input_files(
        {"name": "statuts-signes.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=words["send"]).click()

    expect(line.locator(".document-file")).to_have_count(1)
    expect(line).to_contain_text("statuts-signes.pdf")
    expect(line).not_to_contain_text("statutes.pdf")
    replaced = page.locator(".timeline li", has_text=words["replaced"])
    expect(replaced).to_have_count(1)
    expect(replaced).to_contain_text("statutes.pdf")
    page.screenshot(path=SHOTS / f"document-replaced-{language}.png", full_page=True)

    with page.expect_navigation(wait_until="load"):
        line.locator("button.document-delete").click()
    expect(line).to_contain_text(words["missing"])
    expect(page.locator(".document-missing-summary")).to_be_visible()
    left = Attachment.objects.filter(object_id=dossier.pk, requirement="statutes")
    assert [(a.original_name, a.replaced_at is None) for a in left] == [("statutes.pdf", False)]
