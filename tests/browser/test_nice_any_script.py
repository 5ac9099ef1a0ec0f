"""On a French page, the trademark wizard's class picker finds a class from an Arabic term
(issue 20, item 3): the term shows in French with the Arabic wording that matched."""

import pytest
from playwright.sync_api import expect

from ip_filings.models import FilingClass
from ip_filings.services.nice import load_nice_data
from tests.browser.test_trademark_filing_flow import SHOTS, log_in, save_and_continue
from tests.factories.ip_filings import make_filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_term_on_french_page_picks_class_30(page, live_server, entrepreneur):
    load_nice_data()
    filing = make_filing(entrepreneur, classes=())
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email)

    page.goto(f"/fr/trademarks/dossiers/{filing.pk}/step/classes/")
    page.get_by_label("Chercher un produit ou un service").fill("قهوة")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Chercher").click()
    coffee = page.locator("label.tm-term", has_text="café")
    expect(coffee).to_have_count(1)
    expect(coffee.locator(".term-matched")).to_have_text("(قهوة)")
    expect(page.locator("label.tm-term", has_text="caftans")).to_have_count(0)
    page.get_by_label("Classes de Nice").fill("30")
    coffee.locator("input[name=nice_terms]").check()
    page.screenshot(path=SHOTS / "nice-arabic-term-fr-page.png", full_page=True)
    save_and_continue(page)

    row = FilingClass.objects.get(filing=filing)
    assert (row.number, [term.term_fr for term in row.nice_terms.all()]) == (30, ["café"])
