from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from ip_filings import normalize
from ip_filings.enums import ApplicantKind, MarkStatus

NICE_CLASS_RANGE = range(1, 46)


class NiceClass(models.Model):
    """One of the 45 classes of the Nice classification (1-34 goods, 35-45 services)."""

    number = models.PositiveSmallIntegerField(
        _("numéro"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    heading = models.TextField(_("intitulé"))  # translated: heading_fr / _ar / _en
    edition = models.CharField(_("édition"), max_length=20, default="NCL 12-2025")
    needs_review = models.BooleanField(
        _("traduction à relire"),
        default=False,
        help_text=_("Une traduction a été faite par le projet et doit être relue."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("classe de Nice")
        verbose_name_plural = _("classes de Nice")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=45), name="nice_class_number_1_45"
            )
        ]

    def __str__(self):
        return f"{self.number} — {self.heading}"

    @property
    def is_goods(self):
        return self.number <= 34


class NiceTerm(models.Model):
    """A goods or services term of a class, in three languages, searchable in each."""

    nice_class = models.ForeignKey(
        NiceClass, on_delete=models.CASCADE, related_name="terms", verbose_name=_("classe")
    )
    term = models.CharField(_("terme"), max_length=500)  # translated
    basic_number = models.CharField(_("numéro de base OMPI"), max_length=20, blank=True)
    needs_review = models.BooleanField(_("traduction à relire"), default=False)
    # Normalised copies (accents, case, Arabic variants folded) for trigram search.
    search_fr = models.TextField(editable=False, default="")
    search_ar = models.TextField(editable=False, default="")
    search_en = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["nice_class__number", "term"]
        verbose_name = _("terme de Nice")
        verbose_name_plural = _("termes de Nice")
        indexes = [
            GinIndex(OpClass("search_fr", name="gin_trgm_ops"), name="niceterm_search_fr_trgm"),
            GinIndex(OpClass("search_ar", name="gin_trgm_ops"), name="niceterm_search_ar_trgm"),
            GinIndex(OpClass("search_en", name="gin_trgm_ops"), name="niceterm_search_en_trgm"),
        ]

    def __str__(self):
        return f"{self.nice_class.number}: {self.term}"

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "search_fr",
                "search_ar",
                "search_en",
            }
        super().save(*args, **kwargs)

    def refresh_search_fields(self):
        for language in ("fr", "ar", "en"):
            value = getattr(self, f"term_{language}", "") or ""
            setattr(self, f"search_{language}", normalize.normalize_text(value))


class RegisteredMark(models.Model):
    """An entry of the trademark register, with the keys the prior-mark search compares."""

    number = models.CharField(_("numéro"), max_length=40, unique=True)
    mark_text = models.CharField(_("marque"), max_length=500)
    normalized = models.CharField(max_length=500, editable=False)
    romanized = models.CharField(max_length=1000, editable=False)
    phonetic = models.CharField(max_length=1000, editable=False)
    skeleton = models.CharField(max_length=500, editable=False)
    script = models.CharField(max_length=10, editable=False, default="latin")
    classes = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("classes"))
    owner_name = models.CharField(_("titulaire"), max_length=300)
    status = models.CharField(
        _("statut"), max_length=20, choices=MarkStatus.choices, default=MarkStatus.REGISTERED
    )
    filed_on = models.DateField(_("date de dépôt"))
    registered_on = models.DateField(_("date d'enregistrement"), null=True, blank=True)
    expires_on = models.DateField(_("date d'expiration"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("marque enregistrée")
        verbose_name_plural = _("registre des marques")
        indexes = [
            GinIndex(OpClass("normalized", name="gin_trgm_ops"), name="mark_normalized_trgm"),
            # Latin queries meet Arabic marks through their romanised form; for Latin marks
            # it equals the normalised form, already indexed above.
            GinIndex(
                OpClass("romanized", name="gin_trgm_ops"),
                name="mark_romanized_arabic_trgm",
                condition=models.Q(script="arabic"),
            ),
            GinIndex(fields=["classes"], name="mark_classes_gin"),
            # equality only: plain btrees (db_index would add unused varchar_pattern_ops twins)
            models.Index(fields=["normalized"], name="mark_normalized"),
            models.Index(fields=["phonetic"], name="mark_phonetic"),
            models.Index(fields=["skeleton"], name="mark_skeleton"),
            models.Index(Upper("number"), name="mark_number_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(classes__len__gte=1)
                & models.Q(classes__contained_by=list(NICE_CLASS_RANGE)),
                name="mark_classes_1_45",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MarkStatus.values), name="mark_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.mark_text} ({self.number})"

    def save(self, *args, **kwargs):
        self.refresh_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "normalized",
                "romanized",
                "phonetic",
                "skeleton",
                "script",
            }
        super().save(*args, **kwargs)

    def refresh_keys(self):
        for field, value in normalize.match_keys(self.mark_text).items():
            setattr(self, field, value[:1000])
        self.script = normalize.script_of(self.mark_text)


class Tariff(models.Model):
    """The official trademark filing fee, as reference data an administrator edits."""

    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)  # translated
    first_class_fee = models.DecimalField(_("première classe"), max_digits=10, decimal_places=2)
    additional_class_fee = models.DecimalField(
        _("par classe supplémentaire"), max_digits=10, decimal_places=2
    )
    currency = models.CharField(_("devise"), max_length=3, default="MAD")
    valid_from = models.DateField(_("en vigueur depuis"))
    source = models.CharField(_("source"), max_length=300, blank=True)
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
                condition=models.Q(first_class_fee__gte=0, additional_class_fee__gte=0),
                name="tariff_fees_not_negative",
            ),
            models.UniqueConstraint(fields=["code", "valid_from"], name="tariff_once_per_date"),
        ]

    def __str__(self):
        return self.label


class TariffReduction(models.Model):
    """A reduction the tariff grants to a kind of applicant (individuals, SMEs...)."""

    tariff = models.ForeignKey(Tariff, on_delete=models.CASCADE, related_name="reductions")
    applicant_kind = models.CharField(
        _("type de déposant"), max_length=20, choices=ApplicantKind.choices
    )
    percent = models.DecimalField(
        _("réduction (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

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
        return f"{self.get_applicant_kind_display()}: {self.percent} %"
