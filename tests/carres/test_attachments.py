"""Attachments: stored under unguessable names, downloaded under safe ones, by their people only."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from carres.enums import DossierAction
from carres.models import Attachment
from carres.services import attach_file
from carres.uploads import display_file_name, download_file_name
from carres.workflow import TransitionError, transition
from tests.factories.files import EXE, pdf_bytes, png_bytes, release_quarantined

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


# --- Attachments -----------------------------------------------------------------------


def test_attach_file_stores_under_unguessable_name(dossier, entrepreneur):
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF)
    )
    assert attachment.original_name == "statuts.pdf"
    assert attachment.file.name.startswith("attachments/")
    assert "statuts" not in attachment.file.name
    assert len(attachment.file.name) == len("attachments/") + 32 + len(".pdf")


# --- Names: files that lie ------------------------------------------------------------

RLO_NAME = "facture\u202efdp.exe"  # shows as "factureexe.pdf"; holds a PDF here


def test_pdf_named_exe_behind_a_bidi_override_is_stored_as_pdf(dossier, entrepreneur):
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile(RLO_NAME, PDF))

    assert attachment.file.name.endswith(".pdf")
    assert ".exe" not in attachment.file.name
    assert (attachment.original_name, attachment.download_name) == (
        "facturefdp.exe",
        "facturefdp.pdf",
    )


def test_png_named_pdf_is_stored_and_downloaded_as_png(dossier, entrepreneur):
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("plan.pdf", png_bytes())
    )

    assert (attachment.mime_type, attachment.file.name[-4:]) == ("image/png", ".png")
    assert (attachment.original_name, attachment.download_name) == ("plan.pdf", "plan.png")


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("facture\u202efdp.exe", "facturefdp.exe"),  # right-to-left override
        ("\u202aa\u202bb\u202cc\u202dd.pdf", "abcd.pdf"),  # embeddings, pop, LTR override
        ("\u2066x\u2067y\u2068z\u2069.pdf", "xyz.pdf"),  # isolates
        ("a\u200eb\u200fc\u061cd\u200be\ufefff.pdf", "abcdef.pdf"),  # marks, zero width, BOM
        ("a\x00b\x1bc\x7fd\x9be.pdf", "abcde.pdf"),  # C0, DEL, C1 controls
        ("relevé\r\nde\tcompte\u2028 2026.pdf", "relevé de compte 2026.pdf"),
        ("C:\\Users\\salma\\statuts.pdf", "statuts.pdf"),  # a path: its last part
        ("../../etc/passwd", "passwd"),
        ("  ..statuts.pdf.. ", "statuts.pdf"),
        ("Cafe\u0301.pdf", "Café.pdf"),  # NFC: one character, as typed elsewhere
        ("عقد الشركة.pdf", "عقد الشركة.pdf"),
        ("\u202e\u2066\x00", "document"),  # nothing visible left
    ],
)
def test_display_file_name_drops_invisible_and_control_characters(given, shown):
    assert display_file_name(given) == shown


def test_display_file_name_shortens_a_long_name_keeping_its_extension():
    assert display_file_name("a" * 300 + ".pdf") == "a" * 196 + ".pdf"
    assert display_file_name("b" * 300) == "b" * 200
    assert len(display_file_name("c" * 150 + "." + "d" * 100)) == 200


def test_display_file_name_fallback_is_translated():
    with translation.override("ar"):
        assert display_file_name("\u202e") == "مستند"
    with translation.override("en"):
        assert display_file_name("") == "document"


@pytest.mark.parametrize(
    ("name", "mime", "downloaded"),
    [
        ("facturefdp.exe", "application/pdf", "facturefdp.pdf"),
        ("plan.pdf", "image/png", "plan.png"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),  # a right extension, in any case, stays
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("statuts", "application/pdf", "statuts.pdf"),
        ("a" * 200, "application/pdf", "a" * 196 + ".pdf"),
    ],
)
def test_download_file_name_carries_the_extension_of_the_content(name, mime, downloaded):
    assert download_file_name(name, mime) == downloaded


def test_page_shows_the_name_without_control_characters_and_escaped(client, dossier, entrepreneur):
    client.force_login(entrepreneur)
    name = "<img src=x onerror=alert(1)>\u202efdp.exe"
    response = client.post(
        f"/fr/companies/{dossier.pk}/attach/", {"file": SimpleUploadedFile(name, PDF)}, follow=True
    )
    release_quarantined()
    page = client.get(f"/fr/companies/{dossier.pk}/").content.decode()

    assert [str(m) for m in response.context["messages"]] == ["Document ajouté."]
    assert "&lt;img src=x onerror=alert(1)&gt;fdp.exe</a>" in page
    assert "<img src=x" not in page
    assert "\u202e" not in page


def test_download_of_a_disguised_file_has_a_safe_content_disposition(client, dossier, entrepreneur):
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile(RLO_NAME, PDF))
    release_quarantined()
    client.force_login(entrepreneur)

    response = client.get(f"/fr/dossiers/attachments/{attachment.pk}/")
    body = b"".join(response.streaming_content)
    response.close()

    assert (body, response["Content-Type"]) == (PDF, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="facturefdp.pdf"'


def test_download_of_a_non_ascii_name_is_encoded_per_rfc_5987(client, dossier, entrepreneur):
    name = 'عقد "الشركة"\u202e.pdf'
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile(name, PDF))
    release_quarantined()
    client.force_login(entrepreneur)

    response = client.get(f"/fr/dossiers/attachments/{attachment.pk}/")
    response.close()

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D8%B9%D9%82%D8%AF%20%22%D8%A7%D9%84%D8%B4%D8%B1%D9%83%D8%A9%22.pdf"
    )


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
    release_quarantined()
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
    release_quarantined()
    client.force_login(examiner)
    assert client.get(f"/fr/dossiers/attachments/{attachment.pk}/").status_code == 404


def test_migration_cleans_the_names_stored_before(dossier, entrepreneur):
    from django.apps import apps

    migration = importlib.import_module("carres.migrations.0006_attachment_clean_original_names")
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("a.pdf", PDF))
    Attachment.objects.filter(pk=attachment.pk).update(original_name=RLO_NAME)
    untouched = Attachment.objects.exclude(pk=attachment.pk).values_list("pk", "original_name")
    before = sorted(untouched)

    migration.clean_original_names(apps, None)

    attachment.refresh_from_db()
    assert attachment.original_name == "facturefdp.exe"
    assert sorted(untouched) == before
