"""Every download of an identity document is logged, whoever downloads it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import IdentityDocumentDownload
from carres.enums import DossierAction
from carres.workflow import transition
from tests.accounts.conftest import close_download

pytestmark = pytest.mark.django_db


def download(client, user, attachment, address="192.0.2.10"):
    client.force_login(user)
    response = client.get(f"/fr/dossiers/attachments/{attachment.pk}/", REMOTE_ADDR=address)
    if response.status_code == 200:
        close_download(response)
    return response.status_code


def logged():
    return list(
        IdentityDocumentDownload.objects.order_by("id").values_list(
            "owner__email",
            "downloaded_by__email",
            "downloader_role",
            "downloader_office",
            "file_name",
            "ip_address",
        )
    )


def test_owner_and_examiner_downloads_are_logged_with_address(client, footprint, examiner):
    assert download(client, footprint.user, footprint.identity, "198.51.100.7") == 200
    transition(footprint.draft, DossierAction.SUBMIT, actor=footprint.user)
    assert download(client, examiner, footprint.identity, "203.0.113.9") == 200

    assert logged() == [
        (
            "salma@example.ma",
            "salma@example.ma",
            "entrepreneur",
            "",
            "cin-Salma.pdf",
            "198.51.100.7",
        ),
        (
            "salma@example.ma",
            "examiner@ompic.ma",
            "examiner",
            "ompic",
            "cin-Salma.pdf",
            "203.0.113.9",
        ),
    ]
    entry = IdentityDocumentDownload.objects.order_by("id").last()
    footprint.draft.refresh_from_db()
    assert entry.dossier_label == footprint.draft.reference
    assert entry.attachment == footprint.identity


def test_address_comes_from_the_trusted_proxy_helper(client, footprint, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(footprint.user)
    response = client.get(
        f"/fr/dossiers/attachments/{footprint.identity.pk}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.23",
    )
    close_download(response)
    assert IdentityDocumentDownload.objects.get().ip_address == "198.51.100.23"


def test_other_files_are_not_logged(client, footprint):
    assert download(client, footprint.user, footprint.upload) == 200
    assert logged() == []


def test_refused_download_is_not_logged(client, footprint, outsider):
    assert download(client, outsider, footprint.identity) == 404
    assert logged() == []


def test_identity_lines_are_flagged_in_the_reference_data():
    from companies.models import RequiredDocument

    flagged = set(RequiredDocument.objects.filter(is_identity=True).values_list("code", flat=True))
    assert flagged == {"id"}
    assert RequiredDocument.objects.filter(is_identity=True).count() == 7  # every legal form


def test_administrators_read_the_log_and_nobody_edits_it(client, footprint, make_user, examiner):
    download(client, footprint.user, footprint.identity)
    entry = IdentityDocumentDownload.objects.get()
    administrator = make_user("admin@example.ma", role="administrator")
    for user in (administrator, examiner):
        TOTP.activate(user, "JBSWY3DPEHPK3PXPCARRESTEST23456")

    client.force_login(administrator)
    changelist = client.get("/fr/admin/accounts/identitydocumentdownload/")
    assert changelist.status_code == 200
    assert "cin-Salma.pdf" in changelist.content.decode()
    detail = client.get(f"/fr/admin/accounts/identitydocumentdownload/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="file_name"' not in detail.content.decode()  # read-only
    assert client.get("/fr/admin/accounts/identitydocumentdownload/add/").status_code == 403
    delete_url = f"/fr/admin/accounts/identitydocumentdownload/{entry.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert IdentityDocumentDownload.objects.count() == 1

    client.force_login(examiner)
    assert client.get("/fr/admin/accounts/identitydocumentdownload/").status_code == 403
