"""The dossier machinery's personal data: dossiers, their files, timelines and messages,
and the user's notifications (carres.personal_data explains providers and places)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from pghistory.models import Event as HistoryEvent

from carres.models import (
    Attachment,
    DossierEvent,
    DossierMessage,
    GeneratedDocument,
    Notification,
    OutboxMessage,
)
from carres.personal_data import (
    ExportSection,
    PersonalDataProvider,
    Purge,
    Step,
    fields,
    sha256,
    when,
    who,
)


def _children(dossier):
    """The dossier's own sub-records (associates, classes, claims, inventors...), by relation."""
    groups = []
    for relation in dossier._meta.related_objects:
        model = relation.related_model
        if not relation.one_to_many or issubclass(model, HistoryEvent):
            continue
        rows = [
            fields(child, hidden={relation.field.name})
            for child in getattr(dossier, relation.get_accessor_name()).all()
        ]
        if rows:
            groups.append(
                {
                    "relation": relation.get_accessor_name(),
                    "label": str(capfirst(model._meta.verbose_name_plural)),
                    "rows": rows,
                }
            )
    return groups


def _dossier(dossier, user):
    generic = {
        "content_type": ContentType.objects.get_for_model(dossier),
        "object_id": dossier.pk,
    }
    examiner = _("l'examinateur")
    events = DossierEvent.objects.filter(internal=False, **generic)
    messages = DossierMessage.objects.filter(**generic).select_related("attachment")
    return {
        "kind": str(capfirst(dossier.kind_label)),
        "title": str(dossier.title),
        "reference": dossier.reference,
        "status": dossier.get_status_display(),
        "created_at": when(dossier.created_at),
        "updated_at": when(dossier.updated_at),
        "submitted_at": when(dossier.submitted_at),
        "decided_at": when(dossier.decided_at),
        "fields": fields(dossier, hidden={"status", "reference", "created_at", "updated_at"}),
        "details": _children(dossier),
        "timeline": [
            {
                "date": when(event.created_at),
                "action": event.get_action_display(),
                "status": event.get_to_status_display() if event.to_status else "",
                "by": who(event.actor_id, user, other=examiner),
                "comment": event.comment,
            }
            for event in events
        ],
        "messages": [
            {
                "date": when(message.created_at),
                "by": who(message.author_id, user, other=examiner),
                "body": message.body,
                "attachment": message.attachment.original_name if message.attachment else None,
            }
            for message in messages
        ],
        "attachments": [
            {
                "name": attachment.original_name,
                "size": attachment.size,
                "date": when(attachment.created_at),
                "by": who(attachment.uploaded_by_id, user, other=examiner),
            }
            for attachment in dossier.attachments.all()
        ],
        "documents": [
            {
                "state": document.get_state_display(),
                "language": document.language,
                "size": document.size,
                "date": when(document.updated_at),
            }
            for document in dossier.documents.all()
        ],
    }


def export_dossiers(user, export):
    return [_dossier(dossier, user) for dossier in export.dossiers]


def export_files(user, export):
    """Every file the user uploaded, with its SHA-256 computed from the stored bytes."""
    files = []
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("created_at", "id"):
        dossier = attachment.dossier
        files.append(
            {
                "name": attachment.original_name,
                "size": attachment.size,
                "type": attachment.mime_type,
                "sha256": sha256(attachment.file),
                "date": when(attachment.created_at),
                "dossier": str(dossier) if dossier is not None else None,
            }
        )
    for dossier in export.dossiers:
        logo = getattr(dossier, "logo", None)
        if logo:
            files.append(
                {
                    "name": dossier.logo_name,
                    "size": dossier.logo_size,
                    "type": dossier.logo_mime,
                    "sha256": sha256(logo),
                    "date": when(dossier.updated_at),
                    "dossier": str(dossier),
                }
            )
    return files


def export_notifications(user, export):
    return [
        {
            "date": when(notification.created_at),
            "subject": notification.get_verb_display(),
            "read_at": when(notification.read_at),
        }
        for notification in user.notifications.all()
    ]


def erase_notifications_and_unsent_mail(user):
    user.notifications.all().delete()
    OutboxMessage.objects.filter(recipient=user, sent_at__isnull=True).delete()


def erase_dossier_rows(dossier, generic):
    for model in (Notification, OutboxMessage, DossierMessage):
        model.objects.filter(**generic).delete()


def purge_old_notifications(now):
    cutoff = now - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS)
    return Notification.objects.filter(created_at__lt=cutoff).delete()[0]


def stored_file_names():
    names = set(Attachment.objects.values_list("file", flat=True))
    names.update(GeneratedDocument.objects.values_list("file", flat=True))
    return names


provider = PersonalDataProvider(
    export=[
        ExportSection("dossiers", 40, export_dossiers, "carres/pdf/personal_data/dossiers.html"),
        ExportSection("files", 60, export_files, "carres/pdf/personal_data/files.html"),
        ExportSection(
            "notifications",
            100,
            export_notifications,
            "carres/pdf/personal_data/notifications.html",
        ),
    ],
    erase_account=[Step(50, erase_notifications_and_unsent_mail)],
    erase_dossier=erase_dossier_rows,
    retention=[Purge("notifications", 40, purge_old_notifications)],
    stored_file_folders=["attachments", "documents"],
    stored_file_names=stored_file_names,
)
