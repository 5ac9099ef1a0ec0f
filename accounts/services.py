"""Every write on accounts' personal data (law 09-08): consents, downloads log, deletion.

A user row is never deleted: dossiers, messages and support requests point at it with
PROTECT, and the filed ones must stay. Deleting an account deactivates and pseudonymises
the row and erases what the filings do not need (see `delete_account`).
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.enums import ConsentPurpose, ConsentSource
from accounts.models import ConsentRecord, IdentityDocumentDownload, PersonalDataExport, User
from carres.models import Attachment, dossier_models
from carres.personal_data import erasure_steps, providers

# --- Consents ---------------------------------------------------------------------------


def accept_privacy_notice(user, *, source):
    """The user accepted the notice in force: its version and the time are kept, and logged."""
    now = timezone.now()
    with transaction.atomic():
        user.notice_version = settings.PRIVACY_NOTICE_VERSION
        user.notice_accepted_at = now
        user.save(update_fields=["notice_version", "notice_accepted_at"])
        ConsentRecord.objects.create(
            user=user,
            purpose=ConsentPurpose.PRIVACY_NOTICE,
            granted=True,
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            source=source,
            created_at=now,
        )
    return user


def set_optional_emails(user, *, granted, source):
    """Give or withdraw the optional consent; a change is logged, no change writes nothing.

    Returns whether anything changed."""
    with transaction.atomic():
        # Locked: two tabs posting at once log one change, not two.
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.optional_emails == granted:
            return False
        locked.optional_emails = granted
        locked.save(update_fields=["optional_emails"])
        ConsentRecord.objects.create(
            user=locked,
            purpose=ConsentPurpose.OPTIONAL_EMAILS,
            granted=granted,
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            source=source,
        )
    user.optional_emails = granted
    return True


def users_accepting_optional_emails():
    """Who may be sent the optional e-mails (news, new trainings): active, and consenting."""
    return User.objects.filter(optional_emails=True, is_active=True, deleted_at__isnull=True)


# --- The PDF export of one's own data ---------------------------------------------------


def request_pdf_export(user):
    """Ask a worker to draw the user's data as a PDF (a busy account takes seconds to lay out).

    Side effects: the user's export row is reset (its old file deleted after commit) and the
    rendering task queued after commit."""
    from accounts.tasks import render_personal_data_pdf

    with transaction.atomic():
        export, created = PersonalDataExport.objects.select_for_update().get_or_create(
            user=user,
            defaults={"language": user.preferred_language or settings.LANGUAGE_CODE},
        )
        if not created:
            _delete_files_on_commit([export.file.name])
            export.language = user.preferred_language or settings.LANGUAGE_CODE
            export.file.name = ""
            export.size = 0
            export.requested_at = timezone.now()
            export.ready_at = None
            export.save()
        render_personal_data_pdf.delay_on_commit(export.pk)
    return export


def store_pdf_export(export_id):
    """Task body: render and store the export once; a second run finds it ready."""
    from django.core.files.base import ContentFile

    from accounts.export import render_export_pdf

    with transaction.atomic():
        export = (
            PersonalDataExport.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=export_id, ready_at__isnull=True)
            .first()
        )
        if export is None:
            return None
        pdf = render_export_pdf(export.user)
        export.file.save("export.pdf", ContentFile(pdf), save=False)
        export.size = len(pdf)
        export.ready_at = timezone.now()
        export.save(update_fields=["file", "size", "ready_at"])
    return export


# --- Identity documents -----------------------------------------------------------------


def record_identity_download(attachment, *, user, ip_address):
    """Log the download of `attachment` if it is an identity document; else do nothing.

    Called by the download view once access was granted, whoever downloads."""
    dossier = attachment.dossier
    if dossier is None or not dossier.is_identity_attachment(attachment):
        return None
    return IdentityDocumentDownload.objects.create(
        owner_id=dossier.owner_id,
        downloaded_by=user,
        downloader_role=user.role,
        downloader_office=user.office,
        attachment=attachment,
        file_name=attachment.original_name,
        dossier_label=str(dossier)[:200],
        ip_address=ip_address or None,
    )


# --- Erasure ----------------------------------------------------------------------------


def _delete_files_on_commit(names):
    """Delete stored blobs once the rows that named them are gone for good.

    A name another row still uses is kept (test fixtures share one placeholder)."""
    names = [name for name in names if name]

    def delete():
        for name in names:
            if not Attachment.objects.filter(file=name).exists():
                default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def erase_unfiled_dossier(dossier):
    """Delete a dossier that was never filed (no reference) with everything hanging off it.

    Side effects, in order: the rows that point at the dossier are deleted by each app's
    personal-data provider (notifications, outbox rows, messages, watch hits...), then its
    change history and the dossier itself (children, attachments, events, generated
    documents cascade), then after commit its stored files. Returns the number of files
    queued for deletion. Refuses a filed dossier: the procedure keeps those."""
    if dossier.reference is not None:
        raise ValueError(f"{dossier} was filed; it is kept")
    content_type = ContentType.objects.get_for_model(dossier)
    generic = {"content_type": content_type, "object_id": dossier.pk}
    names = [attachment.file.name for attachment in dossier.attachments.all()]
    names += [document.file.name for document in dossier.documents.all()]
    logo = getattr(dossier, "logo", None)
    if logo:
        names.append(logo.name)
    with transaction.atomic():
        for provider in providers:
            if provider.erase_dossier is not None:
                provider.erase_dossier(dossier, generic)
        history = getattr(dossier, "history", None)  # pghistory's snapshots of every change
        if history is not None:
            history.all().delete()
        dossier.delete()  # children cascade; attachments, events, documents through relations
        _delete_files_on_commit(names)
    return len(names)


def delete_pdf_export(user):
    """The user's PDF export row, and its file after commit (account deletion)."""
    export = PersonalDataExport.objects.filter(user=user).first()
    if export is not None:
        _delete_files_on_commit([export.file.name])
        export.delete()


