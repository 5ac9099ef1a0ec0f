"""The entrepreneur accepts the slot their chamber's advisor proposed, in French and in Arabic:
the page confirms it, offers the calendar file, and the notifications list the meeting. In
Chromium."""

import datetime
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from chambers import services
from chambers.enums import AppointmentStatus
from tests.chambers.conftest import enable_totp
from tests.conftest import BASE_DIR
from tests.factories import chambers as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = BASE_DIR / "test-artifacts"

TEXT = {
    "fr": {
        "accept": "Accepter ce rendez-vous",
        "done": "Rendez-vous confirmé : l'invitation vous est envoyée par e-mail.",
        "calendar": "Ajouter à mon agenda (.ics)",
        "notification": "Rendez-vous confirmé",
    },
    "ar": {
        "accept": "قبول هذا الموعد",
        "done": "تأكد الموعد: أُرسلت إليك الدعوة عبر البريد الإلكتروني.",
        "calendar": "إضافة إلى أجندتي (.ics)",
        "notification": "تأكد الموعد",
    },
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_entrepreneur_accepts_proposed_slot(
    browser, live_server, make_user, eager_celery, language
):
    SHOTS.mkdir(exist_ok=True)
    words = TEXT[language]
    salma = make_user("salma@example.ma", first_name="Salma", preferred_language=language)
    advisor = enable_totp(
        f.make_advisor("youssef@ccis-souss.ma", f.chamber("ccis-souss-massa"), first_name="Youssef")
    )
    request = f.make_request(salma, language=language)
    services.take_request(request, actor=advisor)
    appointment = services.propose_appointment(
        request,
        actor=advisor,
        starts_at=timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=4),
        place="CCIS Souss-Massa, Agadir",
    )
    mail.outbox.clear()

    client = Client()
    client.force_login(salma)
    context = browser.new_context(
        base_url=live_server.url,
        locale="ar-MA" if language == "ar" else "fr-FR",
        accept_downloads=True,
    )
    try:
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"/{language}/chambers/requests/{request.pk}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        page.get_by_role("button", name=words["accept"]).click()
        expect(page.get_by_text(words["done"])).to_be_visible()
        page.screenshot(
            path=str(SHOTS / f"chambers-appointment-accepted-{language}.png"), full_page=True
        )
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.ACCEPTED

        with page.expect_download() as download_info:
            page.get_by_role("link", name=words["calendar"]).click()
        download = download_info.value
        assert download.suggested_filename == f"rendez-vous-{appointment.pk}.ics"
        event = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == appointment.starts_at
        assert str(event["LOCATION"]) == "CCIS Souss-Massa, Agadir"

        # Both parties were sent the invitation; the notification is in the entrepreneur's list.
        assert sorted(m.to[0] for m in mail.outbox) == ["salma@example.ma", "youssef@ccis-souss.ma"]
        page.goto(f"/{language}/notifications/")
        expect(page.get_by_role("link", name=words["notification"])).to_be_visible()
        page.screenshot(
            path=str(SHOTS / f"notifications-appointment-{language}.png"), full_page=True
        )
    finally:
        context.close()
