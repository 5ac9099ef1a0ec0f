"""Quarantine: an uploaded file is out of reach until it has been checked.

`attach_file` and `post_message` store an Attachment as pending and, once their
transaction commits, queue `carres.tasks.scan_attachment`. The scan runs the content
checks of `carres.uploads` again (pikepdf, Pillow) and, when an antivirus is configured,
streams the file to clamd. A clean file is released (downloadable, listed as usable);
a refused one is deleted, a timeline entry says why, and its uploader is notified
(in-app and e-mail, through the outbox). With no antivirus configured the content
checks alone decide, and `check --deploy` warns.

While an attachment is pending its dossier cannot be submitted (`carres.workflow`):
submission answers at once with a clear message rather than waiting on a worker.

A broker outage at upload time, or clamd down for longer than the task's retries, leaves
the file pending: the beat sweeper (`sweep_quarantine`) queues it again. The scan is
safe to run twice: only a pending row is released or rejected, under a row lock.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carres import antivirus
from carres.enums import DossierAction, NotificationVerb, ScanStatus
from carres.models import Attachment, DossierEvent
from carres.uploads import check_content

logger = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=5)

CLEAN = "clean"
REJECTED = "rejected"


def queue_scan(attachment):
    """Called inside the transaction that stored `attachment`: scan it once committed."""
    pk = attachment.pk
    transaction.on_commit(lambda: dispatch_scans([pk]))


def dispatch_scans(ids):
    """Hand scans to Celery; a broker failure is logged, not raised (the sweeper retries)."""
    from carres import tasks
    from carres.celery import app

    pending = list(ids)
    try:
        with app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            while pending:
                tasks.scan_attachment.apply_async((pending[0],), retry=False, producer=producer)
                pending.pop(0)
    except Exception:  # kombu raises OperationalError and friends when Redis is down
        logger.warning("Broker unavailable: attachments %s left to the quarantine sweeper", pending)


def sweep_quarantine(now=None):
    """Beat task body: queue again the scans of files still pending after SWEEP_AFTER."""
    now = now or timezone.now()
    ids = list(
        Attachment.objects.filter(scan_status=ScanStatus.PENDING, created_at__lte=now - SWEEP_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    if ids:
        dispatch_scans(ids)
    return len(ids)


def scan_attachment(attachment_id):
    """Check one quarantined attachment, then release it or reject it.

    Returns "clean", "rejected", or None when there was nothing to do (gone, or already
    decided by an earlier run). Raises antivirus.ClamdUnavailable when the antivirus
    cannot be reached: the file stays pending and the task retries.
    """
    attachment = (
        Attachment.objects.select_related("content_type", "uploaded_by")
        .filter(pk=attachment_id, scan_status=ScanStatus.PENDING)
        .first()
    )
    if attachment is None:
        return None
    recipient = _recipient(attachment)
    # Refusal reasons are written for the uploader, in their language.
    language = recipient.preferred_language if recipient else settings.LANGUAGE_CODE
    with translation.override(language):
        reason = _problem(attachment)
        if reason is None:
            return CLEAN if release(attachment) else None
        return REJECTED if reject(attachment, reason=reason) else None


def _problem(attachment):
    """None if the file is fine, else the translated reason it is refused."""
    try:
        with attachment.file.open("rb") as handle:
            check_content(handle, attachment.mime_type)
            if not antivirus.is_configured():
                return None
            handle.seek(0)
            signature = antivirus.scan(handle)
    except ValidationError as error:
        return " ".join(error.messages)
    except FileNotFoundError:
        return _("le fichier est introuvable. Envoyez-le à nouveau.")
    except antivirus.ClamdError as error:
        logger.error("clamd refused attachment %s: %s", attachment.pk, error)
        return _("l'antivirus n'a pas pu l'analyser. Envoyez-le à nouveau, plus petit si possible.")
    if signature:
        logger.warning("Attachment %s: clamd found %s", attachment.pk, signature)
        return _("l'antivirus y a détecté un logiciel malveillant (%(signature)s).") % {
            "signature": signature
        }
    return None


def release(attachment):
    """Pending → clean (compare-and-swap: a second run changes nothing)."""
    return bool(
        Attachment.objects.filter(pk=attachment.pk, scan_status=ScanStatus.PENDING).update(
            scan_status=ScanStatus.CLEAN, scanned_at=timezone.now()
        )
    )


def reject(attachment, *, reason):
    """Delete a pending attachment that failed the checks, and say so.

    Side effects, in one transaction: a timeline entry on the dossier naming the file and
    the reason, an in-app notification and an outbox e-mail to the uploader (sent after
    commit), the row deleted (a checklist line it answered is open again, a message keeps
    its text), then the stored file deleted once committed.
    """
    from carres.notifications import dispatch_outbox, notify

    with transaction.atomic():
        # The lock makes a concurrent second run wait, then find nothing pending.
        locked = (
            Attachment.objects.select_for_update()
            .filter(pk=attachment.pk, scan_status=ScanStatus.PENDING)
            .first()
        )
        if locked is None:
            return False
        dossier = attachment.dossier
        recipient = _recipient(attachment)
        if dossier is not None:
            DossierEvent.objects.create(
                dossier=dossier,
                actor=None,
                action=DossierAction.FILE_REJECTED,
                from_status=dossier.status,
                to_status=dossier.status,
                comment=_("« %(name)s » a été supprimé : %(reason)s")
                % {"name": attachment.original_name, "reason": reason},
            )
            if recipient is not None:
                outbox = notify(
                    dossier,
                    recipient=recipient,
                    verb=NotificationVerb.FILE_REJECTED,
                    key=f"file-rejected:{locked.pk}:{recipient.pk}",
                )
                if outbox is not None:  # None: the recipient reads a daily digest
                    transaction.on_commit(lambda: dispatch_outbox([outbox.pk]))
        storage, name = locked.file.storage, locked.file.name
        locked.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return True


def _recipient(attachment):
    """Who hears about a refusal: the uploader, else the dossier's owner."""
    if attachment.uploaded_by is not None:
        return attachment.uploaded_by
    dossier = attachment.dossier
    return dossier.owner if dossier is not None else None
