"""What every page's frame says: its title, and the footer's legal line."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def title_of(response):
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1])


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/fr/trainings/", "Formations · Carrés des innovateurs"),
        ("/ar/verify/", "التحقق من وثيقة · مربعات المبتكرين"),
        ("/en/privacy/", "Personal data protection · Carrés des innovateurs"),
    ],
)
def test_title_names_the_page_then_the_site(client, path, title):
    assert title_of(client.get(path)) == title


def test_home_title_is_the_site_alone_or_separated(client):
    title = title_of(client.get("/fr/"))
    assert title == "Carrés des innovateurs" or title.endswith(" · Carrés des innovateurs")
    assert "AccueilCarrés" not in title


def test_footer_hides_the_cndp_line_while_no_number_is_set(client, settings):
    settings.CNDP_DECLARATION = ""
    for language in ("fr", "ar", "en"):
        body = client.get(f"/{language}/").content.decode()
        assert "CNDP" not in body
        assert "compléter" not in body


def test_footer_shows_the_cndp_number_once_set(client, settings):
    settings.CNDP_DECLARATION = "D-GC-123/2026"
    body = client.get("/ar/").content.decode()
    assert '<bdi dir="ltr">D-GC-123/2026</bdi>' in body


def test_privacy_notice_without_numbers_says_no_placeholder(client, settings):
    settings.CNDP_DECLARATION = ""
    settings.CNDP_TRANSFER_AUTHORISATION = ""
    body = unescape(client.get("/fr/privacy/").content.decode())
    assert "cndp-declaration" not in body and "cndp-transfer" not in body
    assert "soumet un tel transfert à l'autorisation" in body
