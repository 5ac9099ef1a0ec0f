import secrets
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.enums import Office
from carres.enums import (
    DocumentKind,
    DossierAction,
    DossierStatus,
    NotificationVerb,
    OutboxChannel,
    ScanStatus,
)
from carres.kinds import kind_for
from carres.uploads import download_file_name, extension_for
from carres.validators import LINE, length_constraint, paragraphs


class Heartbeat(models.Model):
    """When a background process last proved it was alive (written by a beat task)."""

    name = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


# --- The machinery every reviewable dossier shares ------------------------------------


def new_verification_code():
    """The secret half of the public verification URL printed as a QR code on the PDF."""
    return secrets.token_urlsafe(12)


class Dossier(models.Model):
    """A dossier an entrepreneur builds and an examiner reviews (company, trademark, patent).

    Concrete dossiers set `reference_prefix` ("CO", "TM", "PT"), implement `title`,
    `submission_errors()` and `pdf_sections()`, and change their status only through
    `carres.workflow.transition`.
    """

    reference_prefix = ""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_owned",
        verbose_name=_("titulaire"),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
        editable=False,
    )
    reference = models.CharField(
        _("référence"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    office = models.CharField(
        _("office"), max_length=8, choices=Office.choices, default=Office.OMPIC
    )
    assigned_examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("examinateur en charge"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True, editable=False)
    verification_code = models.CharField(
        max_length=32, default=new_verification_code, editable=False
    )
    # Bumped by every transition: a form posted with an older value is stale.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    events = GenericRelation("carres.DossierEvent")
    documents = GenericRelation("carres.GeneratedDocument")
    attachments = GenericRelation("carres.Attachment")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(reference__isnull=False),
                name="%(app_label)s_%(class)s_reference_once_submitted",
            ),
        ]

    def __str__(self):
        return self.reference or str(self.title)

    @property
    def title(self):
        return self._meta.verbose_name

    @property
    def kind_label(self):
        return self._meta.verbose_name

    def submission_errors(self):
        """{field name: [messages]} of what keeps this dossier from being submitted: its
        kind's `submission_errors` (carres.kinds), if it has one."""
        check = kind_for(self).submission_errors
        return check(self) if check is not None else {}

    def pdf_sections(self):
        """[(label, value)] printed in the PDF dossier, in the active language."""
        return []

    def is_identity_attachment(self, attachment):
        """Whether `attachment` is a copy of an identity document (its downloads are logged)."""
        return False

    @property
    def is_editable(self):
        from carres.enums import EDITABLE_STATUSES

        return self.status in EDITABLE_STATUSES

    def get_admin_url(self):
        return reverse(
            f"admin:{self._meta.app_label}_{self._meta.model_name}_change", args=[self.pk]
        )

    def get_resume_url(self):
        """Where the owner picks a draft up again (a wizard's current step, say)."""
        return self.get_absolute_url()

    def url_for(self, user):
        """Where `user` works on this dossier: the examiners' workspace for staff, else the site."""
        if user.is_staff:
            return reverse("backoffice:dossier", args=[self.reference_prefix, self.pk])
        return self.get_absolute_url()

    def verification_path(self):
        """Language-neutral: the site redirects to the visitor's language."""
        with override(settings.LANGUAGE_CODE):
            path = reverse(
                "verify_dossier",
                kwargs={"reference": self.reference, "code": self.verification_code},
            )
        return path.removeprefix(f"/{settings.LANGUAGE_CODE}")

    def verification_url(self):
        return settings.SITE_URL + self.verification_path()

    def content_type_id_for(self):
        return ContentType.objects.get_for_model(self).pk


