"""An examiner finds a dossier by search, takes it and decides it, in French and in Arabic,
at 1366 px and 390 px (issue 19, point 1); screenshots in test-artifacts/."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from accounts.enums import Office, Role
from carres.enums import DossierAction, DossierStatus
from carres.workflow import transition
from tests.conftest import BASE_DIR
from tests.factories.patents import make_patent_filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


WIDTHS = (1366, 390)


def shoot(page, name):
    """The page at each width, full length."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def staff_context(browser, live_server, user, width=WIDTHS[0]):
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
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
    page.set_default_timeout(60_000)  # a loaded shared machine
    return page


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_examiner_finds_takes_and_decides(browser, live_server, make_user, lang):
    SHOTS.mkdir(exist_ok=True)
    examiner = make_user(
        "amal@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Amal"
    )
    make_user("badr@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Badr")
    bahja = make_user("bahja@example.ma", first_name="Bahja", last_name="Alaoui")
    salma = make_user("salma@example.ma", first_name="Salma", last_name="Bennani")
    wanted = make_patent_filing(bahja, invention_title="Capteur solaire pour serres")
    other = make_patent_filing(salma)
    for filing, owner in ((other, salma), (wanted, bahja)):
        transition(filing, DossierAction.SUBMIT, actor=owner)
    page = staff_context(browser, live_server, examiner)

    page.goto(f"/{lang}/backoffice/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    shoot(page, f"workspace-queue-{lang}")
    page.locator("input[name=q]").fill("Bahja")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**q=Bahja**")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    shoot(page, f"workspace-search-{lang}")
    page.get_by_role("link", name=wanted.reference).click()
    page.wait_for_selector("[data-status=submitted]")

    take = page.locator("form[action$='/take/'] button")
    assert take.count() == 1
    take.click()
    page.wait_for_selector("[data-status=in_review]")
    shoot(page, f"workspace-dossier-{lang}")
    page.locator("button[value=accept]").click()
    page.wait_for_selector("[data-status=accepted]")

    wanted.refresh_from_db()
    assert (wanted.status, wanted.assigned_examiner) == (DossierStatus.ACCEPTED, examiner)
    other.refresh_from_db()
    assert (other.status, other.assigned_examiner) == (DossierStatus.SUBMITTED, None)
    # Nothing overflows the page sideways, on a desk or on a phone.
    page.goto(f"/{lang}/backoffice/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (width, overflow)
    page.context.close()
