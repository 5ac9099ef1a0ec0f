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

from accounts.services import erase_unfiled_dossier
from carres.models import dossier_models
from carres.personal_data import providers, retention_rules

logger = logging.getLogger(__name__)


def purge_stale_drafts(now):
    """Dossiers never filed and untouched (no edit, no new file) for RETENTION_DRAFT_DAYS."""
    cutoff = now - timedelta(days=settings.RETENTION_DRAFT_DAYS)
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
    """Every stored file name a row points at (each provider names its own)."""
    names = set()
    for provider in providers:
        if provider.stored_file_names is not None:
            names.update(provider.stored_file_names())
    return names


def purge_orphan_files(now):
    """Stored files that no row names, older than RETENTION_ORPHAN_FILE_HOURS, in the folders
    the providers store files in."""
    cutoff = now - timedelta(hours=settings.RETENTION_ORPHAN_FILE_HOURS)
    referenced = _referenced_names()
    purged = 0
    for folder in stored_file_folders():
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


def stored_file_folders():
    """Folders of stored files that rows name; a file there that no row names is an orphan."""
    return [folder for provider in providers for folder in provider.stored_file_folders]


def purge_expired_data(now=None):
    """Apply every provider's retention rules, in their order; returns {what: how many}."""
    now = now or timezone.now()
    counts = {rule.key: rule.run(now) for rule in retention_rules()}
    # Last: the files of the rows deleted above are gone by now (deleted on commit).
    counts["orphan_files"] = purge_orphan_files(now)
    logger.info("Retention: %s", counts)
    return counts
