"""The admin lists staff work in all day fit a 1366 px screen in French and Arabic (issue 19):
the support requests (due date and overdue columns), the dossier routing rules (Office and
Active) and the legal form's change page (was 3,649 px wide)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from accounts.enums import Office, Role
from carres.models import RoutingRule
from companies.models import LegalForm
from tests.conftest import BASE_DIR
from tests.factories import chambers as chamber_factories
from tests.factories.companies import ensure_legal_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"
WIDTH = 1366

# Is the element's box inside the viewport horizontally, and drawn (not display: none)?
VISIBLE_IN_WIDTH = """(element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.left >= -1 && box.right <= window.innerWidth + 1;
}"""


def admin_page(browser, live_server, user, width=WIDTH):
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 768}
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
    page.set_default_timeout(60_000)
    return page


def fits(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{WIDTH}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: {width} px wide"


def column_visible(page, name):
    header = page.locator(f"#result_list thead th.column-{name}")
    assert header.count() == 1, name
    assert header.evaluate(VISIBLE_IN_WIDTH), f"column {name} is cut off"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_admin_lists_fit_1366_px(browser, live_server, make_user, lang):
    admin = make_user("admin@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    owner = make_user("bahja@example.ma", first_name="Bahja", last_name="Alaoui-Benjelloun")
    chamber_factories.chamber()
    for region_code, topic in (("09", "trademark"), ("06", "patent"), ("01", "company_creation")):
        request = chamber_factories.make_request(owner, region_code=region_code, topic=topic)
        request.refresh_from_db()
    for order, kind in enumerate(("PT", "TM", "CO"), start=1):
        RoutingRule.objects.create(order=order, dossier_kind=kind, office=Office.INPI)
    ensure_legal_forms()
    legal_form = LegalForm.objects.get(code="sarl")
    page = admin_page(browser, live_server, admin)

    page.goto(f"/{lang}/admin/chambers/supportrequest/")
    fits(page, f"admin-support-requests-{lang}")
    for column in ("number", "first_answer_due", "overdue", "rating"):
        column_visible(page, column)

    page.goto(f"/{lang}/admin/carres/routingrule/")
    fits(page, f"admin-routing-rules-{lang}")
    for column in ("office", "is_active"):
        column_visible(page, column)

    page.goto(f"/{lang}/admin/companies/legalform/{legal_form.pk}/change/")
    fits(page, f"admin-legal-form-{lang}")
    assert page.locator("input[name=_save]").evaluate(VISIBLE_IN_WIDTH)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_admin_list_on_a_phone_scrolls_in_its_box_with_whole_words(
    browser, live_server, make_user, lang
):
    """At 390 px the page keeps the phone's width and the list scrolls sideways inside its
    box: no column is squeezed until its words break letter by letter."""
    advisor = chamber_factories.make_advisor("conseil@ccis.ma", chamber_factories.chamber())
    owner = make_user("bahja@example.ma", first_name="Bahja", last_name="Alaoui-Benjelloun")
    chamber_factories.make_request(owner, region_code="09", topic="trademark")
    page = admin_page(browser, live_server, advisor, width=390)

    page.goto(f"/{lang}/admin/chambers/supportrequest/")
    page.screenshot(path=SHOTS / f"admin-support-requests-{lang}-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    results = page.locator("#changelist .results")
    assert results.evaluate("(box) => box.scrollWidth > box.clientWidth")  # it scrolls
    for cell in page.locator("#result_list tbody tr:first-child td").all():
        assert cell.evaluate("(td) => td.getBoundingClientRect().width") >= 80
