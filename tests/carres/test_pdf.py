import io

import pytest
import zxingcpp
from django.core.files.storage import default_storage
from pypdf import PdfReader

from carres.enums import DossierAction
from carres.models import GeneratedDocument
from carres.pdf import RefusedURL, StaticOnlyFetcher, store_dossier_pdf
from carres.workflow import transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    return dossier


def pdf_of(document):
    with document.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def decode_qr(reader):
    # The QR is in the first page's header (WeasyPrint shares image resources between
    # pages, so a longer dossier would list the same image once per page).
    images = [image.image for image in reader.pages[0].images]
    return [barcode.text for image in images for barcode in zxingcpp.read_barcodes(image)]


# What a PDF template must never load (tests/trainings/test_certificates.py tries them too).
REFUSED_URLS = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.com/x.css",
    "ftp://example.com/x",
    "http://127.0.0.1:8000/static/../../carres/settings.py",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_fetcher_refuses_anything_but_static_and_data(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_static_file_and_data_uri(settings):
    fetcher = StaticOnlyFetcher()
    font = fetcher.fetch(
        settings.SITE_URL
        + "/static/vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff"
    )
    data = fetcher.fetch("data:text/plain;base64,SGVsbG8=")
    try:
        assert font.read(4) == b"wOFF"
        assert data.read() == b"Hello"
    finally:
        font.close()
        data.close()


def test_pdf_in_french_has_fields_reference_and_qr(submitted):
    document = store_dossier_pdf(submitted)

    reader = pdf_of(document)
    text = "".join(page.extract_text() for page in reader.pages)
    assert submitted.reference in text
    assert "Atlas Innov" in text
    assert "100\u00a0000,00\u00a0MAD" in text or "100 000,00 MAD" in text
    assert decode_qr(reader) == [submitted.verification_url()]
    assert (document.state, document.language) == ("submitted", "fr")


ARABIC_NAME = "شركة الأطلس للابتكار والتقنيات الحديثة"
ARABIC_ACTIVITY = "تطوير البرمجيات وخدمات الاستشارة الرقمية"


def test_pdf_in_arabic_extracts_exact_strings_in_order(entrepreneur):
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    from tests.factories.companies import make_company_dossier

    entrepreneur.preferred_language = "ar"
    entrepreneur.save()
    dossier = make_company_dossier(entrepreneur, name_1=ARABIC_NAME, activity=ARABIC_ACTIVITY)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)

    document = store_dossier_pdf(dossier)

    reader = pdf_of(document)
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    text = "\n".join(lines)
    with translation.override("ar"):
        labels = [str(section["label"]) for section in dossier.pdf_sections()]
        headings = [
            str(settings.PROGRAMME_NAME),
            gettext("Référence"),
            gettext("Statut"),
            dossier.get_status_display(),
            gettext("Contenu du dossier"),
        ]
        closing = [
            gettext("Pièces jointes"),
            gettext("Historique"),
        ]
    assert document.language == "ar"
    # Cairo's glyphs map back to their letters: every purely Arabic string comes back
    # exactly, letter for letter, in logical order (pypdf; a run that mixes in digits or
    # Latin, e.g. "التسمية المقترحة رقم 1", comes out in visual order, so it is checked by parts).
    arabic_labels = [label for label in labels if not any(c.isdigit() for c in label)]
    numbered = [label.rsplit(" ", 1) for label in labels if label not in arabic_labels]
    ordered = [*headings, *arabic_labels, *closing]
    for expected in [*ordered, ARABIC_NAME, ARABIC_ACTIVITY]:
        assert expected in text, expected
    assert text.index(ARABIC_NAME) < text.index(ARABIC_ACTIVITY)
    positions = [text.index(expected) for expected in ordered]
    assert positions == sorted(positions)
    # Each row is one line: label then value, in reading order.
    assert f"{labels[4]}{ARABIC_ACTIVITY}" in lines
    assert f"{numbered[0][1]} {numbered[0][0]}{ARABIC_NAME}" in lines
    assert dossier.reference in text
    assert decode_qr(reader) == [dossier.verification_url()]


def test_pdf_stored_twice_keeps_one_file(submitted):
    first = store_dossier_pdf(submitted)
    second = store_dossier_pdf(submitted)

    assert GeneratedDocument.objects.count() == 1
    assert first.pk == second.pk
    assert first.file.name == second.file.name


def test_pdf_regenerated_replaces_old_blob(submitted, django_capture_on_commit_callbacks):
    first = store_dossier_pdf(submitted)
    old_name = first.file.name
    submitted.activity = "Autre activité"
    submitted.save()

    with django_capture_on_commit_callbacks(execute=True):
        second = store_dossier_pdf(submitted)

    assert GeneratedDocument.objects.count() == 1
    assert second.file.name != old_name
    assert default_storage.exists(second.file.name)
    assert not default_storage.exists(old_name)


def test_document_download_for_owner(client, submitted, entrepreneur):
    document = store_dossier_pdf(submitted)
    client.force_login(entrepreneur)

    response = client.get(f"/fr/dossiers/documents/{document.pk}/")

    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert body[:5] == b"%PDF-"


def test_document_download_by_outsider_is_404(client, submitted, outsider):
    document = store_dossier_pdf(submitted)
    client.force_login(outsider)

    response = client.get(f"/fr/dossiers/documents/{document.pk}/")

    assert response.status_code == 404


def test_pdf_task_killed_mid_render_is_redone_once(submitted):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from carres.models import OutboxMessage
    from carres.notifications import unsent_outbox_ids
    from carres.pdf import deliver_pdf

    message = OutboxMessage.objects.get(channel="pdf")
    with (
        mock.patch("carres.pdf.html_to_pdf", side_effect=SystemExit("worker killed")),
        pytest.raises(SystemExit),
    ):
        deliver_pdf(message.pk)

    # Nothing half-done: no document row, the outbox row still waits for the sweeper.
    assert GeneratedDocument.objects.count() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert unsent_outbox_ids() == [message.pk]

    assert deliver_pdf(message.pk) is not None
    assert deliver_pdf(message.pk) is None
    assert GeneratedDocument.objects.count() == 1
