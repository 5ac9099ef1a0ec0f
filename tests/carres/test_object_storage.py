"""Uploads and PDFs on S3-compatible object storage, as production keeps them.

An S3 server (moto's, in a thread of this process, on a free port) with a bucket of a
unique name per module; STORAGES["default"] is what settings.py builds when S3_BUCKET is
set (`carres.storage.s3_storage`). Uploads go through the real views and services, the
quarantine scan through the real task, PDFs through the real renderer.

What moto's server does not check, so these tests cannot either: signatures (a request
signed with any key, or a presigned URL with a forged signature, is served) and the
expiry of presigned URLs (it serves them after X-Amz-Expires); bucket policies beyond
what is set here, server-side encryption and object locks. It does refuse an unsigned
request for a private object (its ACL), which is checked below.
"""

import io
import logging
import runpy
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from carres.enums import DossierAction, ScanStatus
from carres.models import Attachment, GeneratedDocument
from carres.pdf import store_dossier_pdf
from carres.quarantine import scan_attachment
from carres.services import attach_file
from carres.storage import s3_storage
from tests.factories.files import pdf_bytes, png_bytes, with_open_action_js

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
RLO_NAME = "facture\u202efdp.exe"  # shows as "factureexe.pdf"
REGION = "us-east-1"
ACCESS_KEY, SECRET_KEY = "carres-test-key", "carres-test-secret"


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server on a free port (one per xdist worker), for this module's tests."""
    from moto.server import ThreadedMotoServer

    werkzeug = logging.getLogger("werkzeug")  # one line a request otherwise
    level = werkzeug.level
    werkzeug.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    werkzeug.setLevel(level)


@pytest.fixture(scope="module")
def bucket(s3_endpoint):
    """A new bucket of a unique name on the server, and a client to look into it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    name = f"carres-test-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    return Bucket(client, name, s3_endpoint)


class Bucket:
    def __init__(self, client, name, endpoint):
        self.client, self.name, self.endpoint = client, name, endpoint

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def get(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)

    def empty(self):
        for key in self.keys():
            self.client.delete_object(Bucket=self.name, Key=key)


@pytest.fixture(autouse=True)
def s3(settings, bucket):
    """Every file of the test goes to the bucket, configured as settings.py does it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket=bucket.name,
            endpoint_url=bucket.endpoint,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region_name=REGION,
        ),
    }
    bucket.empty()
    return bucket


