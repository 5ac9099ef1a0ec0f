"""An examiner answers a colleague's request for an opinion; the staff statistics read at
1366 px and 390 px; in French and in Arabic (issue 19, items 3 and 5). Screenshots in
test-artifacts/."""

import pytest

from accounts.enums import Office, Role
from carres.enums import DossierAction
from carres.models import OpinionRequest
from carres.workflow import transition
from carres.workspace import request_opinion
from tests.browser.test_examiner_workspace import SHOTS, WIDTHS, shoot, staff_context
from tests.factories import chambers as chamber_factories
from tests.factories.companies import make_company_dossier
from tests.factories.patents import make_patent_filing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_overflow(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (width, overflow)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_examiner_answers_a_colleagues_request(browser, live_server, make_user, lang):
    SHOTS.mkdir(exist_ok=True)
    amal = make_user("amal@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Amal")
    badr = make_user("badr@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC, first_name="Badr")
    owner = make_user("bahja@example.ma", first_name="Bahja")
    filing = make_patent_filing(owner)
    transition(filing, DossierAction.SUBMIT, actor=owner)
    request_opinion(filing, actor=amal, colleague=badr, comment="Revendication 1 nouvelle ?")
    page = staff_context(browser, live_server, badr)

    page.goto(f"/{lang}/backoffice/")
    page.locator("[data-pending-opinions] a").click()
    page.wait_for_url("**/backoffice/opinions/")
    shoot(page, f"workspace-opinions-{lang}")
    page.get_by_role("link", name=filing.reference).click()
    page.locator("[data-opinion] textarea[name=answer]").fill("Oui, rien d'antérieur.")
    shoot(page, f"workspace-opinion-answer-{lang}")
    page.locator("[data-opinion] button[type=submit]").click()
    page.wait_for_selector(".timeline li.internal >> text=Oui, rien d'antérieur.")

    assert not OpinionRequest.objects.get().pending
    assert page.locator("[data-opinion]").count() == 0
    no_sideways_overflow(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_staff_statistics_read_on_a_desk_and_a_phone(browser, live_server, make_user, lang):
    SHOTS.mkdir(exist_ok=True)
    admin = make_user("root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    examiner = make_user("amal@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    owner = make_user("bahja@example.ma", first_name="Bahja")
    for action in (DossierAction.ACCEPT, DossierAction.REQUEST_CHANGES):
        dossier = make_company_dossier(owner)
        transition(dossier, DossierAction.SUBMIT, actor=owner)
        transition(dossier, DossierAction.TAKE, actor=examiner)
        transition(dossier, action, actor=examiner, comment="Précisez le capital.")
    for region_code in ("06", "09"):
        chamber_factories.make_request(owner, region_code=region_code)
    page = staff_context(browser, live_server, admin)

    page.goto(f"/{lang}/backoffice/statistics/")
    assert page.locator("[data-table=dossiers] tbody tr").count() >= 1
    assert page.locator("[data-table=support-requests] tbody tr").count() == 1
    shoot(page, f"staff-statistics-{lang}")
    no_sideways_overflow(page)
    page.context.close()
