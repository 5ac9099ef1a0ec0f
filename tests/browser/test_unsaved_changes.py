"""A wizard step warns before its unsaved changes are lost, and only then."""

import pytest

from tests.browser.test_company_dossier_flow import log_in
from tests.factories.companies import ensure_legal_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_leaving_a_step_with_typed_changes_asks_first(page, live_server, entrepreneur, language):
    ensure_legal_forms()
    log_in(page, entrepreneur.email, language)
    page.goto(f"/{language}/companies/new/")
    page.locator("input[name=legal_form][value=sarl]").check()
    with page.expect_navigation(wait_until="load"):
        page.locator("button[name=next]").click()
    names_url = page.url

    page.locator("#id_name_1").fill("Atlas Innovation")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(".wizard-progress a").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == names_url  # dismissed: the user stays with what they typed
    assert page.locator("#id_name_1").input_value() == "Atlas Innovation"


def test_saving_a_step_does_not_ask(page, live_server, entrepreneur):
    ensure_legal_forms()
    log_in(page, entrepreneur.email, "fr")
    page.goto("/fr/companies/new/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.locator("input[name=legal_form][value=sarl]").check()
    with page.expect_navigation(wait_until="load"):
        page.locator("button[name=next]").click()
    assert dialogs == []