def browser_get(url):
    """(status, body) of a plain GET of `url`, with no credentials: as a browser would."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def released_upload(dossier, actor, name=RLO_NAME, data=PDF):
    attachment = attach_file(dossier, actor=actor, upload=SimpleUploadedFile(name, data))
    assert scan_attachment(attachment.pk) == "clean"
    attachment.refresh_from_db()
    return attachment


def test_settings_build_the_s3_storage_from_the_environment(monkeypatch):
    for variable, value in {
        "S3_BUCKET": "carres",
        "S3_ENDPOINT_URL": "http://minio:9000",
        "S3_ACCESS_KEY_ID": "id",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_REGION": REGION,
    }.items():
        monkeypatch.setenv(variable, value)
    module = runpy.run_path(str(Path(__file__).parents[2] / "carres" / "settings" / "__init__.py"))

    assert module["STORAGES"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "carres",
            "endpoint_url": "http://minio:9000",
            "access_key": "id",
            "secret_key": "secret",
            "region_name": REGION,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }


def test_upload_through_the_view_is_stored_private_then_released_by_the_scan(
    client, dossier, entrepreneur, eager_celery, s3, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    with django_capture_on_commit_callbacks(execute=True):  # the scan task, run eagerly
        response = client.post(
            f"/fr/companies/{dossier.pk}/attach/",
            {"file": SimpleUploadedFile(RLO_NAME, PDF, content_type="text/html")},
        )

    attachment = Attachment.objects.get(original_name="facturefdp.exe")
    key = attachment.file.name
    stored = s3.get(key)
    grants = s3.client.get_object_acl(Bucket=s3.name, Key=key)["Grants"]
    assert response.status_code == 302
    assert (attachment.scan_status, s3.keys()) == (ScanStatus.CLEAN, [key])
    assert (key.startswith("attachments/"), key.endswith(".pdf")) == (True, True)
    assert (stored["Body"].read(), stored["ContentType"]) == (PDF, "application/pdf")
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only
    assert "URI" not in grants[0]["Grantee"]  # no AllUsers / AuthenticatedUsers group
    assert browser_get(f"{s3.endpoint}/{s3.name}/{key}")[0] == 403  # unsigned: refused


def test_a_name_taken_in_the_bucket_is_never_overwritten(s3):
    first = default_storage.save("attachments/same.pdf", ContentFile(b"first"))
    second = default_storage.save("attachments/same.pdf", ContentFile(b"second"))

    assert first == "attachments/same.pdf"
    assert second != first
    assert s3.get(first)["Body"].read() == b"first"


def test_download_streams_the_object_under_a_safe_name(client, dossier, entrepreneur, s3):
    attachment = released_upload(dossier, entrepreneur)
    client.force_login(entrepreneur)

    response = client.get(f"/fr/dossiers/attachments/{attachment.pk}/")
    body = b"".join(response.streaming_content)
    response.close()

    # Streamed by the portal: the bucket's (internal) address never reaches the browser.
    assert (response.status_code, response.get("Location"), body) == (200, None, PDF)
    assert response["Content-Disposition"] == 'attachment; filename="facturefdp.pdf"'
    assert (response["Content-Type"], response["Content-Length"]) == (
        "application/pdf",
        str(len(PDF)),
    )


def test_outsider_gets_404_and_nothing_is_read(client, dossier, entrepreneur, outsider):
    attachment = released_upload(dossier, entrepreneur)
    client.force_login(outsider)

    assert client.get(f"/fr/dossiers/attachments/{attachment.pk}/").status_code == 404


def test_storage_url_is_presigned_and_expires_and_the_bare_url_is_refused(
    dossier, entrepreneur, s3
):
    attachment = released_upload(dossier, entrepreneur)

    url = default_storage.url(attachment.file.name)
    query = parse_qs(urlsplit(url).query)
    bare = url.split("?", 1)[0]

    assert bare == f"{s3.endpoint}/{s3.name}/{attachment.file.name}"
    assert (query["X-Amz-Algorithm"], query["X-Amz-Expires"]) == (["AWS4-HMAC-SHA256"], ["3600"])
    assert query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY}/")
    assert len(query["X-Amz-Signature"][0]) == 64
    assert browser_get(url) == (200, PDF)
    assert browser_get(bare)[0] == 403


def test_dossier_pdf_is_rendered_into_the_bucket_replaced_and_downloaded(
    client, dossier, entrepreneur, s3, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    attachment = released_upload(dossier, entrepreneur)
    first = store_dossier_pdf(dossier)
    first_key = first.file.name
    stored = s3.get(first_key)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(stored["Body"].read())).pages
    )
    # the attachment was read back from the bucket to count its pages
    assert "facturefdp.exe — 1 page" in text
    assert stored["ContentType"] == "application/pdf"

    dossier.activity = "Conseil en propriété industrielle"
    dossier.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = store_dossier_pdf(dossier)

    assert (second.pk, second.file.name != first_key) == (first.pk, True)
    assert s3.keys() == sorted([attachment.file.name, second.file.name])  # the old one deleted
    client.force_login(entrepreneur)
    response = client.get(f"/fr/dossiers/documents/{second.pk}/")
    body = b"".join(response.streaming_content)
    response.close()
    assert body == s3.get(second.file.name)["Body"].read()
    assert body.startswith(b"%PDF-")


def test_scan_rejecting_an_object_deletes_it_from_the_bucket(
    dossier, entrepreneur, s3, django_capture_on_commit_callbacks
):
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("s.pdf", PDF))
    # changed in the bucket after its upload check
    s3.client.put_object(
        Bucket=s3.name, Key=attachment.file.name, Body=pdf_bytes(build=with_open_action_js)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert scan_attachment(attachment.pk) == "rejected"

    assert (Attachment.objects.filter(pk=attachment.pk).exists(), s3.keys()) == (False, [])


def test_scan_of_an_object_missing_from_the_bucket_rejects_it(dossier, entrepreneur, s3):
    attachment = attach_file(dossier, actor=entrepreneur, upload=SimpleUploadedFile("s.pdf", PDF))
    s3.client.delete_object(Bucket=s3.name, Key=attachment.file.name)

    assert scan_attachment(attachment.pk) == "rejected"
    event = dossier.events.get(action=DossierAction.FILE_REJECTED)
    assert (
        event.comment
        == "« s.pdf » a été supprimé : le fichier est introuvable. Envoyez-le à nouveau."
    )


def test_removing_a_drawing_deletes_its_object(
    client, entrepreneur, s3, django_capture_on_commit_callbacks
):
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(entrepreneur)
    drawing = attach_file(
        filing, actor=entrepreneur, upload=SimpleUploadedFile("fig.pdf", png_bytes())
    )
    assert s3.keys() == [drawing.file.name]
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/patents/{filing.pk}/drawings/{drawing.pk}/remove/")

    assert (drawing.file.name.endswith(".png"), s3.keys()) == (True, [])


def test_deleting_the_account_deletes_its_draft_dossiers_objects(
    dossier, entrepreneur, s3, django_capture_on_commit_callbacks
):
    from accounts.services import delete_account

    attachment = released_upload(dossier, entrepreneur)
    document = store_dossier_pdf(dossier)
    assert s3.keys() == sorted([attachment.file.name, document.file.name])

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(entrepreneur, actor=entrepreneur)

    assert (GeneratedDocument.objects.count(), s3.keys()) == (0, [])
