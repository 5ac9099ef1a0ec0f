"""The nightly retention job: stale drafts, orphan files and expired rows go; filings stay."""

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ConsentRecord, IdentityDocumentDownload
from accounts.retention import purge_expired_data
from carres.models import Attachment, Notification
from chambers.models import SupportRequest
from companies.models import CompanyDossier
from tests.conftest import wait_until
from trainings.models import Registration

pytestmark = pytest.mark.django_db

NOTHING = {
    "drafts": 0,
    "support_requests": 0,
    "training_registrations": 0,
    "notifications": 0,
    "identity_download_logs": 0,
    "data_exports": 0,
    "deleted_account_consents": 0,
    "orphan_files": 0,
}


def age(model, pk, field, days):
    """Time travel: the row's `field` is `days` in the past (update() skips auto_now)."""
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def age_file(path, days):
    past = time.time() - days * 86400
    os.utime(path, (past, past))


def test_stale_draft_is_erased_with_its_files_and_a_filed_one_is_never(
    footprint, media, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_DRAFT_DAYS = 365
    age(CompanyDossier, footprint.draft.pk, "updated_at", 400)
    Attachment.objects.filter(object_id=footprint.draft.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    age(CompanyDossier, footprint.filed.pk, "updated_at", 4000)
    identity_file = media / footprint.identity.file.name

    with django_capture_on_commit_callbacks(execute=True):
        counts = purge_expired_data()

    assert counts["drafts"] == 1
    assert not CompanyDossier.objects.filter(pk=footprint.draft.pk).exists()
    assert not identity_file.exists()
    assert CompanyDossier.objects.filter(pk=footprint.filed.pk).exists()
    assert purge_expired_data() == NOTHING  # idempotent


def test_draft_with_a_recent_edit_or_file_is_kept(footprint, settings):
    settings.RETENTION_DRAFT_DAYS = 365
    age(CompanyDossier, footprint.draft.pk, "updated_at", 364)
    assert purge_expired_data()["drafts"] == 0

    age(CompanyDossier, footprint.draft.pk, "updated_at", 400)  # a file added last week
    assert purge_expired_data()["drafts"] == 0
    assert CompanyDossier.objects.filter(pk=footprint.draft.pk).exists()


def test_nothing_submitted_is_purged_however_old(footprint, examiner, settings):
    from carres.enums import DossierAction
    from carres.workflow import transition
    from tests.factories.companies import make_company_dossier

    settings.RETENTION_DRAFT_DAYS = 1
    transition(
        footprint.filed, DossierAction.REQUEST_CHANGES, actor=examiner, comment="Complete it"
    )
    withdrawn = make_company_dossier(
        footprint.user, name_1="Withdrawn after filing", name_2="Withdrawn 2"
    )
    transition(withdrawn, DossierAction.SUBMIT, actor=footprint.user)
    transition(withdrawn, DossierAction.WITHDRAW, actor=footprint.user)
    CompanyDossier.objects.update(updated_at=timezone.now() - timedelta(days=9999))
    Attachment.objects.update(created_at=timezone.now() - timedelta(days=9999))

    assert purge_expired_data()["drafts"] == 1  # the footprint's draft, never filed

    assert sorted(CompanyDossier.objects.values_list("name_1", "status")) == [
        ("Filed Salma", "changes_requested"),
        ("Withdrawn after filing", "withdrawn"),
    ]


def test_orphan_files_go_after_the_grace_period_and_named_ones_stay(footprint, media, settings):
    settings.RETENTION_ORPHAN_FILE_HOURS = 24
    old_orphan = media / "attachments" / "old-orphan.pdf"
    young_orphan = media / "attachments" / "young-orphan.pdf"
    old_orphan.write_bytes(b"%PDF-1.4")
    young_orphan.write_bytes(b"%PDF-1.4")
    age_file(old_orphan, 2)
    named = media / footprint.upload.file.name
    age_file(named, 30)

    counts = purge_expired_data()

    assert counts["orphan_files"] == 1
    assert (old_orphan.exists(), young_orphan.exists(), named.exists()) == (False, True, True)


def test_expired_rows_go_and_recent_ones_stay(footprint, outsider_footprint, settings):
    from accounts.services import record_identity_download

    settings.RETENTION_SUPPORT_REQUEST_DAYS = 30
    settings.RETENTION_TRAINING_REGISTRATION_DAYS = 30
    settings.RETENTION_NOTIFICATION_DAYS = 30
    settings.RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS = 30
    old, recent = footprint, outsider_footprint
    for footprint_ in (old, recent):
        SupportRequest.objects.filter(pk=footprint_.support_request.pk).update(
            status="closed", outcome="resolved", closed_at=timezone.now()
        )
    age(SupportRequest, old.support_request.pk, "closed_at", 31)
    old.registration.session.__class__.objects.filter(pk=old.registration.session_id).update(
        starts_at=timezone.now() - timedelta(days=31),
        ends_at=timezone.now() - timedelta(days=31) + timedelta(hours=2),
        signup_deadline=timezone.now() - timedelta(days=32),
    )
    Notification.objects.filter(recipient=old.user).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    old_log = record_identity_download(old.identity, user=old.user, ip_address="192.0.2.1")
    record_identity_download(recent.identity, user=recent.user, ip_address="192.0.2.2")
    age(IdentityDocumentDownload, old_log.pk, "created_at", 31)
    expected_notifications = Notification.objects.filter(recipient=old.user).count()

    counts = purge_expired_data()

    assert counts == {
        **NOTHING,
        "support_requests": 1,
        "training_registrations": 1,
        "notifications": expected_notifications,
        "identity_download_logs": 1,
    }
    assert list(SupportRequest.objects.values_list("message", flat=True)) == ["Help me Omar"]
    assert list(Registration.objects.values_list("user__email", flat=True)) == [
        "outsider@example.ma"
    ]
    assert list(IdentityDocumentDownload.objects.values_list("ip_address", flat=True)) == [
        "192.0.2.2"
    ]


def test_consents_of_a_deleted_account_go_after_their_period(entrepreneur, settings):
    from accounts.enums import ConsentSource
    from accounts.models import User
    from accounts.services import accept_privacy_notice, delete_account

    settings.RETENTION_DELETED_ACCOUNT_CONSENT_DAYS = 100
    accept_privacy_notice(entrepreneur, source=ConsentSource.SIGNUP)
    delete_account(entrepreneur, actor=entrepreneur)
    assert purge_expired_data()["deleted_account_consents"] == 0
    age(User, entrepreneur.pk, "deleted_at", 101)
    assert purge_expired_data()["deleted_account_consents"] == 1
    assert not ConsentRecord.objects.exists()


def test_retention_runs_every_night_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "accounts.tasks.purge_expired_data"
    from carres.celery import app

    app.loader.import_default_modules()
    assert "accounts.tasks.purge_expired_data" in app.tasks


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_purges_a_stale_draft(celery_worker_process, entrepreneur, settings):
    from accounts.tasks import purge_expired_data as task
    from tests.factories.companies import make_company_dossier

    draft = make_company_dossier(entrepreneur, documents=False)
    age(CompanyDossier, draft.pk, "updated_at", settings.RETENTION_DRAFT_DAYS + 1)
    task.delay()
    wait_until(lambda: not CompanyDossier.objects.filter(pk=draft.pk).exists())


def test_pdf_exports_go_after_their_period_with_their_files(
    footprint, media, settings, django_capture_on_commit_callbacks
):
    from accounts.models import PersonalDataExport
    from accounts.services import request_pdf_export, store_pdf_export

    settings.RETENTION_DATA_EXPORT_DAYS = 7
    export = store_pdf_export(request_pdf_export(footprint.user).pk)
    path = media / export.file.name
    assert purge_expired_data()["data_exports"] == 0
    age(PersonalDataExport, export.pk, "requested_at", 8)
    age_file(path, 8)

    counts = purge_expired_data()

    assert (counts["data_exports"], counts["orphan_files"]) == (1, 1)
    assert not path.exists()
