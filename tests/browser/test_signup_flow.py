"""A newcomer signs up, confirms the e-mail, logs in and switches to Arabic, in Chromium."""

import re

import pytest
from django.core import mail

from tests.conftest import BASE_DIR
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


def test_signup_confirm_login_and_read_in_arabic(page, live_server):
    page.goto("/fr/")
    page.get_by_role("link", name="Créer un compte gratuit").click()
    page.get_by_label("Courriel").fill("amina@example.ma")
    page.get_by_label("Mot de passe :", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation) :", exact=True).fill(PASSWORD)
    page.get_by_label("J'ai lu la notice d'information").check()
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://[^/]+(/fr/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1]
    page.goto(link)
    page.locator("main button[type=submit]").click()

    page.goto("/fr/accounts/login/")
    page.get_by_label("Courriel").fill("amina@example.ma")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard/")
    assert page.get_by_role("heading", name="Mes dossiers").is_visible()

    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/dashboard/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", name="ملفاتي").is_visible()
    # Mirrored layout: the brand sits at the right edge in Arabic.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard-ar.png"), full_page=True)
