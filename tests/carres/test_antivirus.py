"""A real clamd, started by the tests on their own socket with a database that holds one
test signature (freshclam cannot reach the internet here, and need not), and a real
Celery worker that scans quarantined uploads with it."""

import io
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carres import antivirus
from carres.enums import DossierAction, ScanStatus
from carres.models import Attachment, DossierEvent, Notification, OutboxMessage
from carres.quarantine import scan_attachment
from carres.services import attach_file
from carres.testservers import stop_process
from tests.conftest import wait_until
from tests.factories.files import TEST_VIRUS_MARKER, large_pdf, pdf_bytes

CLAMD = Path("/usr/sbin/clamd")
SIGNATURE = "CarresTest.Signature.UNOFFICIAL"  # clamd adds .UNOFFICIAL to local signatures
STREAM_MAX = 1024 * 1024


class Clamd:
    """One clamd process: its own config, socket, log, and a database of one signature."""

    def __init__(self, root):
        self.root = root
        self.socket = str(root / "clamd.sock")
        self.process = None

    def start(self):
        if not CLAMD.exists():
            pytest.fail(
                f"clamd is missing at {CLAMD}: run ./scripts/system-packages.sh --with-browser"
            )
        database = self.root / "db"
        database.mkdir(exist_ok=True)
        # An extended (.ndb) signature: the marker's bytes anywhere in any file.
        (database / "carres-test.ndb").write_text(
            f"CarresTest.Signature:0:*:{TEST_VIRUS_MARKER.hex()}\n"
        )
        config = self.root / "clamd.conf"
        config.write_text(
            f"LocalSocket {self.socket}\n"
            f"DatabaseDirectory {database}\n"
            f"TemporaryDirectory {self.root}\n"
            f"LogFile {self.root / 'clamd.log'}\n"
            f"StreamMaxLength {STREAM_MAX}\n"
            "Foreground yes\n"
        )
        self.process = subprocess.Popen(
            [str(CLAMD), "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError((self.root / "clamd.log").read_text())
            time.sleep(0.2)
        return self

    def _answers(self):
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(2)
                sock.connect(self.socket)
                sock.sendall(b"zPING\0")
                return sock.recv(16) == b"PONG\0"
        except OSError:
            return False

    def log(self):
        return (self.root / "clamd.log").read_text()

    def stop(self):
        stop_process(self.process)


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    daemon = Clamd(tmp_path_factory.mktemp("clamd")).start()
    yield daemon
    daemon.stop()


@pytest.fixture
def use_clamd(clamd, settings):
    settings.CLAMD_SOCKET = clamd.socket
    return clamd


INFECTED = pdf_bytes(title=TEST_VIRUS_MARKER.decode())  # a valid PDF carrying the marker
CLEAN = pdf_bytes()


# --- The client against the real daemon --------------------------------------------------


def test_clamd_runs_on_the_test_signature_alone(clamd):
    assert "Loaded 1 signatures." in clamd.log()


def test_client_pings_and_scans(use_clamd):
    assert antivirus.ping() is True
    assert antivirus.scan(io.BytesIO(CLEAN)) is None
    assert antivirus.scan(io.BytesIO(INFECTED)) == SIGNATURE
    assert antivirus.scan(io.BytesIO(b"x" * 100 + TEST_VIRUS_MARKER)) == SIGNATURE


def test_client_reports_a_stream_over_the_daemons_limit(use_clamd):
    with pytest.raises(antivirus.ClamdError, match="size limit exceeded"):
        antivirus.scan(io.BytesIO(b"0" * (STREAM_MAX + 1)))


def test_client_over_tcp_with_nobody_listening_is_unavailable(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = "", "127.0.0.1", port
    with pytest.raises(antivirus.ClamdUnavailable):
        antivirus.scan(io.BytesIO(CLEAN))


@pytest.mark.django_db
def test_scan_rejects_a_file_the_daemon_cannot_scan(use_clamd, dossier, entrepreneur, settings):
    settings.UPLOAD_MAX_BYTES = 4 * STREAM_MAX  # misconfigured: larger than StreamMaxLength
    big = large_pdf(STREAM_MAX)
    attachment = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("gros.pdf", big)
    )

    assert scan_attachment(attachment.pk) == "rejected"

    assert DossierEvent.objects.get(action=DossierAction.FILE_REJECTED).comment == (
        "« gros.pdf » a été supprimé : l'antivirus n'a pas pu l'analyser. Envoyez-le à "
        "nouveau, plus petit si possible."
    )


# --- A real worker scans quarantined uploads -------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_quarantines_an_infected_upload_and_releases_a_clean_one(
    clamd, celery_worker_factory, client, dossier, entrepreneur, tmp_path
):
    celery_worker_factory(env={"CLAMD_SOCKET": clamd.socket})

    infected = attach_file(
        dossier, actor=entrepreneur, upload=SimpleUploadedFile("statuts.pdf", INFECTED)
    )
    clean = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("plan.pdf", CLEAN))
    storage, infected_name = infected.file.storage, infected.file.name

    wait_until(lambda: not Attachment.objects.filter(pk=infected.pk).exists(), timeout=60)
    wait_until(
        lambda: Attachment.objects.filter(pk=clean.pk, scan_status=ScanStatus.CLEAN).exists(),
        timeout=60,
    )

    event = DossierEvent.objects.get(action=DossierAction.FILE_REJECTED)
    assert event.comment == (
        "« statuts.pdf » a été supprimé : l'antivirus y a détecté un logiciel malveillant "
        f"({SIGNATURE})."
    )
    assert list(Notification.objects.values_list("recipient", "verb")) == [
        (entrepreneur.pk, "file_rejected")
    ]
    wait_until(lambda: not storage.exists(infected_name))
    sent = wait_until(
        lambda: OutboxMessage.objects.filter(verb="file_rejected", sent_at__isnull=False).first()
    )
    assert sent.recipient == entrepreneur
    mail = "".join(path.read_text() for path in tmp_path.glob("*.log") if "worker" not in path.name)
    assert "Un document que vous avez envoyé a été refusé" in mail
    assert f"l'antivirus y a détecté un logiciel malveillant ({SIGNATURE})" in mail

    client.force_login(entrepreneur)
    assert client.get(f"/fr/dossiers/attachments/{infected.pk}/").status_code == 404
    response = client.get(f"/fr/dossiers/attachments/{clean.pk}/")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, CLEAN)
    response.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_retries_while_clamd_is_down_then_releases(
    celery_worker_factory, dossier, entrepreneur, tmp_path
):
    later = Clamd(tmp_path)  # its socket does not exist yet
    worker = celery_worker_factory(env={"CLAMD_SOCKET": later.socket})
    try:
        attachment = attach_file(
            dossier, actor=entrepreneur, upload=SimpleUploadedFile("plan.pdf", CLEAN)
        )
        wait_until(lambda: "ClamdUnavailable" in worker.log_text(), timeout=60)
        assert "Retry in" in worker.log_text()
        attachment.refresh_from_db()
        assert attachment.scan_status == ScanStatus.PENDING

        later.start()

        wait_until(
            lambda: Attachment.objects.filter(
                pk=attachment.pk, scan_status=ScanStatus.CLEAN
            ).exists(),
            timeout=90,
        )
    finally:
        later.stop()
