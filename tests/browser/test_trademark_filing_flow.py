"""An entrepreneur files a combined mark in two classes in French; an examiner accepts it."""

import pytest
from playwright.sync_api import expect

from carres.enums import DossierAction, DossierStatus
from carres.workflow import transition
from ip_filings.models import RegisteredMark, TrademarkFiling
from ip_filings.services.trademark import accept_trademark_filing
from tests.conftest import BASE_DIR
from tests.factories.accounts import PASSWORD
from tests.factories.ip_filings import make_mark, make_tariff, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"
STEPS = ["mark", "classes", "search", "applicant", "priority"]


def save_and_continue(page):
    """Submit the step and wait until the next page has loaded (htmx wired)."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Enregistrer et continuer").click()


def log_in(page, email):
    page.goto("/fr/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard/")


def test_combined_mark_filed_flagged_accepted_and_registered(
    page, live_server, entrepreneur, make_user, tmp_path
):
    from accounts.enums import Office, Role

    examiner = make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    make_tariff()
    make_mark("Atlass", classes=[25], number="MA-2019-000111", owner_name="Atlass SARL")
    make_mark("أطلس", classes=[30], number="MA-2016-170410", owner_name="شركة أطلس")
    make_mark("Atlas Motors", classes=[12], number="MA-2018-000222")  # another class
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes((64, 64)))
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email)

    # 1. The mark: an empty text for a combined mark is refused on its field, then fixed.
    page.get_by_role("link", name="Déposer une marque").first.click()
    assert page.locator("[aria-current=step]").inner_text() == "1 La marque"
    page.get_by_label("Semi-figurative (mots et logo)").check()
    page.get_by_label("Couleurs revendiquées").fill("bleu et or")
    save_and_continue(page)
    assert page.locator("#id_mark_text_error").inner_text() == (
        "Une marque verbale ou semi-figurative doit avoir un texte."
    )
    assert page.get_by_label("Couleurs revendiquées").input_value() == "bleu et or"
    page.get_by_label("Texte de la marque").fill("Atlas")
    page.get_by_label("Translittération").fill("أطلس")
    page.get_by_label("Logo (PNG ou JPEG)").set_input_files(str(logo))
    page.screenshot(path=SHOTS / "trademark-step-mark-fr.png", full_page=True)
    save_and_continue(page)

    # 2. Classes: a term for a class not chosen is refused; the typed text stays.
    assert page.locator("[aria-current=step]").inner_text() == "2 Classes et produits"
    page.get_by_label("Classes de Nice").fill("25, 30")
    # htmx refreshes the fee estimate once the classes field changes (not per keystroke)
    page.get_by_label("Classes de Nice").press("Tab")
    expect(page.locator(".tm-fee strong")).to_have_text("2\xa0160,00\xa0MAD")
    page.get_by_label("Produits et services, une ligne par classe").fill(
        "25 : vêtements ; chaussures\n30 : café ; thé\n31 : fruits"
    )
    save_and_continue(page)
    assert page.locator("#id_terms_error").inner_text() == (
        "Des termes sont donnés pour la classe 31, qui n'est pas choisie."
    )
    page.get_by_label("Produits et services, une ligne par classe").fill(
        "25 : vêtements ; chaussures\n30 : café ; thé"
    )
    save_and_continue(page)

    # 3. Prior-mark search: both similar marks are flagged, the Arabic one included.
    assert page.locator("[aria-current=step]").inner_text() == "3 Recherche d'antériorités"
    assert page.locator(".tm-match .tm-mark").all_inner_texts() == ["Atlass", "أطلس"]
    assert "Même marque dans l'autre écriture" in page.locator(".tm-match").nth(1).inner_text()
    page.screenshot(path=SHOTS / "trademark-step-search-fr.png", full_page=True)
    page.get_by_role("button", name="Joindre ce rapport au dossier").click()
    page.wait_for_selector("[data-report=attached]")
    page.get_by_role("button", name="Continuer").click()

    # 4. Applicant: prefilled with the user's name.
    assert page.get_by_label("Nom du déposant").input_value() == "Salma Bennani"
    page.get_by_label("Adresse du déposant").fill("12 rue Allal Ben Abdallah, Rabat")
    save_and_continue(page)
    # 5. No priority claimed.
    save_and_continue(page)

    # 6. Review and submit.
    assert page.locator("[aria-current=step]").inner_text() == "6 Vérification et envoi"
    assert page.locator(".tm-fee strong").inner_text() == "2\xa0160,00\xa0MAD"
    page.screenshot(path=SHOTS / "trademark-step-review-fr.png", full_page=True)
    filing = TrademarkFiling.objects.get()
    for step in STEPS:
        page.goto(f"/ar/trademarks/dossiers/{filing.pk}/step/{step}/")
        page.screenshot(path=SHOTS / f"trademark-step-{step}-ar.png", full_page=True)
    page.goto(f"/ar/trademarks/dossiers/{filing.pk}/review/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=SHOTS / "trademark-step-review-ar.png", full_page=True)
    page.goto(f"/fr/trademarks/dossiers/{filing.pk}/review/")
    page.get_by_role("button", name="Soumettre le dossier").click()
    page.wait_for_selector("[data-status=submitted]")
    filing.refresh_from_db()
    assert filing.reference.startswith("TM-")
    assert [row["mark"] for row in filing.prior_search] == ["Atlass", "أطلس"]

    # The examiner accepts; the mark enters the register and a new search finds it.
    transition(filing, DossierAction.TAKE, actor=examiner)
    accept_trademark_filing(filing, actor=examiner)
    assert RegisteredMark.objects.get(number=filing.reference).classes == [25, 30]
    page.reload()
    assert page.locator("[data-status]").inner_text() == "Accepté"
    page.goto("/fr/trademarks/search/?mark=Atlas&classes=30")
    assert filing.reference in page.locator(".tm-matches").inner_text()
    assert filing.status == DossierStatus.ACCEPTED
