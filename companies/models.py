from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.enums import DossierStatus
from carres.formatting import format_amount
from carres.models import Attachment, Dossier
from carres.validators import LINE, length_constraint, paragraphs
from companies.enums import (
    AssociateKinds,
    CompanyStatus,
    ManagerRole,
    PersonKind,
    WizardStep,
)
from companies.names import distinctive_name, normalize_name, phonetic_key

# Dossiers filed and not decided yet: their proposed names are taken for everybody else.
PENDING_STATUSES = [
    DossierStatus.SUBMITTED,
    DossierStatus.IN_REVIEW,
    DossierStatus.CHANGES_REQUESTED,
]

# --- Reference data (translated with modeltranslation, edited by administrators) ------


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
        LegalForm, on_delete=models.CASCADE, related_name="required_documents"
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
        LegalForm, on_delete=models.CASCADE, related_name="outside_steps"
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


# --- The dossier ------------------------------------------------------------------------


# The database itself records every change (triggers), with the acting user from
# pghistory's middleware; "history" so that `events` stays the workflow timeline.
@pghistory.track(
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="CompanyDossierHistory",
)
class CompanyDossier(Dossier):
    """A company-creation dossier, filled step by step (see companies.enums.WizardStep)."""

    reference_prefix = "CO"

    legal_form = models.ForeignKey(
        LegalForm,
        to_field="code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forme juridique"),
    )
    name_1 = models.CharField(
        _("dénomination proposée n° 1"), max_length=120, blank=True, validators=LINE
    )
    name_2 = models.CharField(
        _("dénomination proposée n° 2"), max_length=120, blank=True, validators=LINE
    )
    name_3 = models.CharField(
        _("dénomination proposée n° 3"), max_length=120, blank=True, validators=LINE
    )
    # normalize_name() of each proposed name, so other dossiers' checks find them by index.
    name_keys = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    activity = models.TextField(
        _("objet social"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    activity_codes = models.ManyToManyField(
        ActivityCode, blank=True, related_name="+", verbose_name=_("codes d'activité")
    )
    capital = models.DecimalField(
        _("capital social (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    head_office_region = models.ForeignKey(
        "chambers.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("région du siège"),
    )
    head_office_city = models.ForeignKey(
        "chambers.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ville du siège"),
    )
    head_office_address = models.TextField(
        _("adresse du siège"), blank=True, max_length=500, validators=paragraphs(500)
    )
    domiciled = models.BooleanField(_("siège chez une société de domiciliation"), default=False)
    domiciliation_company = models.CharField(
        _("société de domiciliation"), max_length=120, blank=True, validators=LINE
    )
    wizard_step = models.CharField(
        _("étape atteinte"), max_length=16, choices=WizardStep.choices, default=WizardStep.NAMES
    )

    class Meta(Dossier.Meta):
        verbose_name = _("dossier de création d'entreprise")
        verbose_name_plural = _("dossiers de création d'entreprise")
        # Only the filed, undecided dossiers hold a name against others (PENDING_STATUSES).
        # The index is partial for the planner's sake as much as for size: with a GIN on every
        # dossier it estimated a hundred matches for any key and chose, under EXISTS's LIMIT 1,
        # to read the whole table instead (55 ms at 100,000 dossiers; 0.04 ms with this one).
        indexes = [
            GinIndex(
                fields=["name_keys"],
                name="company_dossier_pending_names",
                condition=Q(status__in=PENDING_STATUSES),
            )
        ]
        constraints = [
            *Dossier.Meta.constraints,
            length_constraint("companies_companydossier_activity_max_length", "activity", 2_000),
            length_constraint(
                "companies_companydossier_head_office_address_max_length",
                "head_office_address",
                500,
            ),
        ]

    @property
    def title(self):
        return self.name_1 or _("Nouvelle entreprise (sans nom)")

    @property
    def proposed_names(self):
        return [n.strip() for n in (self.name_1, self.name_2, self.name_3) if n.strip()]

    def refresh_name_keys(self):
        self.name_keys = [normalize_name(n) for n in self.proposed_names]

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"pk": self.pk})

    def get_resume_url(self):
        return reverse("companies:step", kwargs={"pk": self.pk, "step": self.wizard_step})

    def is_identity_attachment(self, attachment):
        return self.checklist.filter(attachment=attachment, requirement__is_identity=True).exists()

    def pdf_sections(self):
        associates = list(self.associates.all())
        managers = list(self.managers.all())
        city = self.head_office_city.name if self.head_office_city_id else ""
        return [
            {"label": _("Forme juridique"), "value": str(self.legal_form or "—")},
            {"label": _("Dénomination proposée n° 1"), "value": self.name_1},
            {"label": _("Dénomination proposée n° 2"), "value": self.name_2},
            {"label": _("Dénomination proposée n° 3"), "value": self.name_3},
            {"label": _("Objet social"), "value": self.activity},
            {
                "label": _("Codes d'activité"),
                "value": ", ".join(str(c) for c in self.activity_codes.all()),
            },
            {
                "label": _("Capital social"),
                "value": format_amount(self.capital) if self.capital is not None else "—",
                "ltr": True,
            },
            {
                "label": _("Associés"),
                "value": "; ".join(
                    f"{a.full_name} ({format_amount(a.contribution)})" for a in associates
                ),
            },
            {
                "label": _("Dirigeants"),
                "value": "; ".join(f"{m.full_name} ({m.get_role_display()})" for m in managers),
            },
            {"label": _("Ville du siège"), "value": city},
            {"label": _("Adresse du siège"), "value": self.head_office_address},
        ]


