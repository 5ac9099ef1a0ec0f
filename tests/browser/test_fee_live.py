"""The trademark fee box follows the classes typed and the terms ticked, one request per
change (not per keystroke), and never shows "0,00 MAD · pour 0 classes"; fr and ar."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_trademark_filing_flow import SHOTS, log_in
from tests.factories.ip_filings import make_filing, make_nice_class, make_tariff, make_term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = {"fr": "panneaux", "ar": "ألواح"}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_fee_box_follows_typed_classes_and_ticked_terms(page, live_server, entrepreneur, lang):
    make_tariff()
    make_nice_class(9, "Appareils", "Apparatus", "أجهزة")
    term = make_term(
        make_nice_class(37, "Construction", "Construction", "البناء"),
        "installation de panneaux solaires",
        "installation of solar panels",
        "تركيب ألواح شمسية",
    )
    filing = make_filing(entrepreneur, classes=())
    SHOTS.mkdir(exist_ok=True)
    log_in(page, entrepreneur.email)
    fee_requests = []
    page.on("request", lambda r: fee_requests.append(r.url) if "/dossiers/fee/" in r.url else None)

    page.goto(f"/{lang}/trademarks/dossiers/{filing.pk}/step/classes/?q={QUERY[lang]}")
    expect(page.locator(".tm-fee [data-fee=empty]")).to_be_visible()
    assert "0,00" not in page.locator(".tm-fee").inner_text()
    page.locator("#id_classes").press_sequentially("9")
    page.locator("#id_classes").press("Tab")
    currency = {"fr": "MAD", "ar": "درهم"}[lang]  # amounts in the reader's language (issue 24)
    expect(page.locator(".tm-fee strong")).to_have_text(f"1\xa0800,00\xa0{currency}")
    page.locator(f"input[name=nice_terms][value='{term.pk}']").check()
    expect(page.locator(".tm-fee strong")).to_have_text(f"2\xa0160,00\xa0{currency}")
    page.screenshot(path=SHOTS / f"trademark-fee-live-{lang}.png", full_page=True)

    assert len(fee_requests) == 2  # one per change: the classes field, then the term
