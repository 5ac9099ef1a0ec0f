"""An entrepreneur in Souss-Massa asks for trademark help in Arabic; the region's chamber
takes it, proposes an appointment and closes it; the entrepreneur rates it. In Chromium."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from chambers.models import SupportRequest
from tests.chambers.conftest import enable_totp
from tests.conftest import BASE_DIR
from tests.factories import chambers as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def signed_in_page(browser, live_server, user, contexts):
    """A browser context carrying a session for `user` (staff already have TOTP set up)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    contexts.append(context)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_trademark_request_in_arabic_relayed_by_souss_massa_chamber(
    browser, live_server, make_user, eager_celery, contexts
):
    SHOTS.mkdir(exist_ok=True)
    rachid = make_user("rachid@example.ma", first_name="Rachid", preferred_language="ar")
    souss = f.chamber("ccis-souss-massa")
    advisor = enable_totp(f.make_advisor("youssef@ccis-souss.ma", souss, first_name="Youssef"))
    other = enable_totp(
        f.make_advisor(
            "karim@ccis-casa.ma", f.chamber("ccis-casablanca-settat"), first_name="Karim"
        )
    )

    # The entrepreneur asks, in Arabic; a first try without topic nor region is refused.
    entrepreneur_page = signed_in_page(browser, live_server, rachid, contexts)
    entrepreneur_page.goto("/ar/chambers/requests/new/")
    entrepreneur_page.get_by_label("رسالتك").fill("أرغب في حماية علامة زيت الأركان الخاصة بي.")
    entrepreneur_page.get_by_role("button", name="إرسال طلبي").click()
    expect(entrepreneur_page.get_by_text("اختر موضوع طلبك.")).to_be_visible()
    expect(entrepreneur_page.get_by_text("اختر جهتك.", exact=True)).to_be_visible()
    assert entrepreneur_page.get_by_label("رسالتك").input_value() == (
        "أرغب في حماية علامة زيت الأركان الخاصة بي."
    )
    entrepreneur_page.screenshot(path=str(SHOTS / "chambers-request-errors-ar.png"), full_page=True)
    entrepreneur_page.get_by_label("الموضوع").select_option(label="علامة تجارية")
    entrepreneur_page.get_by_label("الجهة").select_option(label="سوس-ماسة")
    entrepreneur_page.get_by_label("اللغة المفضلة للتواصل").select_option("ar")
    entrepreneur_page.get_by_role("button", name="إرسال طلبي").click()
    entrepreneur_page.wait_for_url("**/ar/chambers/requests/*/")
    request = SupportRequest.objects.get()
    assert (request.chamber, request.topic, request.language) == (souss, "trademark", "ar")

    # An advisor of another chamber sees nothing, not even by URL.
    other_page = signed_in_page(browser, live_server, other, contexts)
    other_page.goto("/fr/admin/chambers/supportrequest/")
    assert other_page.locator("#result_list").count() == 0 or (
        other_page.locator(f"#result_list a[href$='/{request.pk}/change/']").count() == 0
    )
    response = other_page.goto(f"/fr/admin/chambers/supportrequest/{request.pk}/change/")
    assert response.status == 404

    # The Souss-Massa advisor finds it in the queue, takes it, proposes a meeting, closes it.
    advisor_page = signed_in_page(browser, live_server, advisor, contexts)
    advisor_page.goto("/fr/admin/chambers/supportrequest/")
    advisor_page.locator(f"#result_list a[href$='/{request.pk}/change/']").click()
    advisor_page.get_by_role("button", name="Je prends cette demande").click()
    expect(advisor_page.get_by_text("La demande vous est attribuée.")).to_be_visible()
    when = timezone.localtime() + datetime.timedelta(days=2)
    advisor_page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT10:00"))
    advisor_page.get_by_label("Lieu").fill("CCIS Souss-Massa, Agadir")
    advisor_page.get_by_role("button", name="Proposer le rendez-vous").click()
    advisor_page.get_by_label("Issue").select_option("resolved")
    advisor_page.screenshot(path=str(SHOTS / "chambers-admin-request-fr.png"), full_page=True)
    advisor_page.get_by_role("button", name="Clôturer", exact=True).click()
    expect(advisor_page.get_by_text("C'est fait.")).to_be_visible()
    request.refresh_from_db()
    assert (request.status, request.outcome, request.assignee) == ("closed", "resolved", advisor)

    # The entrepreneur sees the appointment and the timeline, and rates the help once.
    entrepreneur_page.goto(f"/ar/chambers/requests/{request.pk}/")
    expect(entrepreneur_page.get_by_text("CCIS Souss-Massa, Agadir")).to_be_visible()
    entrepreneur_page.get_by_label("5").check()
    entrepreneur_page.get_by_label("تعليق").fill("شكرًا جزيلًا")
    entrepreneur_page.get_by_role("button", name="إرسال تقييمي").click()
    expect(entrepreneur_page.get_by_text("شكرًا على رأيك.")).to_be_visible()
    expect(entrepreneur_page.get_by_text("منحت تقييم 5 من 5.")).to_be_visible()
    assert entrepreneur_page.locator("html").get_attribute("dir") == "rtl"
    entrepreneur_page.screenshot(path=str(SHOTS / "chambers-request-ar.png"), full_page=True)
    assert request.feedback.rating == 5

    # The public directory, on a phone, in French and in Arabic.
    entrepreneur_page.set_viewport_size({"width": 390, "height": 844})
    for language in ("fr", "ar"):
        entrepreneur_page.goto(f"/{language}/chambers/?region={souss.region_id}")
        assert entrepreneur_page.locator(".chamber-card").count() == 3  # CCIS, FCMCIS, CFCIM Agadir
        width = entrepreneur_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        entrepreneur_page.screenshot(
            path=str(SHOTS / f"chambers-directory-{language}.png"), full_page=True
        )
