"""Cross-site request forgery and cookie flags.

Every state-changing form refuses a POST without the CSRF token, and accepts the same POST
with it (so the refusal is the token's doing). Cookies are checked under the settings a
production environment produces (SECURE_COOKIES=true, DEBUG=false), read from a fresh
process: the suite itself runs with insecure cookies (tests/conftest.py).
The security headers are tested in tests/foundation/test_pages.py.
"""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import BASE_DIR
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_from(client, page):
    """GET a page with a form: the CSRF cookie is set, its value is the token to send."""
    assert client.get(page).status_code == 200
    return client.cookies["csrftoken"].value


@pytest.fixture
def forms(entrepreneur, make_user):
    """(page with the form, URL posted to, data, user) for each state-changing form."""
    from tests.factories.chambers import make_request
    from tests.factories.companies import make_company_dossier
    from tests.factories.ip_filings import make_filing
    from tests.factories.patents import make_patent_filing

    company = make_company_dossier(entrepreneur)
    trademark = make_filing(entrepreneur)
    patent = make_patent_filing(entrepreneur)
    support_request = make_request(entrepreneur)
    make_user("nouvelle@example.ma")
    names_step = reverse("companies:step", kwargs={"pk": company.pk, "step": "names"})
    mark_step = reverse("ip_filings:trademark_step", kwargs={"pk": trademark.pk, "step": "mark"})
    patent_step = reverse("patents:patent_step", kwargs={"pk": patent.pk, "slug": "priority"})
    return {
        "login": (
            "/fr/accounts/login/",
            None,
            {"login": "nouvelle@example.ma", "password": PASSWORD},
            None,
        ),
        "signup": (
            "/fr/accounts/signup/",
            None,
            {"email": "autre@example.ma", "password1": PASSWORD, "password2": PASSWORD},
            None,
        ),
        "password reset": (
            "/fr/accounts/password/reset/",
            None,
            {"email": "nouvelle@example.ma"},
            None,
        ),
        "profile": (
            "/fr/accounts/profile/",
            None,
            {"first_name": "S", "last_name": "B", "phone": "", "preferred_language": "fr"},
            entrepreneur,
        ),
        "company step": (
            names_step,
            None,
            {
                "name_1": "Atlas Neuf",
                "name_2": "Atlas Neuf Bis",
                "name_3": "",
                "lock_version": company.lock_version,
            },
            entrepreneur,
        ),
        "trademark step": (
            mark_step,
            None,
            {
                "mark_type": "word",
                "mark_text": "Atlas Neuf",
                "lock_version": trademark.lock_version,
            },
            entrepreneur,
        ),
        "patent step": (patent_step, None, {}, entrepreneur),
        "dossier message": (
            company.get_absolute_url(),
            reverse("companies:message", kwargs={"pk": company.pk}),
            {"body": "Bonjour"},
            entrepreneur,
        ),
        "support request message": (
            support_request.get_absolute_url(),
            reverse("chambers:request_message", kwargs={"pk": support_request.pk}),
            {"body": "Bonjour"},
            entrepreneur,
        ),
        "notifications read": ("/fr/notifications/", "/fr/notifications/read/", {}, entrepreneur),
        "logout": ("/fr/accounts/profile/", "/fr/accounts/logout/", {}, entrepreneur),
    }


FORMS = [
    "login",
    "signup",
    "password reset",
    "profile",
    "company step",
    "trademark step",
    "patent step",
    "dossier message",
    "support request message",
    "notifications read",
    "logout",
]


@pytest.mark.parametrize("name", FORMS)
def test_post_without_csrf_token_is_refused(forms, name):
    page, target, data, user = forms[name]
    client = csrf_client(user)
    client.get(page)  # the cookie alone is not enough: the token must come with the form
    response = client.post(target or page, data)
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()  # our page (CSRF_FAILURE_VIEW)


@pytest.mark.parametrize("name", FORMS)
def test_post_with_the_csrf_token_goes_through(forms, name):
    page, target, data, user = forms[name]
    client = csrf_client(user)
    token = token_from(client, page)
    response = client.post(target or page, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302, 400)


def test_post_with_another_session_s_token_is_refused(forms):
    page, target, data, user = forms["dossier message"]
    attacker = csrf_client()
    stolen = token_from(attacker, "/fr/accounts/login/")
    client = csrf_client(user)
    token_from(client, page)  # the victim has a cookie of its own, which the stolen one is not
    response = client.post(target, {**data, "csrfmiddlewaretoken": stolen})
    assert response.status_code == 403


def test_back_office_post_without_csrf_token_is_refused(examiner, entrepreneur):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from carres.enums import DossierAction
    from carres.workflow import transition
    from tests.factories.companies import make_company_dossier

    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    TOTP.activate(examiner, generate_totp_secret())
    client = csrf_client(examiner)
    url = reverse("backoffice:dossier_post", args=["CO", dossier.pk, "claim"])
    assert client.post(url).status_code == 403
    token = token_from(client, reverse("backoffice:dossier", args=["CO", dossier.pk]))
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302


# --- cookies under production settings ------------------------------------------------------
COOKIE_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
]


def production_settings(**extra):
    """The cookie settings as a production process computes them from its environment."""
    inherited = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_COOKIES", "DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env.update(
        DJANGO_SETTINGS_MODULE="carres.settings",
        DEBUG="false",
        SECRET_KEY="p" * 20 + "-production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="portail.example.ma",
        **extra,
    )
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {COOKIE_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_cookies_are_secure_by_default():
    # Nothing said about SECURE_COOKIES: DEBUG off means secure cookies.
    assert production_settings() == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SAMESITE": "Lax",
    }


def test_cookies_sent_after_login_carry_the_production_flags(settings, entrepreneur):
    for name, value in production_settings(SECURE_COOKIES="true").items():
        setattr(settings, name, value)
    client = Client(enforce_csrf_checks=True)
    token = token_from(client, "/fr/accounts/login/")
    csrf_cookie = client.cookies["csrftoken"]
    response = client.post(
        "/fr/accounts/login/",
        {"login": entrepreneur.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    for cookie in (session_cookie, csrf_cookie):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