class Associate(models.Model):
    """An associate or shareholder and what they bring to the capital."""

    dossier = models.ForeignKey(CompanyDossier, on_delete=models.CASCADE, related_name="associates")
    kind = models.CharField(
        _("type"), max_length=8, choices=PersonKind.choices, default=PersonKind.NATURAL
    )
    full_name = models.CharField(
        _("nom complet ou raison sociale"), max_length=160, validators=LINE
    )
    identifier = models.CharField(
        _("CIN, passeport ou n° RC"), max_length=40, blank=True, validators=LINE
    )
    contribution = models.DecimalField(
        _("apport (MAD)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("associé")
        verbose_name_plural = _("associés")

    def __str__(self):
        return self.full_name


class Manager(models.Model):
    """A manager (gérant), chair or board member."""

    dossier = models.ForeignKey(CompanyDossier, on_delete=models.CASCADE, related_name="managers")
    role = models.CharField(
        _("fonction"), max_length=10, choices=ManagerRole.choices, default=ManagerRole.MANAGER
    )
    full_name = models.CharField(_("nom complet"), max_length=160, validators=LINE)
    identifier = models.CharField(_("CIN ou passeport"), max_length=40, blank=True, validators=LINE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("dirigeant")
        verbose_name_plural = _("dirigeants")

    def __str__(self):
        return self.full_name


class DossierDocument(models.Model):
    """A checklist line answered by an attachment (for one associate when per_associate)."""

    dossier = models.ForeignKey(CompanyDossier, on_delete=models.CASCADE, related_name="checklist")
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.PROTECT, related_name="+")
    associate = models.ForeignKey(
        Associate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    attachment = models.OneToOneField(Attachment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "requirement", "associate"],
                name="dossier_document_one_per_line",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return str(self.requirement_id)


# --- The register of companies ------------------------------------------------------------


class RegisteredCompany(models.Model):
    """A company of the register: entered as being created on acceptance, then registered."""

    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=CompanyStatus.choices,
        default=CompanyStatus.BEING_CREATED,
        db_index=True,
    )
    name = models.CharField(_("dénomination"), max_length=160, validators=LINE)
    normalized_name = models.CharField(max_length=160, editable=False, db_index=True)
    # normalized_name without generic words (see companies.names): closeness is measured here.
    distinctive_name = models.CharField(max_length=160, editable=False, default="")
    phonetic_key = models.CharField(max_length=160, editable=False, db_index=True)
    legal_form = models.ForeignKey(
        LegalForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forme juridique"),
    )
    capital = models.DecimalField(
        _("capital social (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    head_office_city = models.ForeignKey(
        "chambers.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ville du siège"),
    )
    head_office_address = models.TextField(
        _("adresse du siège"), blank=True, max_length=500, validators=paragraphs(500)
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("titulaire"),
    )
    dossier = models.OneToOneField(
        CompanyDossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company",
        editable=False,
    )
    rc_number = models.CharField(_("numéro RC"), max_length=20, blank=True, validators=LINE)
    rc_court = models.CharField(_("tribunal du RC"), max_length=80, blank=True, validators=LINE)
    ice = models.CharField(_("ICE"), max_length=15, blank=True, validators=LINE)
    if_number = models.CharField(
        _("identifiant fiscal (IF)"), max_length=10, blank=True, validators=LINE
    )
    created_at = models.DateTimeField(_("inscrite le"), default=timezone.now)
    registered_at = models.DateTimeField(_("immatriculée le"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entreprise du registre")
        verbose_name_plural = _("registre des entreprises")
        indexes = [
            GinIndex(
                fields=["distinctive_name"],
                opclasses=["gin_trgm_ops"],
                name="company_name_trgm",
            )
        ]
        constraints = [
            length_constraint(
                "companies_registeredcompany_head_office_address_max_length",
                "head_office_address",
                500,
            ),
            models.UniqueConstraint(
                fields=["ice"], condition=~Q(ice=""), name="registered_company_unique_ice"
            ),
            models.CheckConstraint(
                condition=~Q(status="registered")
                | (~Q(rc_number="") & ~Q(ice="") & ~Q(if_number="")),
                name="registered_company_has_identifiers",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        self.distinctive_name = distinctive_name(self.name)
        self.phonetic_key = phonetic_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "normalized_name",
                "distinctive_name",
                "phonetic_key",
            }
        super().save(*args, **kwargs)


class NameReservation(models.Model):
    """A name held for an accepted dossier for 90 days (certificat négatif)."""

    dossier = models.ForeignKey(
        CompanyDossier, on_delete=models.CASCADE, related_name="reservations"
    )
    company = models.ForeignKey(
        RegisteredCompany, on_delete=models.CASCADE, related_name="reservations"
    )
    name = models.CharField(_("dénomination"), max_length=160, validators=LINE)
    normalized_name = models.CharField(max_length=160, db_index=True)
    reserved_at = models.DateTimeField(_("réservée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    released_at = models.DateTimeField(_("libérée le"), null=True, blank=True)
    certificate = models.FileField(
        _("certificat"), upload_to="certificates/", max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("réservation de dénomination")
        verbose_name_plural = _("réservations de dénomination")
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name"],
                condition=Q(released_at__isnull=True),
                name="name_reservation_one_active",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.released_at is None and self.expires_at > timezone.now()
