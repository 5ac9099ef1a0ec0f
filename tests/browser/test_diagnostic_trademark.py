"""Diagnostic → trademark dossier prefilled (mark, applicant kind, suggested classes), fr and ar."""

import io

import pytest

from ip_filings.models import TrademarkFiling
from ip_filings.seed.patent import seed_patents
from tests.browser.test_patent_flow import SHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "fr": {
        "brand": "Le nom sous lequel vous vendez, s'il y en a un",
        "profile": "Une start-up",
        "sells": "Sous une marque ou un logo",
    },
    "ar": {
        "brand": "الاسم الذي تبيعون تحته، إن وجد",
        "profile": "شركة ناشئة",
        "sells": "تحت علامة أو شعار",
    },
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_diagnostic_starts_the_trademark_dossier_prefilled(page, entrepreneur, language):
    seed_patents(io.StringIO())
    SHOTS.mkdir(exist_ok=True)
    labels = LABELS[language]
    log_in(page, entrepreneur.email)

    page.goto(f"/{language}/diagnostic/")
    page.get_by_label(labels["brand"]).fill("Zitoun Bio")
    page.locator("#id_project").fill("Huile d'olive et café")
    page.get_by_label(labels["profile"]).check()
    page.get_by_label(labels["sells"]).check()
    page.locator("form[action$='/diagnostic/'] button[type=submit]").click()
    page.locator("[data-recommendation=trademark] a.button").first.click()

    page.wait_for_url(f"**/{language}/trademarks/dossiers/new/**")
    assert page.locator("#id_mark_text").input_value() == "Zitoun Bio"
    assert page.locator("input[name=mark_type][value=word]").is_checked()
    page.screenshot(path=SHOTS / f"diagnostic-trademark-{language}.png", full_page=True)
    page.locator("main form button[type=submit]").last.click()

    page.wait_for_url("**/step/classes/?description=*")
    filing = TrademarkFiling.objects.get(owner=entrepreneur)
    assert (filing.mark_text, filing.applicant_kind) == ("Zitoun Bio", "sme")
    assert page.locator("#id_description").input_value() == "Huile d'olive et café"
    page.screenshot(path=SHOTS / f"diagnostic-trademark-classes-{language}.png", full_page=True)
