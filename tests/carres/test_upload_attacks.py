"""Hostile uploads through the real views: each one gets a clear message, no 500, and
leaves nothing behind (no row, no stored file, the dossier as it was)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from carres.enums import DossierAction
from carres.models import Attachment, DossierEvent, DossierMessage, Notification
from carres.uploads import OversizedUpload
from carres.workflow import transition
from ip_filings.models import TrademarkFiling
from tests.factories import files
from tests.factories.files import EXE, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

BAD_TYPE = "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié)."
MARKUP = "Les fichiers SVG, HTML ou XML sont refusés : ils peuvent contenir du code."
JS = (
    "Ce PDF contient du JavaScript, ce qui n'est pas accepté pour des raisons de sécurité. "
    "Imprimez-le en PDF (ou exportez-le en « PDF/A ») et envoyez ce nouveau fichier."
)
BOMB = (
    "Cette image est trop grande : la limite est de 40 millions de pixels. "
    "Réduisez-la et réessayez."
)
BAD_IMAGE = "Cette image est endommagée ou illisible : enregistrez-la à nouveau et réessayez."
TOO_LARGE = "Le fichier est trop volumineux (97,7\xa0Kio) : la limite est de 48,8\xa0Kio."

ATTACKS = {
    "exe_renamed_pdf": ("statuts.pdf", lambda: EXE, BAD_TYPE),
    "html_named_png": ("photo.png", lambda: files.HTML, MARKUP),
    "svg_with_script": ("plan.svg", lambda: files.SVG_SCRIPT, MARKUP),
    "oversized": ("statuts.pdf", lambda: files.padded_pdf(100_000), TOO_LARGE),
    "corrupted_png": ("plan.png", lambda: png_bytes((300, 300))[:-40], BAD_IMAGE),
    "decompression_bomb_png": ("plan.png", files.png_bomb, BOMB),
    "pdf_with_javascript": ("statuts.pdf", lambda: pdf_bytes(build=files.with_open_action_js), JS),
    "zip_bomb_named_pdf": ("statuts.pdf", lambda: files.zip_bomb(40), BAD_TYPE),
}


@pytest.fixture
def limit(settings):
    settings.UPLOAD_MAX_BYTES = 50_000  # keeps the oversized files small


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(dossier):
    dossier.refresh_from_db()
    return (
        Attachment.objects.count(),
        DossierEvent.objects.count(),
        stored_files(),
        dossier.lock_version,
        dossier.updated_at,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_on_attach_is_refused_and_leaves_nothing(
    attack, client, dossier, entrepreneur, limit
):
    name, build, message = ATTACKS[attack]
    client.force_login(entrepreneur)
    before = snapshot(dossier)

    response = client.post(
        f"/fr/companies/{dossier.pk}/attach/",
        {"file": SimpleUploadedFile(name, build())},
        follow=True,
    )

    assert (response.status_code, messages_of(response)) == (200, [message])
    assert snapshot(dossier) == before


@pytest.mark.parametrize("attack", ["exe_renamed_pdf", "pdf_with_javascript", "oversized"])
def test_attack_in_a_message_sends_no_message(
    attack, client, dossier, entrepreneur, examiner, limit
):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    name, build, message = ATTACKS[attack]
    client.force_login(entrepreneur)
    before = snapshot(dossier)
    notifications = Notification.objects.count()

    response = client.post(
        f"/fr/companies/{dossier.pk}/message/",
        {"body": "Voici la pièce", "file": SimpleUploadedFile(name, build())},
    )

    # The page again, the text kept, the refusal under the file field (issue 20)
    assert (response.status_code, messages_of(response)) == (400, [])
    assert response.context["message_form"] == {
        "body": "Voici la pièce",
        "errors": {"file": [message]},
    }
    assert snapshot(dossier) == before
    assert (DossierMessage.objects.count(), Notification.objects.count()) == (0, notifications)


@pytest.mark.parametrize("attack", ["decompression_bomb_png", "svg_with_script", "corrupted_png"])
def test_attack_as_a_patent_drawing_is_refused_in_the_form(attack, client, entrepreneur, limit):
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(entrepreneur)
    name, build, message = ATTACKS[attack]
    client.force_login(entrepreneur)
    before = snapshot(filing)

    response = client.post(
        f"/fr/patents/{filing.pk}/step/drawings/", {"file": SimpleUploadedFile(name, build())}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [message]
    assert snapshot(filing) == before


MARK = {"mark_text": "Atlas Bleu", "transliteration": "", "colours": "", "mark_type": "combined"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.svg", files.SVG_SCRIPT, MARKUP),
        ("logo.svg", files.SVG_EVENT, MARKUP),
        ("logo.svg", files.SVG_EXTERNAL, MARKUP),
        ("logo.png", files.SVG_SCRIPT, MARKUP),  # renamed: the content decides
        ("logo.png", files.png_bomb(), BOMB),
        ("logo.png", png_bytes((300, 300))[:-40], BAD_IMAGE),
        (
            "logo.png",
            pdf_bytes(),
            "Le logo doit être une image PNG ou JPEG (son contenu a été vérifié).",
        ),
    ],
    ids=[
        "svg_script",
        "svg_event_handler",
        "svg_external_reference",
        "svg_named_png",
        "png_bomb",
        "corrupted_png",
        "pdf_as_logo",
    ],
)
def test_trademark_logo_step_refuses_svg_and_broken_images(
    name, data, message, client, entrepreneur
):
    """ip_filings refuses SVG outright (it can carry script, event handlers and external
    references): nothing to sanitise, the logo must be PNG or JPEG."""
    client.force_login(entrepreneur)
    before = stored_files()

    response = client.post(
        "/fr/trademarks/dossiers/new/", {**MARK, "logo": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [message]
    assert (TrademarkFiling.objects.count(), stored_files()) == (0, before)


# --- Size, whatever the headers claim ------------------------------------------------------


def multipart(data, *, part_length=None, name="statuts.pdf"):
    header = f"Content-Length: {part_length}\r\n" if part_length is not None else ""
    return (
        b"--BOUNDARY\r\n"
        + f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode()
        + b"Content-Type: application/pdf\r\n"
        + header.encode()
        + b"\r\n"
        + data
        + b"\r\n--BOUNDARY--\r\n"
    )


CONTENT_TYPE = "multipart/form-data; boundary=BOUNDARY"


def test_oversized_file_whose_part_claims_a_small_length_is_refused(
    client, dossier, entrepreneur, limit
):
    client.force_login(entrepreneur)
    before = snapshot(dossier)
    body = multipart(files.padded_pdf(100_000), part_length=100)

    response = client.generic(
        "POST", f"/fr/companies/{dossier.pk}/attach/", body, content_type=CONTENT_TYPE
    )

    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [TOO_LARGE]
    assert snapshot(dossier) == before


@pytest.mark.parametrize("claimed", [120, 1000, 60_000])
def test_request_shorter_than_its_body_drops_the_cut_file(
    claimed, client, dossier, entrepreneur, limit
):
    """A Content-Length smaller than the body: only that many bytes are read, the file part
    has no end and is dropped, and the user is asked for a file."""
    client.force_login(entrepreneur)
    before = snapshot(dossier)
    body = multipart(files.padded_pdf(100_000))

    response = client.generic(
        "POST",
        f"/fr/companies/{dossier.pk}/attach/",
        body,
        content_type=CONTENT_TYPE,
        CONTENT_LENGTH=str(claimed),
    )

    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == ["Choisissez un fichier."]
    assert snapshot(dossier) == before


def test_size_limit_handler_stops_keeping_bytes_past_the_limit(limit):
    """The bytes past UPLOAD_MAX_BYTES never reach memory or a temporary file: the upload
    that comes out is an empty stand-in that only knows its size."""
    data = b"%PDF-1.7\n" + b"0" * 300_000
    request = RequestFactory().generic(
        "POST", "/", multipart(data, part_length=10), content_type=CONTENT_TYPE
    )

    upload = request.FILES["file"]

    assert isinstance(upload, OversizedUpload)
    assert (upload.name, upload.size, upload.read()) == ("statuts.pdf", len(data), b"")


def test_file_within_the_limit_arrives_whole(limit):
    data = pdf_bytes()
    request = RequestFactory().generic("POST", "/", multipart(data), content_type=CONTENT_TYPE)

    upload = request.FILES["file"]

    assert (type(upload).__name__, upload.read()) == ("InMemoryUploadedFile", data)
