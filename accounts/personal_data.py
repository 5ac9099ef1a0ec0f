"""The account's own personal data: identity, e-mail addresses, consents, the PDF export,
the log of identity-document downloads, and unfiled drafts past their time
(carres.personal_data explains providers and places)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import ConsentRecord, IdentityDocumentDownload, PersonalDataExport
from accounts.retention import purge_stale_drafts
from accounts.services import delete_pdf_export
from carres.personal_data import ExportSection, PersonalDataProvider, Purge, Step, when


def export_account(user, export):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "preferred_language": user.get_preferred_language_display(),
        "role": user.get_role_display(),
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "notice_version_accepted": user.notice_version,
        "notice_accepted_at": when(user.notice_accepted_at),
        "optional_emails": user.optional_emails,
        "two_factor_authentication": Authenticator.objects.filter(user=user).exists(),
    }


def export_email_addresses(user, export):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def export_consents(user, export):
    return [
        {
            "date": when(record.created_at),
            "purpose": record.get_purpose_display(),
            "granted": record.granted,
            "notice_version": record.notice_version,
            "source": record.get_source_display(),
        }
        for record in user.consent_records.all()
    ]


def export_identity_downloads(user, export):
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
                "date": when(download.created_at),
                "file": download.file_name,
                "dossier": download.dossier_label,
                "by": who,
                # Another person's address is their personal data, not the owner's.
                "ip_address": download.ip_address if by_self else None,
            }
        )
    return found


def _days_ago(now, days):
    return now - timedelta(days=days)


def purge_identity_download_logs(now):
    cutoff = _days_ago(now, settings.RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS)
    return IdentityDocumentDownload.objects.filter(created_at__lt=cutoff).delete()[0]


def purge_data_exports(now):
    # Their files become orphans, removed at the end of the run once past the grace period.
    cutoff = _days_ago(now, settings.RETENTION_DATA_EXPORT_DAYS)
    return PersonalDataExport.objects.filter(requested_at__lt=cutoff).delete()[0]


def purge_deleted_account_consents(now):
    cutoff = _days_ago(now, settings.RETENTION_DELETED_ACCOUNT_CONSENT_DAYS)
    return ConsentRecord.objects.filter(user__deleted_at__lt=cutoff).delete()[0]


TEMPLATES = "accounts/pdf/personal_data"

provider = PersonalDataProvider(
    export=[
        ExportSection("account", 10, export_account, f"{TEMPLATES}/account.html"),
        # Drawn by account.html, under the account.
        ExportSection("email_addresses", 20, export_email_addresses),
        ExportSection("consents", 30, export_consents, f"{TEMPLATES}/consents.html"),
        ExportSection(
            "identity_document_downloads",
            110,
            export_identity_downloads,
            f"{TEMPLATES}/identity_document_downloads.html",
        ),
    ],
    erase_account=[Step(30, delete_pdf_export)],
    retention=[
        Purge("drafts", 10, purge_stale_drafts),
        Purge("identity_download_logs", 50, purge_identity_download_logs),
        Purge("data_exports", 60, purge_data_exports),
        Purge("deleted_account_consents", 70, purge_deleted_account_consents),
    ],
    stored_file_folders=["exports"],
)
