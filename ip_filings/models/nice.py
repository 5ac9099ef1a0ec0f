"""The Nice classification: its 45 classes and their goods and services terms."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from carres.text import normalize_text
from carres.validators import LINE, paragraphs
from carres.wordstarts import word_start_index

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
    # Each word and its article-less forms, after a space: `LIKE '% needle%'` matches word
    # starts only (carres.text.word_start_index); trigram-indexed like the copies above.
    words_fr = models.TextField(editable=False, default="")
    words_ar = models.TextField(editable=False, default="")
    words_en = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["nice_class__number", "term"]
        verbose_name = _("terme de Nice")
        verbose_name_plural = _("termes de Nice")
        indexes = [
            GinIndex(OpClass("search_fr", name="gin_trgm_ops"), name="niceterm_search_fr_trgm"),
            GinIndex(OpClass("search_ar", name="gin_trgm_ops"), name="niceterm_search_ar_trgm"),
            GinIndex(OpClass("search_en", name="gin_trgm_ops"), name="niceterm_search_en_trgm"),
            GinIndex(OpClass("words_fr", name="gin_trgm_ops"), name="niceterm_words_fr_trgm"),
            GinIndex(OpClass("words_ar", name="gin_trgm_ops"), name="niceterm_words_ar_trgm"),
            GinIndex(OpClass("words_en", name="gin_trgm_ops"), name="niceterm_words_en_trgm"),
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
                "words_fr",
                "words_ar",
                "words_en",
            }
        super().save(*args, **kwargs)

    def refresh_search_fields(self):
        for language in ("fr", "ar", "en"):
            value = getattr(self, f"term_{language}", "") or ""
            setattr(self, f"search_{language}", normalize_text(value))
            setattr(self, f"words_{language}", word_start_index(value))
