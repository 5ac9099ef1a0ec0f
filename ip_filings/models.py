from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE, length_constraint, paragraphs
from ip_filings import normalize
from ip_filings.enums import ApplicantKind, MarkStatus

NICE_CLASS_RANGE = range(1, 46)


def parse_class_number(text):
    """The Nice class number written as `text`, or None when it names no class.

    Decimal digits of any script are read ("25", Arabic-Indic "٢٥", Eastern "۲۵"): int()
    reads them all. Other characters str.isdigit() calls digits are refused: '²'.isdigit()
    is true and int('²') raises. Three digits at most ("025"): int() of thousands of digits
    raises too.
    """
    text = text.strip()
    if not (text.isdecimal() and len(text) <= 3):
        return None
    number = int(text)
    return number if number in NICE_CLASS_RANGE else None


class NiceClass(models.Model):
    """One of the 45 classes of the Nice classification (1-34 goods, 35-45 services)."""

    number = models.PositiveSmallIntegerField(
        _("numéro"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    heading = models.TextField(
        _("intitulé"), max_length=2_000, validators=paragraphs(2_000)
    )  # translated: heading_fr / _ar / _en
    edition = models.CharField(_("édition"), max_length=20, default="NCL 12-2025", validators=LINE)
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
    term = models.CharField(_("terme"), max_length=500, validators=LINE)  # translated
    basic_number = models.CharField(
        _("numéro de base OMPI"), max_length=20, blank=True, validators=LINE
    )
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
    # the cross-script sound code of the words, run together (normalize.sound_key)
    sound = models.CharField(max_length=500, editable=False, default="")
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
            # Classes and trigrams in one multicolumn GIN index: the scan intersects the
            # class and trigram posting lists itself, so a search in two classes for a mark
            # made of common words re-checks ~1,300 rows instead of ~20,000 (the planner
            # would not BitmapAnd two separate indexes when its trigram estimate is off).
            # It also serves trigram searches without classes.
            GinIndex(
                "classes",
                OpClass("normalized", name="gin_trgm_ops"),
                name="mark_classes_normalized_trgm",
            ),
            # Latin queries meet Arabic marks through their romanised form; for Latin marks
            # it equals the normalised form, already indexed above.
            GinIndex(
                "classes",
                OpClass("romanized", name="gin_trgm_ops"),
                name="mark_classes_romanized_ar_trgm",
                condition=models.Q(script="arabic"),
            ),
            GinIndex(fields=["classes"], name="mark_classes_gin"),
            # the words of the mark: the class-less search's "all query words" door
            GinIndex(
                Func(
                    "normalized",
                    Value(" "),
                    function="string_to_array",
                    output_field=ArrayField(models.TextField()),
                ),
                name="mark_words_gin",
            ),
            # equality only: plain btrees (db_index would add unused varchar_pattern_ops twins)
            models.Index(fields=["normalized"], name="mark_normalized"),
            models.Index(fields=["phonetic"], name="mark_phonetic"),
            models.Index(fields=["skeleton"], name="mark_skeleton"),
            models.Index(fields=["sound"], name="mark_sound"),
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
                "sound",
                "script",
            }
        super().save(*args, **kwargs)

    def refresh_keys(self):
        for field, value in normalize.match_keys(self.mark_text).items():
            setattr(self, field, value[: self._meta.get_field(field).max_length])
        self.script = normalize.script_of(self.mark_text)


class MarkWord(models.Model):
    """One word of a register entry: the posting lists of the class-less prior-mark search.

    Written only by database triggers on the register (migration 0005_mark_words), so
    every writer (save, bulk_create, queryset update, COPY, raw SQL) keeps it in step:
    one row per distinct word of `normalized`, and, for Arabic marks, of `romanized`
    (a Latin query meets an Arabic mark through its romanised words). `size` is the
    length of the text the word comes from: among the marks that contain a word, the
    shortest are the most similar to it, so the index (word, size) hands out a common
    word's best candidates first and a LIMIT keeps the search bounded (see search.py).
    """

    pk = models.CompositePrimaryKey("mark_id", "word")
    mark_id = models.BigIntegerField()  # no foreign key: the trigger on delete cleans up
    word = models.TextField()
    size = models.SmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["word", "size", "mark_id"], name="markword_word_size")]

    def __str__(self):
        return f"{self.word} ({self.mark_id})"


class MarkVocabulary(models.Model):
    """The register's distinct words and how many marks hold each (kept by triggers).

    The class-less search looks a query word up here by trigram similarity, among
    distinct words, so "atlas" costs one entry whether 10 or 50,000 marks contain it;
    `marks` tells a common word from a rare one.
    """

    word = models.TextField(primary_key=True)
    marks = models.IntegerField()

    class Meta:
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="markvocab_word_trgm")]

    def __str__(self):
        return f"{self.word} ({self.marks})"


