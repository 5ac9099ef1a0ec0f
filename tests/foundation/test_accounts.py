"""Sign-up, e-mail confirmation, login, rate limits: allauth configured for a public service."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, language="fr", **data):
    payload = {
        "email": "nouvelle@example.ma",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_notice": "on",  # the privacy notice (tests/accounts/test_consent.py)
    }
    payload.update(data)
    return client.post(f"/{language}/accounts/signup/", payload)


def test_signup_sends_a_confirmation_in_the_page_language(client):
    response = signup(client, language="ar")
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.ma")
    assert user.role == "entrepreneur"
    assert user.preferred_language == "ar"
    assert len(mail.outbox) == 1
    assert "/ar/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "greeting", "prefix"),
    [
        ("fr", "Carrés des innovateurs", "[Carrés des innovateurs] "),
        ("ar", "مربعات المبتكرين", "[مربعات المبتكرين] "),
        ("en", "Carrés des innovateurs", "[Carrés des innovateurs] "),
    ],
)
def test_signup_mail_names_the_programme_not_a_host(client, language, greeting, prefix):
    signup(client, language=language)
    message = mail.outbox[0]
    first_line = message.body.splitlines()[0]
    assert greeting in first_line
    assert "testserver" not in first_line and "127.0.0.1" not in first_line
    assert message.subject.startswith(prefix)


def test_confirmation_link_verifies_then_login_works(client):
    signup(client)
    link = re.search(r"https?://[^/]+(/fr/accounts/confirm-email/\S+)", mail.outbox[0].body)[1]
    assert client.post(link).status_code == 302
    response = client.post(
        "/fr/accounts/login/", {"login": "nouvelle@example.ma", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/dashboard/"


def test_wrong_confirmation_link_is_explained(client):
    response = client.get("/en/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


def test_signup_with_taken_email_keeps_input_and_explains(client, entrepreneur):
    response = signup(client, email="SALMA@example.ma")
    # Enumeration is prevented: the same answer as a new address, and no second account.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="salma@example.ma").count() == 1


def test_signup_with_malformed_email_keeps_input(client):
    response = signup(client, language="fr", email="pas-une-adresse")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in html
    assert 'value="pas-une-adresse"' in html


def test_signup_with_weak_password_is_refused_in_english(client):
    response = signup(client, language="en", password1="12345678", password2="12345678")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short" in html
    assert 'value="nouvelle@example.ma"' in html
    assert not User.objects.filter(email="nouvelle@example.ma").exists()


def test_login_is_rate_limited_after_five_failures(client, entrepreneur):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": entrepreneur.email, "password": "wrong"})
    response = client.post(
        "/en/accounts/login/", {"login": entrepreneur.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signup_is_rate_limited(client):
    statuses = [signup(client, email=f"user{i}@example.ma").status_code for i in range(12)]
    assert statuses[-1] == 429
    assert User.objects.count() == 10


def test_seed_demo_is_idempotent(demo):
    assert User.objects.filter(email__endswith="@demo.ma").count() == 8  # two examiners per office
    assert User.objects.get(email="examiner.inpi@demo.ma").office == "inpi"
    # The demo accounts accepted the privacy notice once, as at sign-up.
    salma = User.objects.get(email="entrepreneur@demo.ma")
    assert salma.consent_records.count() == 1
