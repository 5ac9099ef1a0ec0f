"""Two people want the last seat of a session, in English, in Chromium, with a real worker."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from carres.testservers import sent_mails
from tests.conftest import BASE_DIR, wait_until
from tests.factories.accounts import PASSWORD
from tests.factories.trainings import make_advisor, make_session
from trainings import services
from trainings.models import Registration, TrainingSession

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
SHOTS = BASE_DIR / "test-artifacts"


def log_in(page, email):
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/dashboard/")


def mails_to(folder, address):
    """The e-mails sent to `address`, each as "Subject: ..." and its plain-text body."""
    return [
        f"Subject: {message['Subject'].strip()}\n" + message.get_body(("plain",)).get_content()
        for message in sent_mails(folder)
        if message["To"] == address
    ]


def test_waitlisted_person_is_promoted_and_gets_a_certificate(
    browser, live_server, make_user, celery_worker_process, tmp_path
):
    make_user("first@example.ma", first_name="Fatima", last_name="Zahra", preferred_language="en")
    second = make_user(
        "second@example.ma", first_name="Karim", last_name="Benali", preferred_language="en"
    )
    advisor = make_advisor(make_user)
    session = make_session(capacity=1)

    contexts = [browser.new_context(base_url=live_server.url, locale="en-GB") for _ in range(2)]
    first_page, second_page = (context.new_page() for context in contexts)
    try:
        # The first person takes the only seat.
        log_in(first_page, "first@example.ma")
        first_page.goto("/en/trainings/")
        first_page.get_by_role("link", name="Protecting your trademark").click()
        assert first_page.locator(".seats-left").inner_text() == "1 / 1"
        first_page.get_by_role("button", name="Sign up").click()
        assert first_page.locator(".registration-status").inner_text() == "Your seat is booked."

        # The second one lands on the waiting list.
        log_in(second_page, "second@example.ma")
        second_page.goto(f"/en/trainings/sessions/{session.pk}/")
        second_page.get_by_role("button", name="Join the waiting list").click()
        assert second_page.locator(".registration-status").inner_text() == (
            "You are on the waiting list, in position 1."
        )
        SHOTS.mkdir(exist_ok=True)
        second_page.screenshot(path=str(SHOTS / "trainings-waitlisted-en.png"), full_page=True)

        # The first cancels: the seat goes to the second, who is told by e-mail.
        first_page.get_by_role("button", name="Cancel my sign-up").click()
        assert first_page.get_by_text("Your sign-up is cancelled.").is_visible()
        promotion = wait_until(
            lambda: [
                m for m in mails_to(tmp_path, "second@example.ma") if "A seat is free for you" in m
            ]
        )
        assert (
            "Subject: [Carrés des innovateurs] A seat is free for you: Protecting your trademark"
            in promotion[0]
        )
        second_page.reload()
        assert second_page.locator(".registration-status").inner_text() == "Your seat is booked."

        # The session takes place; the advisor marks attendance.
        TrainingSession.objects.filter(pk=session.pk).update(
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=1),
            signup_deadline=timezone.now() - timedelta(days=1),
        )
        registration = Registration.objects.get(session=session, user=second)
        services.mark_attendance(registration, present=True, actor=advisor)

        # The attendee downloads the certificate from "My trainings".
        second_page.goto("/en/trainings/mine/")
        second_page.screenshot(path=str(SHOTS / "trainings-mine-en.png"), full_page=True)
        with second_page.expect_download() as download_info:
            second_page.get_by_role("link", name="Download the certificate (PDF)").click()
        pdf = download_info.value.path().read_bytes()
        text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
        assert "Certificate of attendance" in text
        assert "Karim Benali" in text
        assert "Protecting your trademark" in text
        assert registration.certificate_code in text

        # Anybody can check it on the public verification page.
        second_page.goto(f"/en/trainings/certificates/{registration.certificate_code}/")
        assert second_page.locator(".certificate-validity").inner_text() == "Valid certificate"
    finally:
        for context in contexts:
            context.close()


def test_catalogue_screenshots_in_french_and_arabic(page, live_server):
    make_session(capacity=5)
    SHOTS.mkdir(exist_ok=True)
    page.goto("/fr/trainings/")
    assert page.get_by_role("heading", name="Formations à la propriété industrielle").is_visible()
    page.screenshot(path=str(SHOTS / "trainings-catalogue-fr.png"), full_page=True)
    page.goto("/ar/trainings/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="تكوينات في الملكية الصناعية").is_visible()
    page.screenshot(path=str(SHOTS / "trainings-catalogue-ar.png"), full_page=True)
    page.get_by_role("link", name="حماية علامتك التجارية").click()
    page.screenshot(path=str(SHOTS / "trainings-session-ar.png"), full_page=True)
