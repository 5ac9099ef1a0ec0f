"""A dossier's files: the documents the site generates and the attachments users upload."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carres.enums import DocumentKind, DossierStatus, ScanStatus
from carres.uploads import download_file_name, extension_for
from carres.validators import LINE


def generated_document_path(instance, filename):
    return f"documents/{uuid.uuid4().hex}.pdf"


class GeneratedDocument(models.Model):
    """A file the site produced for a dossier: one per (dossier, kind, state), replaced on regeneration."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    state = models.CharField(_("statut du dossier"), max_length=20, choices=DossierStatus.choices)
    language = models.CharField(_("langue"), max_length=2)
    file = models.FileField(_("fichier"), upload_to=generated_document_path, max_length=200)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("taille"), default=0)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "state"],
                name="generated_document_one_per_state",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"


def attachment_path(instance, filename):
    # Unguessable, and never the name the user chose (kept apart in original_name).
    return f"attachments/{uuid.uuid4().hex}{instance.extension}"


class AttachmentQuerySet(models.QuerySet):
    def current(self):
        """The files the dossier holds now: not replaced by a newer file for their requirement."""
        return self.filter(replaced_at__isnull=True)


class Attachment(models.Model):
    """A file an entrepreneur or examiner attached to a dossier; served by a checked view.

    Stored in quarantine (`scan_status` pending): nobody can download it until
    `carres.quarantine` has checked it and released it (clean) or deleted it.

    `requirement` is the key of the document of the dossier's kind it answers (statuts,
    pouvoir...; `carres.kinds.Requirement`), blank for a free document or a message's file.
    A newer file for the same requirement replaces it (`replaced_at`): it then stays in the
    timeline but leaves the dossier's list of documents and its PDF.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    mime_type = models.CharField(_("type de fichier"), max_length=64)
    size = models.PositiveIntegerField(
        _("taille"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    # Fail closed: a row created by any path is quarantined until the scan releases it.
    scan_status = models.CharField(
        _("vérification"),
        max_length=10,
        choices=ScanStatus.choices,
        default=ScanStatus.PENDING,
        editable=False,
    )
    scanned_at = models.DateTimeField(_("vérifié le"), null=True, blank=True, editable=False)
    requirement = models.CharField(
        _("pièce demandée"), max_length=60, blank=True, default="", validators=LINE
    )
    replaced_at = models.DateTimeField(_("remplacé le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(
                fields=["created_at"],
                condition=Q(scan_status="pending"),
                name="attachment_quarantined",
            ),
            models.Index(
                fields=["content_type", "object_id", "requirement"],
                condition=Q(replaced_at__isnull=True),
                name="attachment_current",
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_released(self):
        return self.scan_status == ScanStatus.CLEAN

    @property
    def extension(self):
        return extension_for(self.mime_type)

    @property
    def download_name(self):
        """The name it is downloaded under: never the extension the uploader claimed."""
        return download_file_name(self.original_name, self.mime_type)
