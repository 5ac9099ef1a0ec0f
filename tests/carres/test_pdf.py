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


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "http://127.0.0.1:8000/static/../../carres/settings.py",
    ],
)
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


def test_pdf_in_arabic_is_rtl_with_arabic_text(submitted, entrepreneur):
    entrepreneur.preferred_language = "ar"
    entrepreneur.save()
    submitted.refresh_from_db()

    document = store_dossier_pdf(submitted)

    reader = pdf_of(document)
    text = "".join(page.extract_text() for page in reader.pages)
    assert document.language == "ar"
    # Logical order, joined letters: whole words come back as typed. (Noto Sans Arabic
    # draws some dotted letters as a dotless base plus a dot glyph, so text extraction
    # maps a few letters to a sibling: only words without those letters are asserted.)
    assert "مُقدَّم" in text
    assert "الملف" in text
    assert "Atlas Innov" in text
    assert submitted.reference in text
    assert decode_qr(reader) == [submitted.verification_url()]


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
