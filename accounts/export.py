"""The right of access (law 09-08, article 7): everything the portal holds about a user.

`collect_personal_data(user)` reads only rows that belong to `user` (their account, their
dossiers, their messages, sign-ups, requests and files) and returns plain JSON values,
labelled in the user's language. `render_export_pdf` lays the same data out as a PDF
through the shared WeasyPrint machinery (carres.pdf).
"""

import datetime
import hashlib
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from pghistory.models import Event as HistoryEvent

# Internal plumbing, not information about the user.
HIDDEN_FIELDS = {
    "owner",
    "dossier",
    "filing",
    "request",
    "verification_code",
    "lock_version",
    "name_keys",
    "normalized_name",
    "distinctive_name",
    "phonetic_key",
    "logo",
    "assigned_examiner",
    "certificate",
}


def _when(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _value(obj, field):
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if isinstance(value, datetime.date):
        return _when(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _fields(obj, *, hidden=()):
    """[{field, label, value}] of the concrete fields of `obj` and its many-to-many lists."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in hidden or field.name == "id":
            continue
        rows.append(
            {
                "field": field.name,
                "label": str(capfirst(field.verbose_name)),
                "value": _value(obj, field),
            }
        )
    for field in obj._meta.many_to_many:
        rows.append(
            {
                "field": field.name,
                "label": str(capfirst(field.verbose_name)),
                "value": [str(item) for item in getattr(obj, field.name).all()],
            }
        )
    return rows


def _children(dossier):
    """The dossier's own sub-records (associates, classes, claims, inventors...), by relation."""
    groups = []
    for relation in dossier._meta.related_objects:
        model = relation.related_model
        if not relation.one_to_many or issubclass(model, HistoryEvent):
            continue
        rows = [
            _fields(child, hidden={relation.field.name})
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


def _sha256(field_file):
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    return digest.hexdigest()


def _who(actor_id, user, *, other):
    if actor_id is None:
        return None
    return _("vous") if actor_id == user.pk else other


def _dossier(dossier, user):
    from carres.models import DossierEvent, DossierMessage

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
        "created_at": _when(dossier.created_at),
        "updated_at": _when(dossier.updated_at),
        "submitted_at": _when(dossier.submitted_at),
        "decided_at": _when(dossier.decided_at),
        "fields": _fields(dossier, hidden={"status", "reference", "created_at", "updated_at"}),
        "details": _children(dossier),
        "timeline": [
            {
                "date": _when(event.created_at),
                "action": event.get_action_display(),
                "status": event.get_to_status_display() if event.to_status else "",
                "by": _who(event.actor_id, user, other=examiner),
                "comment": event.comment,
            }
            for event in events
        ],
        "messages": [
            {
                "date": _when(message.created_at),
                "by": _who(message.author_id, user, other=examiner),
                "body": message.body,
                "attachment": message.attachment.original_name if message.attachment else None,
            }
            for message in messages
        ],
        "attachments": [
            {
                "name": attachment.original_name,
                "size": attachment.size,
                "date": _when(attachment.created_at),
                "by": _who(attachment.uploaded_by_id, user, other=examiner),
            }
            for attachment in dossier.attachments.all()
        ],
        "documents": [
            {
                "state": document.get_state_display(),
                "language": document.language,
                "size": document.size,
                "date": _when(document.updated_at),
            }
            for document in dossier.documents.all()
        ],
    }


def _files(user, dossiers):
    """Every file the user uploaded, with its SHA-256 computed from the stored bytes."""
    from carres.models import Attachment

    files = []
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("created_at", "id"):
        dossier = attachment.dossier
        files.append(
            {
                "name": attachment.original_name,
                "size": attachment.size,
                "type": attachment.mime_type,
                "sha256": _sha256(attachment.file),
                "date": _when(attachment.created_at),
                "dossier": str(dossier) if dossier is not None else None,
            }
        )
    for dossier in dossiers:
        logo = getattr(dossier, "logo", None)
        if logo:
            files.append(
                {
                    "name": dossier.logo_name,
                    "size": dossier.logo_size,
                    "type": dossier.logo_mime,
                    "sha256": _sha256(logo),
                    "date": _when(dossier.updated_at),
                    "dossier": str(dossier),
                }
            )
    return files


def _support_requests(user):
    from chambers.models import SupportRequest

    advisor = _("le conseiller")
    requests = (
        SupportRequest.objects.filter(entrepreneur=user)
        .select_related("region", "chamber")
        .prefetch_related("events", "messages", "appointments")
        .order_by("created_at")
    )
    found = []
    for request in requests:
        feedback = getattr(request, "feedback", None)
        found.append(
            {
                "number": request.pk,
                "topic": request.get_topic_display(),
                "region": str(request.region),
                "chamber": str(request.chamber),
                "language": request.get_language_display(),
                "message": request.message,
                "dossier_reference": request.dossier_reference,
                "status": request.get_status_display(),
                "outcome": request.get_outcome_display() if request.outcome else "",
                "created_at": _when(request.created_at),
                "closed_at": _when(request.closed_at),
                "timeline": [
                    {
                        "date": _when(event.created_at),
                        "event": event.get_kind_display(),
                        "comment": event.comment,
                    }
                    for event in request.events.all()
                ],
                "messages": [
                    {
                        "date": _when(message.created_at),
                        "by": _who(message.author_id, user, other=advisor),
                        "body": message.body,
                    }
                    for message in request.messages.all()
                ],
                "appointments": [
                    {
                        "date": _when(appointment.starts_at),
                        "place": appointment.place,
                        "online_url": appointment.online_url,
                    }
                    for appointment in request.appointments.all()
                ],
                "feedback": (
                    {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
                ),
            }
        )
    return found


def _registrations(user):
    from trainings.models import Registration

    registrations = (
        Registration.objects.filter(user=user)
        .select_related("session__training", "session__city", "session__venue")
        .order_by("session__starts_at")
    )
    found = []
    for registration in registrations:
        session = registration.session
        feedback = getattr(registration, "feedback", None)
        found.append(
            {
                "training": str(session.training),
                "starts_at": _when(session.starts_at),
                "place": str(session.venue or session.city or session.online_url),
                "status": registration.get_status_display(),
                "signed_up_at": _when(registration.queued_at),
                "cancelled_at": _when(registration.cancelled_at),
                "attended_at": _when(registration.attended_at),
                "certificate_code": registration.certificate_code,
                "feedback": (
                    {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
                ),
            }
        )
    return found


def _identity_downloads(user):
    found = []
    for download in user.identity_document_downloads.all():
        by_self = download.downloaded_by_id == user.pk
        if by_self:
            who = _("vous")
        elif download.downloader_office:
            who = f"{download.get_downloader_role_display()} ({download.get_downloader_office_display()})"
        else:
            who = download.get_downloader_role_display()
        found.append(
            {
                "date": _when(download.created_at),
                "file": download.file_name,
                "dossier": download.dossier_label,
                "by": who,
                # Another person's address is their personal data, not the owner's.
                "ip_address": download.ip_address if by_self else None,
            }
        )
    return found


def collect_personal_data(user, *, language=None):
    """Everything about `user`, as JSON-ready values labelled in `language` (default: theirs)."""
    from carres.models import dossier_models
    from companies.models import RegisteredCompany

    language = language or user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        dossiers = []
        for model in dossier_models():
            dossiers.extend(model.objects.filter(owner=user).order_by("created_at", "pk"))
        return {
            "generated_at": _when(timezone.now()),
            "language": language,
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            "account": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "phone": user.phone,
                "preferred_language": user.get_preferred_language_display(),
                "role": user.get_role_display(),
                "date_joined": _when(user.date_joined),
                "last_login": _when(user.last_login),
                "notice_version_accepted": user.notice_version,
                "notice_accepted_at": _when(user.notice_accepted_at),
                "optional_emails": user.optional_emails,
                "two_factor_authentication": Authenticator.objects.filter(user=user).exists(),
            },
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "consents": [
                {
                    "date": _when(record.created_at),
                    "purpose": record.get_purpose_display(),
                    "granted": record.granted,
                    "notice_version": record.notice_version,
                    "source": record.get_source_display(),
                }
                for record in user.consent_records.all()
            ],
            "dossiers": [_dossier(dossier, user) for dossier in dossiers],
            "companies": [
                {"fields": _fields(company)}
                for company in RegisteredCompany.objects.filter(owner=user).order_by("pk")
            ],
            "files": _files(user, dossiers),
            "support_requests": _support_requests(user),
            "training_registrations": _registrations(user),
            "mark_watches": [
                {
                    "mark": watch.text,
                    "classes": list(watch.classes),
                    "threshold": watch.threshold,
                    "created_at": _when(watch.created_at),
                }
                for watch in user.mark_watches.all()
            ],
            "notifications": [
                {
                    "date": _when(notification.created_at),
                    "subject": notification.get_verb_display(),
                    "read_at": _when(notification.read_at),
                }
                for notification in user.notifications.all()
            ],
            "identity_document_downloads": _identity_downloads(user),
        }


def render_export_pdf(user):
    """The same data as a PDF, in the user's language (right-to-left in Arabic)."""
    from carres.pdf import render_pdf

    data = collect_personal_data(user)
    return render_pdf(
        "accounts/pdf/export.html", {"data": data, "user": user}, language=data["language"]
    )
