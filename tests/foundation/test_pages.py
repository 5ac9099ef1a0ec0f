"""Languages, layout, security headers and the signed-in pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import Office, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [("fr", "ltr", "Quatre services"), ("ar", "rtl", "أربع خدمات"), ("en", "ltr", "Four services")],
)
def test_home_speaks_each_language(client, language, direction, title):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert title in html


def test_root_redirects_to_french(client):
    response = client.get("/", headers={"accept-language": ""})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_unknown_language_prefix_is_a_friendly_404(client):
    response = client.get("/de/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_language_switcher_keeps_the_current_page(client, entrepreneur):
    client.force_login(entrepreneur)
    html = client.get("/fr/accounts/profile/").content.decode()
    assert 'href="/ar/accounts/profile/"' in html
    assert 'href="/en/accounts/profile/"' in html


SECURITY_PAGES = [
    ("/fr/", None, {}),
    ("/ar/accounts/login/", None, {}),
    ("/en/trademarks/search/?mark=atlas", None, {}),
    ("/fr/trademarks/search/?mark=atlas", None, {"hx-request": "true"}),  # an htmx partial
    ("/fr/page-inexistante/", None, {}),  # the 404 page
    ("/fr/dashboard/", "entrepreneur", {}),
    ("/fr/admin/", "administrator", {}),
]


@pytest.mark.parametrize(("url", "who", "headers"), SECURITY_PAGES)
def test_pages_send_a_strict_content_security_policy(client, make_user, url, who, headers):
    import re

    if who is not None:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user = make_user(
            f"{who}@example.ma",
            role=Role.ADMINISTRATOR if who == "administrator" else Role.ENTREPRENEUR,
        )
        TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 404)
    policy = dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    # django-csp adds the nonce once a template used it (a page with no inline script has none).
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", policy["script-src"])
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    html = response.content.decode()
    nonce = policy["script-src"].partition("'nonce-")[2].rstrip("'")
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert all(nonce and f'nonce="{nonce}"' in tag for tag in inline_scripts), inline_scripts
    if url == "/fr/":
        assert f'nonce="{nonce}"' in html  # the layout's scripts carry it
    if who != "administrator":  # our own templates: no inline style, no inline handler
        assert not re.search(r"<[^>]+\sstyle=", html)
        assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_assets_are_served_by_the_site(client):
    html = client.get("/fr/trademarks/search/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "https://" not in html.split("<body>")[0]
    font = client.get(
        "/static/vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff2"
    )
    assert font.status_code == 200
    assert b"".join(font.streaming_content)[:4] == b"wOF2"


def test_dashboard_requires_login(client):
    response = client.get("/fr/dashboard/")
    assert response.status_code == 302, response
    assert response["Location"].startswith("/fr/accounts/login/")


def test_dashboard_lists_my_dossiers_heading(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get("/ar/dashboard/")
    assert response.status_code == 200
    assert "ملفاتي" in response.content.decode()


def test_profile_saves_language_and_phone(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/accounts/profile/",
        {
            "first_name": "Salma",
            "last_name": "Bennani",
            "phone": "+212 6 12 34 56 78",
            "preferred_language": "ar",
        },
    )
    assert response.status_code == 302
    entrepreneur.refresh_from_db()
    assert entrepreneur.preferred_language == "ar"
    assert entrepreneur.phone == "+212 6 12 34 56 78"


def test_profile_rejects_a_bad_phone_and_keeps_the_input(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Salma",
            "last_name": "Bennani-typed",
            "phone": "call me",
            "preferred_language": "fr",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid phone number" in html
    assert 'value="Bennani-typed"' in html
    entrepreneur.refresh_from_db()
    assert entrepreneur.last_name == "Bennani"


def test_staff_without_two_factor_is_sent_to_set_it_up(client, make_user):
    examiner = make_user("nadia@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    client.force_login(examiner)
    response = client.get("/fr/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_two_factor_reaches_the_back_office(client, make_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    examiner = make_user("nadia@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    TOTP.activate(examiner, generate_totp_secret())
    client.force_login(examiner)
    assert client.get("/fr/admin/").status_code == 200


def test_entrepreneur_never_reaches_the_back_office(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get("/fr/admin/", follow=True)
    assert response.redirect_chain == [("/fr/admin/login/?next=/fr/admin/", 302)]
    assert response.status_code == 403


def test_admin_login_goes_through_allauth(client):
    response = client.get("/fr/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_examiner_must_have_an_office(make_user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("nooffice@example.ma", role=Role.EXAMINER, office="")


def test_translations_are_active_in_arabic():
    with translation.override("ar"):
        assert translation.gettext("Mes dossiers") == "ملفاتي"
