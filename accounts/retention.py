"""Retention (law 09-08, article 3): personal data is kept no longer than the notice says.

`purge_expired_data` runs every night (Celery beat, settings.CELERY_BEAT_SCHEDULE) and
applies the RETENTION_* settings that the privacy notice shows. It is idempotent: a
second run finds nothing left to do. Nothing filed (a dossier with a reference) is ever
touched here: filed dossiers are kept as the IP and company procedures require.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone

from accounts.models import ConsentRecord, IdentityDocumentDownload, PersonalDataExport
from accounts.services import erase_unfiled_dossier

logger = logging.getLogger(__name__)

# Folders of stored files that rows name; a file there that no row names is an orphan.
STORED_FILE_FOLDERS = ("attachments", "trademark-logos", "documents", "certificates", "exports")


def _days_ago(now, days):
    return now - timedelta(days=days)


def purge_stale_drafts(now):
    """Dossiers never filed and untouched (no edit, no new file) for RETENTION_DRAFT_DAYS."""
    from carres.models import dossier_models

    cutoff = _days_ago(now, settings.RETENTION_DRAFT_DAYS)
    purged = 0
    for model in dossier_models():
        stale = model.objects.filter(reference__isnull=True, updated_at__lt=cutoff)
        for dossier in stale:
            newest_file = dossier.attachments.aggregate(newest=Max("created_at"))["newest"]
            if newest_file is not None and newest_file >= cutoff:
                continue
            erase_unfiled_dossier(dossier)
            purged += 1
    return purged


def _referenced_names():
    """Every stored file name a row points at."""
    from carres.models import Attachment, GeneratedDocument
    from companies.models import NameReservation
    from ip_filings.models import TrademarkFiling

    names = set(Attachment.objects.values_list("file", flat=True))
    names.update(GeneratedDocument.objects.values_list("file", flat=True))
    names.update(TrademarkFiling.objects.exclude(logo="").values_list("logo", flat=True))
    names.update(
        NameReservation.objects.exclude(certificate="").values_list("certificate", flat=True)
    )
    return names


def purge_orphan_files(now):
    """Stored files that no row names, older than RETENTION_ORPHAN_FILE_HOURS."""
    cutoff = now - timedelta(hours=settings.RETENTION_ORPHAN_FILE_HOURS)
    referenced = _referenced_names()
    purged = 0
    for folder in STORED_FILE_FOLDERS:
        try:  # a folder nothing was ever stored in (object stores just list nothing)
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        for filename in files:
            name = f"{folder}/{filename}"
            if name in referenced or default_storage.get_modified_time(name) >= cutoff:
                continue
            default_storage.delete(name)
            purged += 1
    return purged


def purge_expired_data(now=None):
    """Apply every retention period; returns {what: how many} for the log."""
    from carres.models import Notification
    from chambers.services import purge_closed_requests
    from trainings.services import purge_old_registrations

    now = now or timezone.now()
    counts = {
        "drafts": purge_stale_drafts(now),
        "support_requests": purge_closed_requests(
            _days_ago(now, settings.RETENTION_SUPPORT_REQUEST_DAYS)
        ),
        "training_registrations": purge_old_registrations(
            _days_ago(now, settings.RETENTION_TRAINING_REGISTRATION_DAYS)
        ),
        "notifications": Notification.objects.filter(
            created_at__lt=_days_ago(now, settings.RETENTION_NOTIFICATION_DAYS)
        ).delete()[0],
        "identity_download_logs": IdentityDocumentDownload.objects.filter(
            created_at__lt=_days_ago(now, settings.RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS)
        ).delete()[0],
        # Their files become orphans, removed below once past the grace period.
        "data_exports": PersonalDataExport.objects.filter(
            requested_at__lt=_days_ago(now, settings.RETENTION_DATA_EXPORT_DAYS)
        ).delete()[0],
        "deleted_account_consents": ConsentRecord.objects.filter(
            user__deleted_at__lt=_days_ago(now, settings.RETENTION_DELETED_ACCOUNT_CONSENT_DAYS)
        ).delete()[0],
        # Last: the files of the rows deleted above are gone by now (deleted on commit).
        "orphan_files": purge_orphan_files(now),
    }
    logger.info("Retention: %s", counts)
    return counts
