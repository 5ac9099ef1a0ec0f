"""Reference data (translated with modeltranslation, edited by administrators)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE, paragraphs
from companies.enums import AssociateKinds


class LegalForm(models.Model):
    """A legal form and the rules the wizard applies to it (Law 5-96, Law 17-95, Law 114-13)."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("nom"), max_length=120, validators=LINE)
    description = models.TextField(
        _("description"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_individual = models.BooleanField(
        _("entreprise individuelle"),
        default=False,
        help_text=_("Pas de capital ni d'associés : l'entrepreneur exerce en son nom."),
    )
    min_associates = models.PositiveSmallIntegerField(_("associés au minimum"), default=1)
    max_associates = models.PositiveSmallIntegerField(
        _("associés au maximum"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    minimum_capital = models.DecimalField(
        _("capital minimum (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    associate_kinds = models.CharField(
        _("associés admis"),
        max_length=8,
        choices=AssociateKinds.choices,
        default=AssociateKinds.ANY,
    )
    managers_required = models.BooleanField(_("gérant ou président obligatoire"), default=True)
    board_required = models.BooleanField(_("conseil d'administration obligatoire"), default=False)
    min_board_members = models.PositiveSmallIntegerField(_("administrateurs au minimum"), default=0)
    turnover_ceiling_goods = models.DecimalField(
        _("plafond de chiffre d'affaires : commerce, industrie, artisanat (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    turnover_ceiling_services = models.DecimalField(
        _("plafond de chiffre d'affaires : services (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("forme juridique")
        verbose_name_plural = _("formes juridiques")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_associates__isnull=True)
                | Q(max_associates__gte=models.F("min_associates")),
                name="legal_form_associates_range",
            )
        ]

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    """One line of a legal form's checklist; `per_associate` asks it of every associate."""

    legal_form = models.ForeignKey(
        LegalForm,
        on_delete=models.CASCADE,
        related_name="required_documents",
        verbose_name=_("forme juridique"),
    )
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("libellé"), max_length=200, validators=LINE)
    per_associate = models.BooleanField(_("une pièce par associé"), default=False)
    is_identity = models.BooleanField(
        _("pièce d'identité"),
        default=False,
        help_text=_("Chaque téléchargement de ces pièces est journalisé (loi 09-08)."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("pièce requise")
        verbose_name_plural = _("pièces requises")
        constraints = [
            models.UniqueConstraint(
                fields=["legal_form", "code"], name="required_document_unique_code"
            )
        ]

    def __str__(self):
        return self.label


class OutsideStep(models.Model):
    """What the entrepreneur still does outside the portal (capital deposit, RC, tax, CNSS)."""

    legal_form = models.ForeignKey(
        LegalForm,
        on_delete=models.CASCADE,
        related_name="outside_steps",
        verbose_name=_("forme juridique"),
    )
    title = models.CharField(_("étape"), max_length=200, validators=LINE)
    description = models.TextField(
        _("précisions"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    fee = models.CharField(_("frais indicatifs"), max_length=120, blank=True, validators=LINE)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("étape hors portail")
        verbose_name_plural = _("étapes hors portail")

    def __str__(self):
        return self.title


class ActivityCode(models.Model):
    """An activity of the nomenclature (a subset of the Moroccan NMAE 2010)."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=LINE)
    label = models.CharField(_("libellé"), max_length=200, validators=LINE)
    is_service = models.BooleanField(_("prestation de services"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("code d'activité")
        verbose_name_plural = _("codes d'activité (NMAE)")

    def __str__(self):
        return f"{self.code} — {self.label}"
