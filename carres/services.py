"""Writes shared by every dossier kind: attachments and messages."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carres import rules
from carres.enums import DossierAction, DossierStatus, NotificationVerb
from carres.kinds import kind_for
from carres.models import Attachment, DossierEvent, DossierMessage, Notification
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


def _requirement(dossier, key):
    """The kind's requirement `key` for `dossier` (None for a free document); a key the
    dossier does not ask for is refused."""
    if not key:
        return None
    for requirement in kind_for(dossier).document_requirements(dossier):
        if requirement.key == key:
            return requirement
    raise ValidationError(_("Cette pièce n'est pas demandée pour ce dossier."), code="requirement")


def _lock(dossier):
    """The dossier's row, locked: two uploads for one requirement at once would both see no
    current file and both stay current."""
    return type(dossier).objects.select_for_update().get(pk=dossier.pk)


def attach_file(dossier, *, actor, upload, requirement=""):
    """Store a validated upload under an unguessable name and link it to `dossier`, as the
    answer to the kind's `requirement` (a key; blank for a free document).

    Validation happens before anything is written: a refused file leaves the dossier
    unchanged. If the transaction fails after the file was stored, the blob is deleted.
    Side effects, in order: the dossier row locked; the current file of the same requirement
    (unless it takes many) marked replaced, with a "document replaced" timeline event; the
    new attachment saved, quarantined; the kind's `on_attach` hook; its scan queued once the transaction commits
    (see carres.quarantine).
    """
    if not (rules.is_owner(actor, dossier) and dossier.is_editable) and not (
        rules.is_office_examiner(actor, dossier)
    ):
        raise TransitionError(_("Vous ne pouvez plus ajouter de document à ce dossier."))
    answered = _requirement(dossier, requirement)
    attachment = _stored_attachment(dossier, upload, validate_upload(upload), actor)
    attachment.requirement = requirement or ""
    try:
        with transaction.atomic():
            _lock(dossier)
            attachment.save()
            if answered is not None and not answered.many:
                _replace_current(dossier, attachment, answered, actor)
            if answered is not None and kind_for(dossier).on_attach is not None:
                kind_for(dossier).on_attach(dossier, attachment)
            queue_scan(attachment)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _replace_current(dossier, attachment, requirement, actor):
    now = timezone.now()
    replaced = list(
        dossier.attachments.current()
        .filter(requirement=requirement.key)
        .exclude(pk=attachment.pk)
        .order_by("created_at", "id")
    )
    for old in replaced:
        old.replaced_at = now
        old.save(update_fields=["replaced_at"])
        DossierEvent.objects.create(
            dossier=dossier,
            actor=actor,
            action=DossierAction.FILE_REPLACED,
            from_status=dossier.status,
            to_status=dossier.status,
            attachment=old,
            comment=_("%(requirement)s : « %(old)s » remplacé par « %(new)s »")
            % {
                "requirement": requirement.label,
                "old": old.original_name,
                "new": attachment.original_name,
            },
        )


def delete_attachment(dossier, *, actor, attachment_id):
    """The owner deletes one of the current files of their draft.

    Side effects, in order: the dossier row locked, a "document deleted" timeline event,
    the attachment deleted (a company's checklist line with it), its stored file deleted
    after commit. A message's file, a replaced file (kept for the timeline) or a file of a
    dossier already submitted is refused (TransitionError).
    """
    if not rules.is_owner(actor, dossier) or dossier.status != DossierStatus.DRAFT:
        raise TransitionError(_("Seuls les documents d'un brouillon peuvent être supprimés."))
    with transaction.atomic():
        _lock(dossier)
        attachment = (
            dossier.attachments.current()
            .filter(pk=attachment_id, message__isnull=True)
            .select_for_update(of=("self",))
            .first()
        )
        if attachment is None:
            raise TransitionError(_("Ce document n'est plus dans le dossier."))
        DossierEvent.objects.create(
            dossier=dossier,
            actor=actor,
            action=DossierAction.FILE_DELETED,
            from_status=dossier.status,
            to_status=dossier.status,
            comment=_("« %(name)s » supprimé") % {"name": attachment.original_name},
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return attachment


def post_message(dossier, *, actor, body, upload=None):
    """A message between the owner and the examiner in charge; notifies the other side.

    Who may write is checked first (TransitionError); then a refused body or file raises a
    ValidationError keyed by its field ("body", "file"), before anything is written. Side
    effects, in order: optional attachment stored (quarantined, its scan queued after
    commit), message saved, the other side gets an in-app notification and an
    outbox e-mail (sent after commit).
    """
    from carres.notifications import dispatch_outbox, notify

    if rules.is_owner(actor, dossier):
        recipient = dossier.assigned_examiner
    elif rules.is_examiner_in_charge(actor, dossier):
        recipient = dossier.owner
    else:
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if recipient is None:
        raise TransitionError(_("Aucun examinateur n'a encore pris ce dossier en charge."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Le message est vide.")]}, code="empty")
    try:
        validate_field(DossierMessage, "body", body)  # also for the back office, without a form
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from error
    if upload is not None:
        try:
            mime = validate_upload(upload)  # before anything is written
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
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


def mark_notifications_read(dossier, request):
    """The visitor opened the dossier: its notifications for them are read. Nothing to
    write (most pages) when they have none unread: the header counts them anyway."""
    from carres.notifications import request_read, request_unread_count

    if not request_unread_count(request):
        return 0
    marked = Notification.objects.filter(
        recipient=request.user,
        content_type=ContentType.objects.get_for_model(dossier),
        object_id=dossier.pk,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    request_read(request, marked)
    return marked