class GenericWord(models.Model):
    """A word that says what a mark sells or where, not whose it is ("Maroc", "Atlas",
    "Food", "Group"): the prior-mark search neither lets it hide the distinctive word's
    matches nor flags two marks that share only it. Reference data an administrator edits.
    """

    word = models.CharField(_("mot"), max_length=100, validators=LINE)
    normalized = models.CharField(max_length=100, unique=True, editable=False)
    classes = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("classes"),
        default=list,
        blank=True,
        help_text=_("Classes de Nice où le mot est générique ; vide : toutes les classes."),
    )

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("mot générique")
        verbose_name_plural = _("mots génériques")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(classes__contained_by=list(NICE_CLASS_RANGE)),
                name="genericword_classes_1_45",
            ),
        ]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.normalized = normalize.normalize_mark(self.word)[:100]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized"}
        super().save(*args, **kwargs)


class Tariff(models.Model):
    """The official trademark filing fee, as reference data an administrator edits."""

    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200, validators=LINE)  # translated
    first_class_fee = models.DecimalField(_("première classe"), max_digits=10, decimal_places=2)
    additional_class_fee = models.DecimalField(
        _("par classe supplémentaire"), max_digits=10, decimal_places=2
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
from carres.uploads import extension_for  # noqa: E402
from ip_filings.enums import MarkType  # noqa: E402


def logo_path(instance, filename):
    # Unguessable; the extension comes from the sniffed type, never the user's name.
    return f"trademark-logos/{uuid.uuid4().hex}{extension_for(instance.logo_mime)}"


class TrademarkFiling(Dossier):
    """A trademark pre-filing: the mark, its classes and terms, applicant, priority, fee."""

    reference_prefix = "TM"

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
    logo_mime = models.CharField(max_length=32, blank=True, editable=False)
    logo_name = models.CharField(max_length=200, blank=True, editable=False)
    logo_size = models.PositiveIntegerField(default=0, editable=False)
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


class MarkWatch(models.Model):
    """An entrepreneur watches a mark: new dossiers and register entries close to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mark_watches"
    )
    text = models.CharField(_("marque surveillée"), max_length=200, validators=LINE)
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


# --- Patent dossiers ---
import pghistory  # noqa: E402
from django.utils import timezone  # noqa: E402

from carres.models import Dossier  # noqa: E402
from ip_filings.patent_enums import (  # noqa: E402
    ABSTRACT_WORD_LIMIT,
    PRIORITY_MONTHS,
    ApplicantProfile,
    RightKind,
)


def word_count(text):
    return len((text or "").split())


def months_before(day, months):
    """The same day `months` earlier (clamped to the month's last day)."""
    import calendar

    month = day.month - months
    year = day.year
    while month <= 0:
        month += 12
        year -= 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class PatentKind(models.Model):
    """Reference data: patent of invention, utility certificate (translated names)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("intitulé"), max_length=120, validators=LINE)  # name_fr / _ar / _en
    description = models.TextField(
        _("description"), blank=True, max_length=2_000, validators=paragraphs(2_000)
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("type de titre")
        verbose_name_plural = _("types de titre")

    def __str__(self):
        return self.name


# Every change recorded by database triggers ("history"; `events` stays the workflow timeline).
@pghistory.track(
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="PatentFilingHistory",
)
class PatentFiling(Dossier):
    """A patent (or utility certificate) pre-filing built step by step by its owner."""

    reference_prefix = "PT"

    kind = models.ForeignKey(
        PatentKind, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("type de titre")
    )
    invention_title = models.CharField(
        _("titre de l'invention"), max_length=250, blank=True, validators=LINE
    )
    technical_field = models.CharField(
        _("domaine technique"), max_length=250, blank=True, validators=LINE
    )
    abstract = models.TextField(
        _("abrégé"), blank=True, max_length=3_000, validators=paragraphs(3_000)
    )
    description = models.TextField(
        _("description"), blank=True, max_length=100_000, validators=paragraphs(100_000)
    )
    priority_country = models.CharField(
        _("pays de la priorité"), max_length=80, blank=True, validators=LINE
    )
    priority_number = models.CharField(
        _("numéro de la demande antérieure"), max_length=40, blank=True, validators=LINE
    )
    priority_date = models.DateField(_("date de la demande antérieure"), null=True, blank=True)
    programme = models.CharField(
        _("programme"),
        max_length=40,
        blank=True,
        help_text=_("Code du programme d'accompagnement, s'il y en a un (sert au routage)."),
        validators=LINE,
    )

    class Meta(Dossier.Meta):
        verbose_name = _("demande de brevet")
        verbose_name_plural = _("demandes de brevet")
        constraints = [
            *Dossier.Meta.constraints,
            length_constraint("ip_filings_patentfiling_abstract_max_length", "abstract", 3_000),
            length_constraint(
                "ip_filings_patentfiling_description_max_length", "description", 100_000
            ),
        ]

    @property
    def title(self):
        return self.invention_title or _("Nouvelle invention (sans titre)")

    def get_absolute_url(self):
        return reverse("patents:patent_detail", kwargs={"pk": self.pk})

    @property
    def applicant_profile(self):
        """For routing: a university or start-up among the applicants wins, then a company."""
        kinds = {applicant.profile for applicant in self.applicants.all()}
        for profile in (
            ApplicantProfile.UNIVERSITY,
            ApplicantProfile.STARTUP,
            ApplicantProfile.COMPANY,
        ):
            if profile in kinds:
                return profile
        return ApplicantProfile.INDIVIDUAL

    def submission_errors(self):
        required = _("Ce champ est obligatoire pour soumettre le dossier.")
        errors = {}
        if self.kind_id is None:
            errors["kind"] = [required]
        for name in ("invention_title", "technical_field", "abstract", "description"):
            if not getattr(self, name).strip():
                errors[name] = [required]
        errors.update(abstract_errors(self.abstract))
        claims = list(self.claims.all())
        if not claims:
            errors["claims"] = [_("Rédigez au moins une revendication.")]
        else:
            messages = claim_errors([(c.number, c.refers_to) for c in claims])
            if messages:
                errors["claims"] = messages
        inventors = list(self.inventors.all())
        if not inventors:
            errors["inventors"] = [_("Indiquez au moins un inventeur.")]
        applicants = list(self.applicants.all())
        if not applicants:
            errors["applicants"] = [_("Indiquez au moins un déposant.")]
        else:
            message = shares_error([a.share for a in applicants])
            if message:
                errors["applicants"] = [message]
        errors.update(
            priority_errors(self.priority_date, self.priority_country, self.priority_number)
        )
        return errors

    def pdf_sections(self):
        claim_lines = []
        for claim in self.claims.all():
            line = f"{claim.number}. {claim.text}"
            if claim.refers_to:
                reference = _("selon la revendication %(n)s") % {"n": claim.refers_to}
                line = f"{line} ({reference})"
            claim_lines.append(line)
        claims = "\n".join(claim_lines)
        not_named = _("ne souhaite pas être mentionné")
        inventors = "\n".join(
            i.name if i.mention else f"{i.name} ({not_named})" for i in self.inventors.all()
        )
        applicants = "\n".join(
            f"{a.name} — {a.get_profile_display()}" + (f" — {a.share} %" if a.share else "")
            for a in self.applicants.all()
        )
        priority = "—"
        if self.priority_date:
            priority = (
                f"{self.priority_country} {self.priority_number} ({self.priority_date:%d/%m/%Y})"
            )
        drawings = "\n".join(a.original_name for a in self.attachments.all()) or "—"
        return [
            {"label": _("Requête — type de titre"), "value": str(self.kind or "—")},
            {"label": _("Titre de l'invention"), "value": self.invention_title},
            {"label": _("Domaine technique"), "value": self.technical_field},
            {"label": _("Déposants"), "value": applicants},
            {"label": _("Inventeurs"), "value": inventors},
            {"label": _("Priorité revendiquée"), "value": priority},
            {"label": _("Abrégé"), "value": self.abstract},
            {"label": _("Description"), "value": self.description},
            {"label": _("Revendications"), "value": claims},
            {"label": _("Dessins"), "value": drawings},
        ]


def abstract_errors(text):
    count = word_count(text)
    if count > ABSTRACT_WORD_LIMIT:
        return {
            "abstract": [
                _("L'abrégé compte %(count)d mots : la limite est de %(limit)d.")
                % {"count": count, "limit": ABSTRACT_WORD_LIMIT}
            ]
        }
    return {}


def claim_errors(pairs):
    """[(number, refers_to)] → translated messages for references to a later or missing claim."""
    numbers = {number for number, _refers in pairs}
    messages = []
    for number, refers_to in pairs:
        if refers_to is None:
            continue
        if refers_to >= number:
            messages.append(
                _("La revendication %(n)d ne peut renvoyer qu'à une revendication précédente.")
                % {"n": number}
            )
        elif refers_to not in numbers:
            messages.append(
                _("La revendication %(n)d renvoie à la revendication %(ref)d, qui n'existe pas.")
                % {"n": number, "ref": refers_to}
            )
    return messages


def shares_error(shares):
    if len(shares) < 2:
        return None
    if any(share is None for share in shares) or sum(shares) != 100:
        return _("Les parts des déposants doivent totaliser 100 %.")
    return None


def priority_errors(day, country, number):
    if day is None:
        if country.strip() or number.strip():
            return {"priority_date": [_("Indiquez la date de la demande antérieure.")]}
        return {}
    today = timezone.localdate()
    if day > today:
        return {"priority_date": [_("La date de priorité ne peut pas être dans le futur.")]}
    if day < months_before(today, PRIORITY_MONTHS):
        return {
            "priority_date": [
                _(
                    "La priorité ne peut être revendiquée que dans les douze mois suivant la demande antérieure."
                )
            ]
        }
    errors = {}
    if not country.strip():
        errors["priority_country"] = [_("Indiquez le pays de la demande antérieure.")]
    return errors


class PatentClaim(models.Model):
    """A numbered claim; a dependent claim refers to a claim with a lower number."""

    filing = models.ForeignKey(PatentFiling, on_delete=models.CASCADE, related_name="claims")
    number = models.PositiveSmallIntegerField(_("numéro"))
    text = models.TextField(_("revendication"), max_length=10_000, validators=paragraphs(10_000))
    refers_to = models.PositiveSmallIntegerField(
        _("selon la revendication n°"), null=True, blank=True
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("revendication")
        verbose_name_plural = _("revendications")
        constraints = [
            length_constraint("ip_filings_patentclaim_text_max_length", "text", 10_000),
            models.UniqueConstraint(fields=["filing", "number"], name="patent_claim_number_once"),
            models.CheckConstraint(
                condition=models.Q(refers_to__isnull=True)
                | models.Q(refers_to__lt=models.F("number")),
                name="patent_claim_refers_to_earlier",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class PatentInventor(models.Model):
    filing = models.ForeignKey(PatentFiling, on_delete=models.CASCADE, related_name="inventors")
    name = models.CharField(_("nom et prénom"), max_length=160, validators=LINE)
    address = models.CharField(_("adresse"), max_length=250, blank=True, validators=LINE)
    mention = models.BooleanField(_("souhaite être mentionné comme inventeur"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("inventeur")
        verbose_name_plural = _("inventeurs")

    def __str__(self):
        return self.name


class PatentApplicant(models.Model):
    filing = models.ForeignKey(PatentFiling, on_delete=models.CASCADE, related_name="applicants")
    name = models.CharField(_("nom ou raison sociale"), max_length=160, validators=LINE)
    profile = models.CharField(
        _("type de déposant"),
        max_length=20,
        choices=ApplicantProfile.choices,
        default=ApplicantProfile.INDIVIDUAL,
    )
    share = models.DecimalField(
        _("part (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("déposant")
        verbose_name_plural = _("déposants")

    def __str__(self):
        return self.name


# --- IP self-diagnostic (reference data, translated) ---


class DiagnosticQuestion(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    text = models.CharField(_("question"), max_length=250, validators=LINE)  # text_fr / _ar / _en
    help_text = models.CharField(_("aide"), max_length=250, blank=True, validators=LINE)
    multiple = models.BooleanField(_("plusieurs réponses possibles"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("question du diagnostic")
        verbose_name_plural = _("questions du diagnostic")

    def __str__(self):
        return self.text


class DiagnosticChoice(models.Model):
    question = models.ForeignKey(
        DiagnosticQuestion, on_delete=models.CASCADE, related_name="choices"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("réponse"), max_length=200, validators=LINE)  # label_fr / _ar / _en
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("réponse possible")
        verbose_name_plural = _("réponses possibles")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="diagnostic_choice_code_once")
        ]

    def __str__(self):
        return self.label


class Recommendation(models.Model):
    """Shown in the action plan when any of its `choices` was answered (or always if none)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    right = models.CharField(_("droit concerné"), max_length=20, choices=RightKind.choices)
    title = models.CharField(_("titre"), max_length=200, validators=LINE)  # translated
    text = models.TextField(
        _("conseil"), max_length=2_000, validators=paragraphs(2_000)
    )  # translated
    priority = models.PositiveSmallIntegerField(
        _("priorité"), default=10, help_text=_("Les plus petits nombres sont à faire en premier.")
    )
    choices = models.ManyToManyField(
        DiagnosticChoice, blank=True, related_name="recommendations", verbose_name=_("conditions")
    )
    excluded_by = models.ManyToManyField(
        DiagnosticChoice,
        blank=True,
        related_name="+",
        verbose_name=_("sans objet si l'on a répondu"),
    )
    training_theme = models.CharField(
        _("thème de formation"), max_length=32, blank=True, validators=LINE
    )
    chamber_topic = models.CharField(
        _("sujet pour la chambre"), max_length=32, blank=True, validators=LINE
    )

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")

    def __str__(self):
        return self.title
