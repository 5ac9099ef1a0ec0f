"""The public prior-mark search, with and without JavaScript, in French and Arabic."""

import pytest

from tests.conftest import BASE_DIR
from tests.factories.ip_filings import make_mark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


def test_prior_mark_search_live_update_finds_arabic_mark(page, live_server):
    make_mark("أطلس", classes=[30], number="MA-2016-170410", owner_name="شركة أطلس")
    make_mark("Atlas Food", classes=[30], number="MA-2015-160001")
    page.goto("/fr/trademarks/search/")
    page.get_by_label("Classes de Nice").fill("30")
    page.get_by_label("Votre marque").fill("Atlas")  # htmx updates the results as one types
    page.locator(".tm-match").first.wait_for()
    assert page.locator(".tm-match .tm-mark").all_inner_texts() == ["أطلس", "Atlas Food"]
    assert "Même marque dans l'autre écriture" in page.locator(".tm-match").first.inner_text()
    assert "mark=Atlas" in page.url
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "prior-mark-search-fr.png", full_page=True)

    page.goto("/ar/trademarks/search/?mark=Atlas&classes=30")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".tm-badge").first.inner_text() == "خطر مرتفع"
    page.screenshot(path=SHOTS / "prior-mark-search-ar.png", full_page=True)


def test_prior_mark_search_works_without_javascript(browser, live_server):
    make_mark("Philips", classes=[9])
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/fr/trademarks/search/")
    page.get_by_label("Votre marque").fill("Filips")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**mark=Filips**")
    assert (
        page.locator(".tm-match .tm-kind")
        .first.inner_text()
        .startswith("Se prononce de la même façon")
    )
    context.close()


def test_class_picker_in_arabic(page, live_server):
    from ip_filings.services.nice import load_nice_data

    load_nice_data()
    page.goto("/ar/trademarks/classes/?description=مطاعم+ومقاهي")
    assert page.locator(".tm-suggestions li").first.inner_text().startswith("الصنف 43")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "class-picker-ar.png", full_page=False)
    page.goto("/fr/trademarks/fees/?classes=25,30&applicant_kind=sme")
    page.screenshot(path=SHOTS / "fees-fr.png", full_page=False)
