"""The machinery every reviewable dossier shares: the abstract dossier, its timeline, its references."""

import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy

from accounts.enums import Office
from carres.choices import ChoiceDisplay
from carres.enums import DossierAction, DossierStatus
from carres.kinds import kind_for
from carres.validators import length_constraint, paragraphs


def new_verification_code():
    """The secret half of the public verification URL printed as a QR code on the PDF."""
    return secrets.token_urlsafe(12)


class Dossier(ChoiceDisplay, models.Model):
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
    # Set once, at the first submission: the queue keeps a resubmitted dossier in its place.
    first_submitted_at = models.DateTimeField(
        _("première soumission le"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True, editable=False)
    verification_code = models.CharField(
        _("code de vérification"), max_length=32, default=new_verification_code, editable=False
    )
    # Bumped by every transition: a form posted with an older value is stale.
    lock_version = models.PositiveIntegerField(_("version du brouillon"), default=0, editable=False)
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
    def was_resubmitted(self):
        """Sent again after changes were asked for (the queue marks it "re-déposé")."""
        return bool(
            self.first_submitted_at
            and self.submitted_at
            and self.submitted_at > self.first_submitted_at
        )

    @property
    def kind_label(self):
        return self._meta.verbose_name

    def submission_errors(self):
        """{field name: [messages]} of what keeps this dossier from being submitted: its
        kind's `validate` (carres.kinds), if it has one."""
        check = kind_for(self).validate
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


class DossierEvent(ChoiceDisplay, models.Model):
    """One line of a dossier's timeline, written by `carres.workflow` (never edited)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("type de dossier")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro du dossier"),
    )
    dossier = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("action", "auteur"),
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
    # The file a "document replaced / deleted" event is about (the replaced one stays
    # downloadable from the timeline; a deleted one is gone, its name in the comment).
    attachment = models.ForeignKey(
        "carres.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
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

    prefix = models.CharField(_("préfixe"), max_length=4)
    year = models.PositiveSmallIntegerField(
        _("année"),
    )
    last_value = models.PositiveIntegerField(_("dernière valeur"), default=0)

    class Meta:
        verbose_name = _("compteur de références")
        verbose_name_plural = _("compteurs de références")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_value}"
