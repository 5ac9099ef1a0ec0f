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


# --- Trademark dossiers ---
import uuid  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.fields import GenericForeignKey  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from carres.models import Dossier  # noqa: E402
from ip_filings.enums import MarkType  # noqa: E402


def logo_path(instance, filename):
    # Unguessable; the extension comes from the sniffed type, never the user's name.
    extension = {"image/png": ".png", "image/jpeg": ".jpg"}.get(instance.logo_mime, "")
    return f"trademark-logos/{uuid.uuid4().hex}{extension}"


class TrademarkFiling(Dossier):
    """A trademark pre-filing: the mark, its classes and terms, applicant, priority, fee."""

    reference_prefix = "TM"

    mark_type = models.CharField(
        _("type de marque"), max_length=12, choices=MarkType.choices, default=MarkType.WORD
    )
    mark_text = models.CharField(_("texte de la marque"), max_length=500, blank=True)
    transliteration = models.CharField(_("translittération"), max_length=500, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=200, blank=True)
    logo_mime = models.CharField(max_length=32, blank=True, editable=False)
    logo_name = models.CharField(max_length=200, blank=True, editable=False)
    logo_size = models.PositiveIntegerField(default=0, editable=False)
    colours = models.CharField(_("couleurs revendiquées"), max_length=300, blank=True)
    applicant_kind = models.CharField(
        _("type de déposant"),
        max_length=20,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )
    applicant_name = models.CharField(_("nom du déposant"), max_length=300, blank=True)
    applicant_address = models.TextField(_("adresse du déposant"), blank=True)
    applicant_email = models.EmailField(_("e-mail du déposant"), blank=True)
    representative_name = models.CharField(_("mandataire"), max_length=300, blank=True)
    representative_address = models.TextField(_("adresse du mandataire"), blank=True)
    priority_country = models.CharField(_("pays de la priorité"), max_length=100, blank=True)
    priority_date = models.DateField(_("date de la priorité"), null=True, blank=True)
    priority_number = models.CharField(_("numéro de la priorité"), max_length=64, blank=True)
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
        from ip_filings.trademark_checks import submission_errors

        return submission_errors(self)

    def pdf_sections(self):
        from ip_filings.trademark_checks import pdf_sections

        return pdf_sections(self)


class FilingClass(models.Model):
    """A Nice class claimed by a filing, with its goods/services terms."""

    filing = models.ForeignKey(
        TrademarkFiling, on_delete=models.CASCADE, related_name="filing_classes"
    )
    number = models.PositiveSmallIntegerField(
        _("classe"), validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    terms = models.TextField(_("produits ou services"), blank=True)
    nice_terms = models.ManyToManyField(
        NiceTerm, blank=True, related_name="+", verbose_name=_("termes de la liste de Nice")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("classe revendiquée")
        verbose_name_plural = _("classes revendiquées")
        constraints = [
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


class MarkWatch(models.Model):
    """An entrepreneur watches a mark: new dossiers and register entries close to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mark_watches"
    )
    text = models.CharField(_("marque surveillée"), max_length=200)
    classes = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("classes")
    )
    threshold = models.FloatField(_("seuil de ressemblance"), default=0.7)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("surveillance de marque")
        verbose_name_plural = _("surveillances de marque")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0, threshold__lte=1),
                name="mark_watch_threshold_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(classes__contained_by=list(NICE_CLASS_RANGE)),
                name="mark_watch_classes_1_45",
            ),
        ]

    def __str__(self):
        return self.text


class WatchHit(models.Model):
    """The one notification a watch gives for one matched dossier or register entry."""

    watch = models.ForeignKey(MarkWatch, on_delete=models.CASCADE, related_name="hits")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    matched = GenericForeignKey("content_type", "object_id")
    matched_text = models.CharField(_("marque trouvée"), max_length=500)
    score = models.FloatField(_("score"))
    kind = models.CharField(_("type de ressemblance"), max_length=20)
    reason = models.TextField(_("raison"))
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alerte de surveillance")
        verbose_name_plural = _("alertes de surveillance")
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "content_type", "object_id"], name="watch_hit_once"
            )
        ]

    def __str__(self):
        return f"{self.watch} ~ {self.matched_text}"


class RenewalReminder(models.Model):
    """The renewal reminder e-mailed once for a registered mark (the row is the record)."""

    mark = models.OneToOneField(
        RegisteredMark, on_delete=models.CASCADE, related_name="renewal_reminder"
    )
    expires_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.mark} ({self.expires_on})"
