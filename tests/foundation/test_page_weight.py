"""What keeps the first view light and steady: compressed pages, fonts preloaded per script,
htmx only where a page uses it, and its styles kept out of the page (the CSP would refuse them
and log an error). tests/browser/test_accessibility.py checks every main page that uses hx-*
attributes loads htmx."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

# The faces cut by `manage.py subset_fonts` (tests/carres/test_fonts.py): an Arabic page
# preloads the Arabic letters' faces, not the rest of the Arabic script's.
LATIN = "/static/fonts/noto-sans-latin-{}.woff2"
ARABIC = "/static/fonts/noto-sans-arabic-core-{}.woff2"


def preloaded_fonts(html):
    return re.findall(
        r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html
    )


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client):
    response = client.get("/fr/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert len(response.content) < len(html.encode()) / 2


def test_pages_are_sent_plain_to_clients_that_do_not_accept_gzip(client):
    response = client.get("/fr/")
    assert not response.has_header("Content-Encoding")
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def test_latin_pages_preload_the_latin_fonts_only(client):
    html = client.get("/en/").content.decode()
    assert preloaded_fonts(html) == [LATIN.format(400), LATIN.format(700)]


def test_arabic_pages_preload_the_arabic_fonts_and_the_latin_body_font(client):
    html = client.get("/ar/").content.decode()
    assert preloaded_fonts(html) == [ARABIC.format(400), ARABIC.format(700), LATIN.format(400)]


def test_preloaded_fonts_are_the_files_the_stylesheet_asks_for(client):
    """A preload that the stylesheet does not use would be downloaded twice."""
    css = Path(finders.find("css/fonts.css")).read_text()
    used = {"/static/" + url.removeprefix("../") for url in re.findall(r'url\("([^"]+)"\)', css)}
    for language in ("fr", "ar"):
        for href in preloaded_fonts(client.get(f"/{language}/").content.decode()):
            assert href in used
            assert finders.find(href.removeprefix("/static/")), href


def test_pages_without_hx_attributes_load_no_htmx(client):
    html = client.get("/fr/").content.decode()
    assert "hx-" not in html
    assert "htmx" not in html


def test_htmx_is_told_not_to_inject_its_indicator_styles(client):
    html = client.get("/fr/trademarks/search/").content.decode()
    assert "htmx.min.js" in html
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    assert json.loads(config) == {"includeIndicatorStyles": False}
    site_css = Path(finders.find("css/site.css")).read_text()
    assert ".htmx-request .htmx-indicator" in site_css