def dossier_models():
    """Every concrete dossier model of the project (company, trademark, patent...)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Dossier) and not model._meta.abstract
    ]


def dossier_model_for_prefix(prefix):
    for model in dossier_models():
        if model.reference_prefix == prefix:
            return model
    return None


class DossierEvent(models.Model):
    """One line of a dossier's timeline, written by `carres.workflow` (never edited)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=20, choices=DossierAction.choices)
    from_status = models.CharField(
        _("statut précédent"), max_length=20, choices=DossierStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=20, choices=DossierStatus.choices, blank=True
    )
    comment = models.TextField(
        _("commentaire"), blank=True, max_length=5_000, validators=paragraphs(5_000)
    )
    internal = models.BooleanField(
        _("note interne"),
        default=False,
        help_text=_("Visible du seul personnel, jamais de l'entrepreneur."),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("historique")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            length_constraint("carres_dossierevent_comment_max_length", "comment", 5_000),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class ReferenceCounter(models.Model):
    """The last reference number given for a prefix and a year (see carres.references)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_value}"


def generated_document_path(instance, filename):
    return f"documents/{uuid.uuid4().hex}.pdf"


class GeneratedDocument(models.Model):
    """A file the site produced for a dossier: one per (dossier, kind, state), replaced on regeneration."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    state = models.CharField(_("statut du dossier"), max_length=20, choices=DossierStatus.choices)
    language = models.CharField(_("langue"), max_length=2)
    file = models.FileField(_("fichier"), upload_to=generated_document_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class Attachment(models.Model):
    """A file an entrepreneur or examiner attached to a dossier; served by a checked view.

    Stored in quarantine (`scan_status` pending): nobody can download it until
    `carres.quarantine` has checked it and released it (clean) or deleted it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    mime_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
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
    created_at = models.DateTimeField(auto_now_add=True)

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


class DossierMessage(models.Model):
    """A message between the entrepreneur and the examiner in charge of a dossier."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5_000, validators=paragraphs(5_000))
    attachment = models.OneToOneField(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="message"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            length_constraint("carres_dossiermessage_body_max_length", "body", 5_000),
        ]

    def __str__(self):
        return self.body[:60]


class Notification(models.Model):
    """An in-app notification; `key` makes a re-run task create it once."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=32, choices=NotificationVerb.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self):
        return str(self.get_verb_display())


class OutboxMessage(models.Model):
    """A side effect recorded in the transaction that caused it, delivered after commit.

    If the broker is down at commit time the row stays unsent and the beat sweeper
    (`carres.tasks.sweep_outbox`) hands it to a worker later. `key` (event, recipient,
    channel) keeps each side effect to one row; `sent_at` to one delivery.
    """

    key = models.CharField(max_length=120, unique=True)
    channel = models.CharField(max_length=8, choices=OutboxChannel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(max_length=32, choices=NotificationVerb.choices, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"
            )
        ]

    def __str__(self):
        return self.key


# --- Routing of dossiers to an office (see carres.routing) -----------------------------


class RoutingRule(models.Model):
    """The first active rule (by `order`) whose non-blank criteria all match sends a dossier to `office`."""

    order = models.PositiveSmallIntegerField(_("ordre"), default=10)
    dossier_kind = models.CharField(
        _("type de dossier"),
        max_length=4,
        blank=True,
        help_text=_("Préfixe de référence : CO, TM, PT. Vide : tous."),
    )
    applicant_profile = models.CharField(
        _("profil du déposant"),
        max_length=20,
        blank=True,
        help_text=_("individual, company, startup, university. Vide : tous."),
    )
    programme = models.CharField(
        _("programme"), max_length=40, blank=True, help_text=_("Code du programme. Vide : tous.")
    )
    office = models.CharField(_("office"), max_length=8, choices=Office.choices)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True, validators=LINE)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("règle de routage")
        verbose_name_plural = _("règles de routage")

    def __str__(self):
        criteria = [c for c in (self.dossier_kind, self.applicant_profile, self.programme) if c]
        return f"{' + '.join(criteria) or '*'} → {self.get_office_display()}"

    def matches(self, *, kind, profile, programme):
        return (
            (not self.dossier_kind or self.dossier_kind == kind)
            and (not self.applicant_profile or self.applicant_profile == profile)
            and (not self.programme or self.programme == programme)
        )
