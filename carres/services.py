"""Writes shared by every dossier kind: attachments and messages."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carres import rules
from carres.enums import NotificationVerb
from carres.models import Attachment, DossierMessage, Notification
from carres.quarantine import queue_scan
from carres.uploads import display_file_name, validate_upload
from carres.validators import validate_field
from carres.workflow import TransitionError


def _stored_attachment(dossier, upload, mime, actor):
    """An unsaved, quarantined Attachment whose file is already in storage under an
    unguessable name with the extension of its sniffed type (`mime`); the uploader's name
    is kept as display text only."""
    attachment = Attachment(
        dossier=dossier,
        original_name=display_file_name(upload.name),
        mime_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save("upload", upload, save=False)
    return attachment


def attach_file(dossier, *, actor, upload):
    """Store a validated upload under an unguessable name and link it to `dossier`.

    Validation happens before anything is written: a refused file leaves the dossier
    unchanged. If the transaction fails after the file was stored, the blob is deleted.
    The attachment starts quarantined; its scan is queued once the transaction commits
    (see carres.quarantine).
    """
    if not (rules.is_owner(actor, dossier) and dossier.is_editable) and not (
        rules.is_office_examiner(actor, dossier)
    ):
        raise TransitionError(_("Vous ne pouvez plus ajouter de document à ce dossier."))
    attachment = _stored_attachment(dossier, upload, validate_upload(upload), actor)
    try:
        with transaction.atomic():
            attachment.save()
            queue_scan(attachment)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def post_message(dossier, *, actor, body, upload=None):
    """A message between the owner and the examiner in charge; notifies the other side.

    Side effects, in order: optional attachment stored (quarantined, its scan queued
    after commit), message saved, the other side gets an in-app notification and an
    outbox e-mail (sent after commit).
    """
    from carres.notifications import dispatch_outbox, notify

    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Le message est vide."), code="empty")
    validate_field(DossierMessage, "body", body)  # also for the back office, without a form
    if rules.is_owner(actor, dossier):
        recipient = dossier.assigned_examiner
    elif rules.is_examiner_in_charge(actor, dossier):
        recipient = dossier.owner
    else:
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if recipient is None:
        raise TransitionError(_("Aucun examinateur n'a encore pris ce dossier en charge."))
    if upload is not None:
        mime = validate_upload(upload)  # before anything is written
    attachment = _stored_attachment(dossier, upload, mime, actor) if upload is not None else None
    try:
        with transaction.atomic():
            if attachment is not None:
                attachment.save()
                queue_scan(attachment)
            message = DossierMessage.objects.create(
                dossier=dossier, author=actor, body=body, attachment=attachment
            )
            outbox = notify(
                dossier,
                recipient=recipient,
                verb=NotificationVerb.NEW_MESSAGE,
                key=f"message:{message.pk}:{recipient.pk}",
            )
            if outbox is not None:  # None: the recipient reads a daily digest
                transaction.on_commit(lambda: dispatch_outbox([outbox.pk]))
    except Exception:
        if attachment is not None:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return message


def mark_notifications_read(dossier, *, actor):
    """The user opened the dossier: its notifications for them are read."""
    return Notification.objects.filter(
        recipient=actor,
        content_type=ContentType.objects.get_for_model(dossier),
        object_id=dossier.pk,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