def _pseudonymous_email(user):
    return f"deleted-{user.pk}-{secrets.token_hex(4)}@deleted.invalid"


def can_delete_own_account(user):
    """Staff accounts are closed by an administrator (their work stays attributed)."""
    return user.is_authenticated and not user.is_staff and user.deleted_at is None


def delete_account(user, *, actor):
    """Close `user`'s account and erase the personal data the filings do not need.

    Side effects, in order, in one transaction:
    1. dossiers never filed (drafts, drafts withdrawn) are erased with their files;
    2.-4. each app's personal-data provider erases its own rows (carres.personal_data's
       erasure steps, in their order): upcoming training sign-ups are cancelled (waiting
       lists move up), past ones stay as attendance records, their feedback comments
       erased; support requests are closed if open and their free text erased (statistics
       stay); the PDF export, mark watches, notifications, unsent e-mails to the user and
       an advisor's seat are deleted;
    5. e-mail addresses, two-factor devices and the password are removed, the optional
       consent is withdrawn (logged), the e-mail becomes a pseudonym, the phone is erased;
       the name is kept only if filed dossiers remain (they are the holder's record);
    6. the account is deactivated, so every open session ends.
    Consent records stay as proof (purged RETENTION_DELETED_ACCOUNT_CONSENT_DAYS later).
    The user themself, or an administrator; staff accounts only by an administrator.
    """
    if actor.pk == user.pk:
        if not can_delete_own_account(user):
            raise PermissionDenied
    elif not actor.is_administrator:
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deleted_at is not None:
            return user
        for model in dossier_models():
            for dossier in model.objects.filter(owner=user, reference__isnull=True):
                erase_unfiled_dossier(dossier)
        has_filings = any(model.objects.filter(owner=user).exists() for model in dossier_models())
        for step in erasure_steps():  # each app's own rows about the user, in order
            step.run(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        set_optional_emails(user, granted=False, source=ConsentSource.ACCOUNT_DELETION)
        user.email = _pseudonymous_email(user)
        user.phone = ""
        if not has_filings:
            user.first_name = user.last_name = ""
        user.optional_emails = False
        user.is_active = False
        user.is_superuser = False
        user.groups.clear()
        user.set_unusable_password()  # every session's auth hash changes: all are ended
        user.deleted_at = timezone.now()
        user.save()
    return user
