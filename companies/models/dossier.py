"""The company-creation dossier, its associates, managers and checklist of documents."""

from decimal import Decimal

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carres.enums import DossierStatus
from carres.formatting import format_amount
from carres.models import Attachment, Dossier
from carres.validators import LINE, length_constraint, paragraphs
from companies.enums import ManagerRole, PersonKind, WizardStep
from companies.models.reference import ActivityCode, LegalForm, RequiredDocument
from companies.names import normalize_name

# Dossiers filed and not decided yet: their proposed names are taken for everybody else.
PENDING_STATUSES = [
    DossierStatus.SUBMITTED,
    DossierStatus.IN_REVIEW,
    DossierStatus.CHANGES_REQUESTED,
]


# The database itself records every change (triggers), with the acting user from
# pghistory's middleware; "history" so that `events` stays the workflow timeline.
@pghistory.track(
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="CompanyDossierHistory",
)
class CompanyDossier(Dossier):
    """A company-creation dossier, filled step by step (see companies.enums.WizardStep)."""

    reference_prefix = "CO"
    # Searched by the examiners' queue (?q=), besides reference and applicant.
    queue_search_fields = ("name_1", "name_2", "name_3")
    # The staff statistics count a company dossier in its head office's region.
    statistics_region_field = "head_office_region__code"

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
    name_keys = ArrayField(
        models.CharField(max_length=120),
        default=list,
        blank=True,
        verbose_name=_("clés de recherche des dénominations"),
    )
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

    dossier = models.ForeignKey(
        CompanyDossier,
        on_delete=models.CASCADE,
        related_name="associates",
        verbose_name=_("dossier"),
    )
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
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("associé")
        verbose_name_plural = _("associés")

    def __str__(self):
        return self.full_name


class Manager(models.Model):
    """A manager (gérant), chair or board member."""

    dossier = models.ForeignKey(
        CompanyDossier, on_delete=models.CASCADE, related_name="managers", verbose_name=_("dossier")
    )
    role = models.CharField(
        _("fonction"), max_length=10, choices=ManagerRole.choices, default=ManagerRole.MANAGER
    )
    full_name = models.CharField(_("nom complet"), max_length=160, validators=LINE)
    identifier = models.CharField(_("CIN ou passeport"), max_length=40, blank=True, validators=LINE)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("dirigeant")
        verbose_name_plural = _("dirigeants")

    def __str__(self):
        return self.full_name


class DossierDocument(models.Model):
    """A checklist line answered by an attachment (for one associate when per_associate)."""

    dossier = models.ForeignKey(
        CompanyDossier,
        on_delete=models.CASCADE,
        related_name="checklist",
        verbose_name=_("dossier"),
    )
    requirement = models.ForeignKey(
        RequiredDocument,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pièce demandée"),
    )
    associate = models.ForeignKey(
        Associate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("associé"),
    )
    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, related_name="+", verbose_name=_("fichier")
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "requirement", "associate"],
                name="dossier_document_one_per_line",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return str(self.requirement_id)
