import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from carres.enums import DossierAction
from carres.models import Attachment
from carres.services import attach_file
from carres.uploads import validate_upload
from carres.workflow import TransitionError, transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_validate_upload_accepts_pdf_and_png():
    assert validate_upload(SimpleUploadedFile("statuts.pdf", PDF)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("plan.png", png_bytes())) == "image/png"


def test_validate_upload_refuses_renamed_executable():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("statuts.pdf", EXE, content_type="application/pdf"))
    assert caught.value.code == "bad_type"


def test_validate_upload_refuses_oversized_file_with_clear_message(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))
    assert caught.value.messages == [
        "Le fichier est trop volumineux (2,0\xa0Kio) : la limite est de 1,0\xa0Kio."
    ]


def test_attach_file_stores_under_unguessable_name(dossier, entrepreneur):
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF)
    )
    assert attachment.original_name == "statuts.pdf"
    assert attachment.file.name.startswith("attachments/")
    assert "statuts" not in attachment.file.name
    assert len(attachment.file.name) == len("attachments/") + 32 + len(".pdf")


def test_attach_refused_file_leaves_dossier_unchanged(dossier, entrepreneur):
    before = (dossier.lock_version, dossier.updated_at)
    count = Attachment.objects.count()  # the factory's checklist documents
    with pytest.raises(ValidationError):
        attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("x.pdf", EXE))
    dossier.refresh_from_db()
    assert Attachment.objects.count() == count
    assert (dossier.lock_version, dossier.updated_at) == before


def test_attach_after_submission_is_refused(dossier, entrepreneur):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    with pytest.raises(TransitionError):
        attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("s.pdf", PDF))


def test_attachment_download_for_owner_and_404_for_outsider(
    client, dossier, entrepreneur, outsider
):
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF)
    )
    client.force_login(outsider)
    assert client.get(f"/fr/dossiers/attachments/{attachment.pk}/").status_code == 404

    client.force_login(entrepreneur)
    response = client.get(f"/fr/dossiers/attachments/{attachment.pk}/")
    body = b"".join(response.streaming_content)
    response.close()
    assert (response.status_code, body) == (200, PDF)
    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'


def test_upload_view_refuses_disguised_file_with_message(client, dossier, entrepreneur):
    count = Attachment.objects.count()  # the factory's checklist documents
    client.force_login(entrepreneur)
    response = client.post(
        f"/fr/companies/{dossier.pk}/attach/",
        {"file": SimpleUploadedFile("photo.jpg", EXE)},
        follow=True,
    )
    assert Attachment.objects.count() == count
    assert [str(m) for m in response.context["messages"]] == [
        "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié)."
    ]


def test_examiner_cannot_download_attachment_of_a_draft(client, dossier, entrepreneur, examiner):
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF)
    )
    client.force_login(examiner)
    assert client.get(f"/fr/dossiers/attachments/{attachment.pk}/").status_code == 404
