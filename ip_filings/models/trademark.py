"""Trademark dossiers: the filing, its claimed classes, and the official fee."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carres.models import Dossier
from carres.uploads import extension_for
from carres.validators import LINE, length_constraint, paragraphs
from ip_filings.enums import ApplicantKind, MarkType, Office, TariffRight, TariffUnit
from ip_filings.models.nice import NiceTerm
from ip_filings.models.register import RegisteredMark


class Tariff(models.Model):
    """An office's official filing fee for a kind of right, as reference data an
    administrator edits: a base amount covering `included_units` classes (or claims, or
    pages), an amount per unit beyond them, a search report where the office charges one,
    and reductions per kind of applicant. `source` and `valid_from` say where the figures
    come from; a figure nobody could confirm is said to be unknown in `source`."""

    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200, validators=LINE)  # translated
    office = models.CharField(_("office"), max_length=20, choices=Office.choices, default="ompic")
    right_kind = models.CharField(
        _("type de titre"), max_length=20, choices=TariffRight.choices, default="trademark"
    )
    unit = models.CharField(
        _("compté par"), max_length=10, choices=TariffUnit.choices, default="class"
    )
    included_units = models.PositiveSmallIntegerField(
        _("unités comprises dans le montant de base"), default=1
    )
    first_class_fee = models.DecimalField(
        _("montant de base (dépôt)"), max_digits=10, decimal_places=2
    )
    additional_class_fee = models.DecimalField(
        _("par unité supplémentaire"), max_digits=10, decimal_places=2
    )
    search_report_fee = models.DecimalField(
        _("rapport de recherche"), max_digits=10, decimal_places=2, default=0
    )
    currency = models.CharField(_("devise"), max_length=3, default="MAD")
    valid_from = models.DateField(_("en vigueur depuis"))
    source = models.CharField(_("source"), max_length=300, blank=True, validators=LINE)
    to_be_confirmed = models.BooleanField(
        _("à confirmer par un administrateur"),
        default=True,
        help_text=_("Le montant vient d'une publication ancienne et doit être vérifié."),
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarifs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    first_class_fee__gte=0, additional_class_fee__gte=0, search_report_fee__gte=0
                ),
                name="tariff_fees_not_negative",
            ),
            models.UniqueConstraint(fields=["code", "valid_from"], name="tariff_once_per_date"),
        ]

    def __str__(self):
        return self.label


class TariffReduction(models.Model):
    """A reduction the tariff grants to a kind of applicant (individuals, SMEs...)."""

    tariff = models.ForeignKey(
        Tariff, on_delete=models.CASCADE, related_name="reductions", verbose_name=_("tarif")
    )
    applicant_kind = models.CharField(
        _("type de déposant"), max_length=20, choices=ApplicantKind.choices
    )
    percent = models.DecimalField(
        _("réduction (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Vide : la réduction existe mais son taux n'est pas connu (voir la source)."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True, validators=LINE)

    class Meta:
        verbose_name = _("réduction")
        verbose_name_plural = _("réductions")
        constraints = [
            models.UniqueConstraint(
                fields=["tariff", "applicant_kind"], name="tariff_reduction_once_per_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="tariff_reduction_percent_0_100",
            ),
        ]

    def __str__(self):
        percent = "?" if self.percent is None else self.percent
        return f"{self.get_applicant_kind_display()}: {percent} %"


def logo_path(instance, filename):
    # Unguessable; the extension comes from the sniffed type, never the user's name.
    return f"trademark-logos/{uuid.uuid4().hex}{extension_for(instance.logo_mime)}"


class TrademarkFiling(Dossier):
    """A trademark pre-filing: the mark, its classes and terms, applicant, priority, fee."""

    reference_prefix = "TM"
    # Searched by the examiners' queue (?q=), besides reference and applicant.
    queue_search_fields = ("mark_text",)

    mark_type = models.CharField(
        _("type de marque"), max_length=12, choices=MarkType.choices, default=MarkType.WORD
    )
    mark_text = models.CharField(
        _("texte de la marque"), max_length=500, blank=True, validators=LINE
    )
    transliteration = models.CharField(
        _("translittération"), max_length=500, blank=True, validators=LINE
    )
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=200, blank=True)
    logo_mime = models.CharField(
        _("type de fichier du logo"), max_length=32, blank=True, editable=False
    )
    logo_name = models.CharField(
        _("nom du fichier du logo"), max_length=200, blank=True, editable=False
    )
    logo_size = models.PositiveIntegerField(_("taille du logo"), default=0, editable=False)
    colours = models.CharField(
        _("couleurs revendiquées"), max_length=300, blank=True, validators=LINE
    )
    applicant_kind = models.CharField(
        _("type de déposant"),
        max_length=20,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )
    applicant_name = models.CharField(
        _("nom du déposant"), max_length=300, blank=True, validators=LINE
    )
    applicant_address = models.TextField(
        _("adresse du déposant"), blank=True, max_length=500, validators=paragraphs(500)
    )
    applicant_email = models.EmailField(_("e-mail du déposant"), blank=True)
    representative_name = models.CharField(
        _("mandataire"), max_length=300, blank=True, validators=LINE
    )
    representative_address = models.TextField(
        _("adresse du mandataire"), blank=True, max_length=500, validators=paragraphs(500)
    )
    priority_country = models.CharField(
        _("pays de la priorité"), max_length=100, blank=True, validators=LINE
    )
    priority_date = models.DateField(_("date de la priorité"), null=True, blank=True)
    priority_number = models.CharField(
        _("numéro de la priorité"), max_length=64, blank=True, validators=LINE
    )
    fee_snapshot = models.JSONField(_("estimation des taxes"), default=dict, blank=True)
    prior_search = models.JSONField(_("rapport de recherche d'antériorités"), default=list)
    prior_search_at = models.DateTimeField(_("recherche faite le"), null=True, blank=True)
    registered_mark = models.OneToOneField(
        RegisteredMark,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filing",
        editable=False,
        verbose_name=_("inscription au registre"),
    )

    class Meta(Dossier.Meta):
        verbose_name = _("dépôt de marque")
        verbose_name_plural = _("dépôts de marque")
        constraints = [
            *Dossier.Meta.constraints,
            length_constraint(
                "ip_filings_trademarkfiling_applicant_address_max_length", "applicant_address", 500
            ),
            length_constraint(
                "ip_filings_trademarkfiling_representative_address_max_length",
                "representative_address",
                500,
            ),
        ]

    @property
    def title(self):
        return self.mark_text or self.transliteration or _("Nouvelle marque (sans texte)")

    @property
    def has_logo(self):
        return self.mark_type in (MarkType.FIGURATIVE, MarkType.COMBINED)

    @property
    def class_numbers(self):
        return [filing_class.number for filing_class in self.filing_classes.all()]

    def get_absolute_url(self):
        return reverse("ip_filings:trademark_detail", kwargs={"pk": self.pk})

    def submission_errors(self):
        from ip_filings.services.trademark_checks import submission_errors

        return submission_errors(self)

    def pdf_sections(self):
        from ip_filings.services.trademark_checks import pdf_sections

        return pdf_sections(self)


class FilingClass(models.Model):
    """A Nice class claimed by a filing, with its goods/services terms."""

    filing = models.ForeignKey(
        TrademarkFiling,
        on_delete=models.CASCADE,
        related_name="filing_classes",
        verbose_name=_("dépôt"),
    )
    number = models.PositiveSmallIntegerField(
        _("classe"), validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    terms = models.TextField(
        _("produits ou services"), blank=True, max_length=10_000, validators=paragraphs(10_000)
    )
    nice_terms = models.ManyToManyField(
        NiceTerm, blank=True, related_name="+", verbose_name=_("termes de la liste de Nice")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("classe revendiquée")
        verbose_name_plural = _("classes revendiquées")
        constraints = [
            length_constraint("ip_filings_filingclass_terms_max_length", "terms", 10_000),
            models.UniqueConstraint(fields=["filing", "number"], name="filing_class_once"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=45), name="filing_class_1_45"
            ),
        ]

    def __str__(self):
        return str(self.number)

    def all_terms(self):
        """Free terms then list terms, as one list of strings in the active language."""
        free = [part.strip() for part in self.terms.replace("\n", ";").split(";") if part.strip()]
        return free + [term.term for term in self.nice_terms.all()]
