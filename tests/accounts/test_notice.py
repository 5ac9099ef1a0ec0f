"""The privacy notice: public, in three languages, with the settings it promises to show."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def test_notice_shows_controller_declaration_transfer_and_retention_from_settings(client, settings):
    settings.CNDP_DECLARATION = "D-GC-123/2026"
    settings.CNDP_TRANSFER_AUTHORISATION = "A-GC-456/2026"
    settings.PRIVACY_NOTICE_VERSION = "2026.7"
    settings.RETENTION_DRAFT_DAYS = 200
    settings.RETENTION_SUPPORT_REQUEST_DAYS = 730

    response = client.get("/fr/privacy/")
    html = unescape(response.content.decode())

    assert response.status_code == 200
    assert '<bdi dir="ltr" class="cndp-declaration">D-GC-123/2026</bdi>' in html
    assert '<bdi dir="ltr" class="cndp-transfer">A-GC-456/2026</bdi>' in html
    assert "version 2026.7" in html
    assert "effacés 200 jours après leur dernière modification" in html
    assert "effacées 2 ans après leur clôture" in html
    assert "responsable du traitement" in html
    assert "Institut national de la propriété industrielle" in html
    assert "articles 43 et 44" in html
    for right in ("Droit d'accès", "Droit de rectification", "Droit d'opposition"):
        assert right in html


def test_notice_in_arabic_is_right_to_left_and_translated(client):
    response = client.get("/ar/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>حماية المعطيات الشخصية</h1>" in html
    assert "اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي" in html


def test_notice_in_english(client):
    html = unescape(client.get("/en/privacy/").content.decode())
    assert "<h1>Personal data protection</h1>" in html
    assert "Right of access (article 7)" in html


def test_notice_is_linked_from_the_footer_of_every_page(client):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/privacy/">Personal data protection</a>' in html


def test_notice_is_linked_from_the_signup_form(client):
    html = client.get("/fr/accounts/signup/").content.decode()
    assert '<a href="/fr/privacy/">' in html
    assert 'name="accept_notice"' in html
