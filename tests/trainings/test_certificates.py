"""Training certificates are made by carres.pdf: its base template, fonts and URL allow-list."""

from datetime import timedelta
from io import BytesIO
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from carres.pdf import RefusedURL, StaticOnlyFetcher
from tests.carres.test_pdf import REFUSED_URLS
from tests.factories.trainings import make_registration, make_session
from trainings.certificates import render_certificate

pytestmark = pytest.mark.django_db

# carres/pdf/base.html's fonts: Noto Sans for Latin, Cairo for Arabic.
FONTS = [
    "vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff",
    "vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff",
    "vendor/fonts/cairo/cairo-arabic-400-normal.woff",
    "vendor/fonts/cairo/cairo-arabic-700-normal.woff",
]


def attended(user):
    session = make_session(
        starts_in=timedelta(days=-2), signup_deadline=timezone.now() - timedelta(days=3)
    )
    return make_registration(session, user, status="attended", attended_at=timezone.now())


@pytest.fixture
def fetched():
    """Every URL WeasyPrint asked the fetcher for, with "served" or "refused"."""
    original = StaticOnlyFetcher.fetch
    answers = []

    def spy(fetcher, url, headers=None):
        try:
            response = original(fetcher, url, headers)
        except RefusedURL:
            answers.append((url, "refused"))
            raise
        answers.append((url, "served"))
        return response

    with mock.patch.object(StaticOnlyFetcher, "fetch", autospec=True, side_effect=spy):
        yield answers


@pytest.fixture
def hostile_certificate(settings, tmp_path):
    """The certificate template, plus every URL the allow-list refuses, named as a font, a
    style sheet and an image."""
    folder = tmp_path / "trainings"
    folder.mkdir()
    fonts = "".join(
        f'@font-face {{ font-family: "X{n}"; src: url("{url}"); }}'
        for n, url in enumerate(REFUSED_URLS)
    )
    tags = "".join(
        f'<link rel="stylesheet" href="{url}"><img src="{url}" alt="">' for url in REFUSED_URLS
    )
    (folder / "certificate.html").write_text(
        '{% extends "trainings/certificate.html" %}'
        f"{{% block style %}}{{{{ block.super }}}}{fonts}{{% endblock %}}"
        f"{{% block body %}}{{{{ block.super }}}}{tags}{{% endblock %}}"
    )
    templates = [{**engine} for engine in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [tmp_path, *templates[0].get("DIRS", [])]}
    settings.TEMPLATES = templates


@pytest.mark.parametrize(
    ("language", "first_name", "last_name"),
    [("fr", "Salma", "Bennani"), ("ar", "سلمى", "بناني")],
)
def test_certificate_is_a_pdf_with_the_participants_name(
    make_user, fetched, language, first_name, last_name
):
    user = make_user(
        "salma@example.ma",
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    registration = attended(user)

    pdf = render_certificate(registration)

    reader = PdfReader(BytesIO(pdf))
    text = reader.pages[0].extract_text()
    with translation.override(language):
        title = gettext("Attestation de participation")
    assert pdf[:5] == b"%PDF-"
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    assert f"{first_name} {last_name}" in text
    assert title in text
    assert registration.certificate_code in text
    # Fonts from the site's static files and the QR code, through the allow-list.
    assert {answer for _url, answer in fetched} == {"served"}
    assert {url.split(",")[0] if url.startswith("data:") else url for url, _ in fetched} == {
        "data:image/svg+xml;charset=utf-8",
        *(f"{settings.SITE_URL}{settings.STATIC_URL}{path}" for path in FONTS),
    }


def test_certificate_template_cannot_load_outside_urls(make_user, fetched, hostile_certificate):
    registration = attended(make_user("salma@example.ma", first_name="Salma"))

    with mock.patch("urllib.request.urlopen") as urlopen:
        pdf = render_certificate(registration)

    refused = {url for url, answer in fetched if answer == "refused"}
    served = {url for url, answer in fetched if answer == "served"}
    assert refused == set(REFUSED_URLS)
    assert {"data:" if url.startswith("data:") else url.rsplit("/", 1)[-1] for url in served} == {
        "data:",  # the QR code
        *(path.rsplit("/", 1)[-1] for path in FONTS),
    }
    urlopen.assert_not_called()
    assert "Salma" in PdfReader(BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_certificate_fills_its_page(make_user, language):
    """The text spreads over the whole page, the verification code at its foot (it used to
    fill only the top 60 %), on one page in French and in Arabic."""
    user = make_user("salma@example.ma", first_name="Salma", preferred_language=language)
    registration = attended(user)
    reader = PdfReader(BytesIO(render_certificate(registration)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    height = float(page.mediabox.height)
    heights = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    lowest, highest = min(heights), max(heights)
    # PDF y grows upwards: text from the top quarter down to the bottom seventh of the page.
    assert lowest < height * 0.15, (lowest, height)
    assert highest > height * 0.75, (highest, height)
