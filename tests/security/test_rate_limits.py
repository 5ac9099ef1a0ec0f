"""Every rate limit, reached: the next request is refused in the visitor's language.

Already covered elsewhere, not repeated here: failed logins per account
(tests/foundation/test_accounts.py::test_login_is_rate_limited_after_five_failures), sign-ups
per address (…::test_signup_is_rate_limited) and the dossier verification page with a lowered
limit (tests/carres/test_verify.py::test_verify_guessing_is_rate_limited).
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY_AR = "محاولات كثيرة جدا"
TOO_MANY_LOGINS_AR = "تجاوزت الحد المسموح لمحاولة تسجيل الدخول"  # allauth's own catalogue


def limit(action, index=0):
    """(count, period) of one of allauth's limits, e.g. "10/m/ip" → 10."""
    rate = settings.ACCOUNT_RATE_LIMITS[action].split(",")[index]
    return int(rate.split("/")[0])


def assert_refused_in_arabic(response):
    assert response.status_code == 429
    assert TOO_MANY_AR in response.content.decode()


def test_the_arabic_message_is_the_catalogue_s():
    from django.utils import translation

    with translation.override("ar"):
        assert translation.gettext("Trop de tentatives") == TOO_MANY_AR


def test_login_attempts_per_address_are_limited():
    from django.test import Client

    url, client = "/ar/accounts/login/", Client()
    # Empty forms: each is a login attempt for the address limit, none a failed password.
    statuses = [client.post(url, {}).status_code for _ in range(limit("login"))]
    assert set(statuses) == {200}
    assert_refused_in_arabic(client.post(url, {}))


def test_password_resets_per_address_are_limited(client, make_user):
    for n in range(limit("reset_password")):
        make_user(f"user{n}@example.ma")
    url = "/ar/accounts/password/reset/"
    for n in range(limit("reset_password")):
        assert client.post(url, {"email": f"user{n}@example.ma"}).status_code == 302
    assert_refused_in_arabic(client.post(url, {"email": "user0@example.ma"}))


def test_password_resets_per_account_are_limited(client, entrepreneur):
    url = "/ar/accounts/password/reset/"
    for _ in range(limit("reset_password", 1)):
        assert client.post(url, {"email": entrepreneur.email}).status_code == 302
    assert len(mail.outbox) == limit("reset_password", 1)
    assert_refused_in_arabic(client.post(url, {"email": entrepreneur.email}))
    assert len(mail.outbox) == limit("reset_password", 1)


def test_password_reset_keys_tried_per_address_are_limited(client, entrepreneur):
    from allauth.account.utils import user_pk_to_url_str

    url = f"/ar/accounts/password/reset/key/{user_pk_to_url_str(entrepreneur)}-guess/"
    data = {"password1": "Un-Nouveau-Mot-2026", "password2": "Un-Nouveau-Mot-2026"}
    for _ in range(limit("reset_password_from_key")):
        assert client.post(url, data).status_code == 200  # "bad token" page
    assert_refused_in_arabic(client.post(url, data))


def test_confirmation_emails_per_address_are_limited(client, make_user):
    """Over the limit the confirmation is not sent again (the link already sent still works):
    allauth's choice for links, which leaks nothing and cannot flood a mailbox."""
    make_user("pas-encore@example.ma", verified=False)
    login = {"login": "pas-encore@example.ma", "password": PASSWORD}
    for _ in range(limit("confirm_email") + 2):
        response = client.post("/fr/accounts/login/", login)
        assert response.status_code == 302
        assert response["Location"] == "/fr/accounts/confirm-email/"
    assert len(mail.outbox) == limit("confirm_email")
    assert not EmailAddress.objects.get(email="pas-encore@example.ma").verified


def test_confirmation_keys_tried_per_address_are_limited(client, make_user):
    make_user("pas-encore@example.ma", verified=False)
    rate = limit("confirm_email_key")
    for n in range(rate):
        method = client.get if n % 2 else client.post
        response = method(f"/ar/accounts/confirm-email/guess-{n}/")
        assert response.status_code in (200, 404), response.status_code  # invalid key
    assert_refused_in_arabic(client.get("/ar/accounts/confirm-email/guess-last/"))


def test_a_real_confirmation_key_still_works_under_the_limit(client, make_user):
    user = make_user("nouvelle@example.ma", verified=False)
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(user.emailaddress_set.get()).key
    response = client.post(reverse("account_confirm_email", kwargs={"key": key}))
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified


def test_dossier_verification_refuses_in_arabic_past_the_limit(client):
    for n in range(settings.VERIFY_RATE_LIMIT_PER_MINUTE):
        assert client.get(f"/ar/verify/CO-2026-{n:06d}/guess/").status_code == 404
    assert_refused_in_arabic(client.get("/ar/verify/CO-2026-000001/guess/"))


def test_certificate_verification_shares_the_verification_limit(client):
    for n in range(settings.VERIFY_RATE_LIMIT_PER_MINUTE // 2):
        assert client.get(f"/ar/verify/CO-2026-{n:06d}/guess/").status_code == 404
    for n in range(
        settings.VERIFY_RATE_LIMIT_PER_MINUTE - settings.VERIFY_RATE_LIMIT_PER_MINUTE // 2
    ):
        assert client.get(f"/ar/trainings/certificates/guess-{n}/").status_code == 404
    assert_refused_in_arabic(client.get("/ar/trainings/certificates/guess-last/"))


def test_password_changes_per_user_are_limited(client, entrepreneur):
    client.force_login(entrepreneur)
    url = "/ar/accounts/password/change/"
    data = {"oldpassword": "wrong", "password1": "Nouveau-2026-x", "password2": "Nouveau-2026-x"}
    for _ in range(limit("change_password")):
        assert client.post(url, data).status_code == 200  # the form says the old one is wrong
    assert_refused_in_arabic(client.post(url, data))


def test_every_allauth_limit_of_the_settings_is_tested_here():
    with open(__file__, encoding="utf-8") as source:
        tested = set(re.findall(r'limit\("(\w+)"', source.read()))
    elsewhere = {"login_failed", "signup"}  # tests/foundation/test_accounts.py
    assert set(settings.ACCOUNT_RATE_LIMITS) <= tested | elsewhere


def at_the_code_step(client, make_user):
    """An examiner with TOTP who gave the right password: (the code page's URL, a function
    giving the code of the moment)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

    from accounts.enums import Office, Role

    examiner = make_user("nadia@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    secret = generate_totp_secret()
    TOTP.activate(examiner, secret)
    response = client.post("/ar/accounts/login/", {"login": examiner.email, "password": PASSWORD})
    assert response["Location"] == "/ar/accounts/2fa/authenticate/"
    return response["Location"], lambda: f"{hotp_value(secret, int(time.time()) // 30):06d}"


def test_two_factor_codes_per_account_are_limited(client, make_user):
    """Staff sign in with a TOTP code: past the failed-login limit of the account (allauth
    counts wrong codes there) even the right code is refused, and nobody is signed in."""
    url, right_code = at_the_code_step(client, make_user)
    for _ in range(limit("login_failed", 1)):
        assert client.post(url, {"code": "not a code"}).status_code == 200
        assert "_auth_user_id" not in client.session
    response = client.post(url, {"code": right_code()})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert TOO_MANY_LOGINS_AR in response.content.decode()


def test_the_right_two_factor_code_signs_staff_in_under_the_limit(client, make_user):
    url, right_code = at_the_code_step(client, make_user)
    client.post(url, {"code": "not a code"})
    response = client.post(url, {"code": right_code()})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
