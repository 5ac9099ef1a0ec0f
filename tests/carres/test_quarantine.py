"""Quarantine without an antivirus: the built-in checks decide (tests/carres/test_antivirus.py
runs the same with a real clamd and a real worker)."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from carres import antivirus
from carres.enums import DossierAction, DossierStatus, ScanStatus
from carres.models import Attachment, DossierEvent, DossierMessage, Notification, OutboxMessage
from carres.quarantine import scan_attachment, sweep_quarantine
from carres.services import attach_file, post_message
from carres.workflow import AttachmentsInQuarantine, transition
from companies.models import DossierDocument
from tests.conftest import BASE_DIR
from tests.factories import files
from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
IN_QUARANTINE = (
    "Un document est encore en cours de vérification (contrôle antivirus) : le dossier "
    "n'a pas été soumis. Rechargez la page dans un instant et soumettez-le à nouveau."
)


@pytest.fixture
def pending(dossier, entrepreneur):
    return attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("plan.pdf", PDF))


def test_new_attachment_is_quarantined_and_out_of_everyones_reach(
    client, dossier, entrepreneur, examiner
):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    pending = attach_file(dossier, actor=examiner, upload=SimpleUploadedFile("note.pdf", PDF))
    assert (pending.scan_status, pending.is_released) == (ScanStatus.PENDING, False)
    for user in (entrepreneur, examiner):
        client.force_login(user)
        assert client.get(f"/fr/dossiers/attachments/{pending.pk}/").status_code == 404


def test_page_lists_a_quarantined_file_without_a_link(client, dossier, entrepreneur, pending):
    client.force_login(entrepreneur)
    page = client.get(f"/fr/companies/{dossier.pk}/").content.decode()
    assert (
        '<span dir="auto">plan.pdf</span> <span class="muted">(en cours de vérification, '
        "disponible dans un instant)</span>"
    ) in page
    assert (
        f'href="/fr/dossiers/attachments/{pending.pk}/"' not in page
    )  # deletable, not downloadable


def test_submission_is_refused_while_a_file_is_quarantined(client, dossier, entrepreneur, pending):
    dossier.refresh_from_db()
    version = dossier.lock_version
    client.force_login(entrepreneur)

    response = client.post(
        f"/fr/companies/{dossier.pk}/step/review/", {"lock_version": version}, follow=True
    )

    dossier.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [IN_QUARANTINE]
    assert (dossier.status, dossier.lock_version, dossier.reference) == (
        DossierStatus.DRAFT,
        version,
        None,
    )
    with pytest.raises(AttachmentsInQuarantine):
        transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)


def test_scan_releases_a_clean_file_once(client, dossier, entrepreneur, pending):
    assert scan_attachment(pending.pk) == "clean"
    assert scan_attachment(pending.pk) is None  # a second run finds nothing to do

    pending.refresh_from_db()
    assert pending.scan_status == ScanStatus.CLEAN
    assert pending.scanned_at is not None
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    assert dossier.status == DossierStatus.SUBMITTED
    client.force_login(entrepreneur)
    response = client.get(f"/fr/dossiers/attachments/{pending.pk}/")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    response.close()  # last: closing fires request_finished, which closes the connection


def test_scan_of_a_missing_attachment_does_nothing():
    assert scan_attachment(987654) is None


def replace_content(attachment, data):
    """A file that changed in storage after its upload check (or that came by another path)."""
    attachment.file.storage.delete(attachment.file.name)
    attachment.file.storage.save(attachment.file.name, ContentFile(data))


def test_scan_rejects_unsafe_content_deletes_it_and_tells_the_owner(dossier, entrepreneur):
    document = dossier.checklist.select_related("attachment").first()
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", PDF)
    )
    document.attachment = attachment  # the checklist line is answered by the new upload
    document.save()
    replace_content(attachment, pdf_bytes(build=files.with_open_action_js))
    storage, name = attachment.file.storage, attachment.file.name

    assert scan_attachment(attachment.pk) == "rejected"
    assert scan_attachment(attachment.pk) is None

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not DossierDocument.objects.filter(pk=document.pk).exists()  # the line is open again
    event = DossierEvent.objects.filter(action=DossierAction.FILE_REJECTED).get()
    assert (event.dossier, event.actor, event.from_status, event.to_status, event.internal) == (
        dossier,
        None,
        DossierStatus.DRAFT,
        DossierStatus.DRAFT,
        False,
    )
    assert event.comment == (
        "« statuts.pdf » a été supprimé : Ce PDF contient du JavaScript, ce qui n'est pas "
        "accepté pour des raisons de sécurité. Imprimez-le en PDF (ou exportez-le en « PDF/A ») "
        "et envoyez ce nouveau fichier."
    )
    assert list(Notification.objects.values_list("recipient", "verb")) == [
        (entrepreneur.pk, "file_rejected")
    ]
    assert list(OutboxMessage.objects.values_list("recipient", "verb", "channel")) == [
        (entrepreneur.pk, "file_rejected", "email")
    ]
    # The blob goes once the transaction commits (this test's transaction never does).
    assert storage.exists(name)


def test_rejection_is_written_in_the_uploaders_language(dossier, entrepreneur):
    entrepreneur.preferred_language = "ar"
    entrepreneur.save()
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("plan.png", files.png_bytes())
    )
    replace_content(attachment, files.png_bomb())

    assert scan_attachment(attachment.pk) == "rejected"

    assert DossierEvent.objects.get(action=DossierAction.FILE_REJECTED).comment == (
        "حُذف «plan.png»: هذه الصورة كبيرة جدًا: الحد الأقصى 40 مليون بكسل. صغّرها ثم أعد المحاولة."
    )


def test_rejected_message_attachment_keeps_the_message(dossier, entrepreneur, examiner):
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    transition(dossier, DossierAction.TAKE, actor=examiner)
    message = post_message(
        dossier,
        actor=examiner,
        body="Voici le modèle",
        upload=SimpleUploadedFile("modele.pdf", PDF),
    )
    replace_content(message.attachment, b"%PDF-1.4\n%%EOF\n")

    assert scan_attachment(message.attachment.pk) == "rejected"

    message.refresh_from_db()
    assert (message.body, message.attachment) == ("Voici le modèle", None)
    # The uploader (here the examiner) is the one told.
    assert list(
        Notification.objects.filter(verb="file_rejected").values_list("recipient", flat=True)
    ) == [examiner.pk]
    assert DossierMessage.objects.count() == 1


def test_scan_with_antivirus_unreachable_keeps_the_file_quarantined(settings, pending, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")

    with pytest.raises(antivirus.ClamdUnavailable):
        scan_attachment(pending.pk)

    pending.refresh_from_db()
    assert pending.scan_status == ScanStatus.PENDING


def test_scan_with_antivirus_on_a_closed_tcp_port_is_transient(settings, pending):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", port

    with pytest.raises(antivirus.ClamdUnavailable):
        scan_attachment(pending.pk)


def test_sweeper_queues_files_left_pending(dossier, entrepreneur, pending):
    recent = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("b.pdf", PDF))
    Attachment.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )

    assert sweep_quarantine() == 1
    assert recent.scan_status == ScanStatus.PENDING


def run_check_deploy(**env):
    import os

    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAMD_")},
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_warns_when_no_antivirus_is_configured():
    result = run_check_deploy()
    assert "(carres.W001) No antivirus is configured" in result.stdout + result.stderr


def test_check_deploy_is_quiet_about_antivirus_once_configured():
    result = run_check_deploy(CLAMD_SOCKET="/run/clamav/clamd.ctl")
    assert "carres.W001" not in result.stdout + result.stderr


def test_dossier_pdf_lists_an_attachment_only_once_released(dossier, entrepreneur, pending):
    from carres.pdf import render_dossier_html

    assert "plan.pdf" not in render_dossier_html(dossier)[0]
    scan_attachment(pending.pk)
    assert '<span dir="auto">plan.pdf</span> — 1 page, ' in render_dossier_html(dossier)[0]
