import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import STAFF_ROLES, ConsentPurpose, ConsentSource, Language, Office, Role
from carres.choices import ChoiceDisplay
from carres.validators import LINE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("role", Role.ENTREPRENEUR)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(role=Role.ADMINISTRATOR, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(ChoiceDisplay, AbstractBaseUser, PermissionsMixin):
    """Somebody who signs in with an e-mail address. The role says which side they are on."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True, validators=LINE)
    last_name = models.CharField(
        pgettext_lazy("personne", "nom"), max_length=150, blank=True, validators=LINE
    )
    phone = models.CharField(_("téléphone"), max_length=32, blank=True, validators=LINE)
    preferred_language = models.CharField(
        _("langue préférée"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("Langue de vos e-mails et de vos dossiers PDF."),
    )
    notification_digest = models.BooleanField(
        _("résumé quotidien"),
        default=False,
        help_text=_(
            "M'envoyer chaque matin un seul e-mail qui résume mes notifications, au lieu d'un "
            "e-mail par notification."
        ),
    )
    role = models.CharField(
        _("rôle"), max_length=16, choices=Role.choices, default=Role.ENTREPRENEUR
    )
    office = models.CharField(
        _("office"),
        max_length=8,
        choices=Office.choices,
        blank=True,
        help_text=_("Pour les examinateurs : l'office dont ils traitent les dossiers."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(pgettext_lazy("compte", "inscrit le"), default=timezone.now)
    # Law 09-08: what the user accepted, and their optional consent (its history is in
    # ConsentRecord). Written only by accounts.services.
    notice_version = models.CharField(
        _("version de la notice acceptée"), max_length=20, blank=True, editable=False
    )
    notice_accepted_at = models.DateTimeField(
        _("notice acceptée le"), null=True, blank=True, editable=False
    )
    optional_emails = models.BooleanField(
        _("accepte les e-mails d'information"), default=False, editable=False
    )
    deleted_at = models.DateTimeField(
        _("compte supprimé le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Le compte est désactivé et ses données personnelles effacées."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="examiner", office__in=["ompic", "inpi"]) | ~Q(role="examiner"),
                name="examiner_has_office",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        """Staff roles reach the back office; entrepreneurs never do."""
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def is_examiner(self):
        return self.role == Role.EXAMINER

    @property
    def is_advisor(self):
        return self.role == Role.ADVISOR

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR or self.is_superuser


class ConsentRecord(models.Model):
    """One consent given or withdrawn, never edited: the proof of what the user agreed to."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("utilisateur"),
    )
    purpose = models.CharField(_("objet"), max_length=32, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("donné"))
    notice_version = models.CharField(_("version de la notice"), max_length=20)
    source = models.CharField(_("origine"), max_length=20, choices=ConsentSource.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.granted}"


class IdentityDocumentDownload(models.Model):
    """Somebody downloaded a copy of an identity document: who, when, which file, from where.

    Written by accounts.services.record_identity_download from the download view, whoever
    downloads (owner, examiner, administrator); read-only in the back office, and in the
    owner's export.
    """

    owner = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="identity_document_downloads",
        verbose_name=_("titulaire du document"),
    )
    downloaded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("téléchargé par"),
    )
    downloader_role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    downloader_office = models.CharField(
        _("office"), max_length=8, choices=Office.choices, blank=True
    )
    attachment = models.ForeignKey(
        "carres.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("fichier"),
    )
    file_name = models.CharField(_("nom du fichier"), max_length=200)
    dossier_label = models.CharField(_("dossier"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("téléchargement de pièce d'identité")
        verbose_name_plural = _("téléchargements de pièces d'identité")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} · {self.created_at:%Y-%m-%d %H:%M}"


def export_path(instance, filename):
    return f"exports/{uuid.uuid4().hex}.pdf"


class PersonalDataExport(models.Model):
    """The user's latest PDF export of their own data: drawn by a worker, kept a few days.

    One row per user, replaced by a new request (accounts.services.request_pdf_export)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="data_export", verbose_name=_("utilisateur")
    )
    language = models.CharField(_("langue"), max_length=2)
    file = models.FileField(_("fichier"), upload_to=export_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("taille"), default=0)
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de données personnelles")
        verbose_name_plural = _("exports de données personnelles")

    def __str__(self):
        return f"{self.user} · {self.requested_at:%Y-%m-%d %H:%M}"
