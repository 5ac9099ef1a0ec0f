"""The trademark register and the word lists its triggers keep for the prior-mark search."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from carres.choices import ChoiceDisplay
from carres.text import match_keys, normalize_mark, script_of
from carres.validators import LINE
from ip_filings.enums import MarkStatus
from ip_filings.models.nice import NICE_CLASS_RANGE


class RegisteredMark(ChoiceDisplay, models.Model):
    """An entry of the trademark register, with the keys the prior-mark search compares."""

    number = models.CharField(_("numéro"), max_length=40, unique=True)
    mark_text = models.CharField(_("marque"), max_length=500)
    normalized = models.CharField(_("texte normalisé"), max_length=500, editable=False)
    romanized = models.CharField(_("texte en lettres latines"), max_length=1000, editable=False)
    phonetic = models.CharField(_("clé phonétique"), max_length=1000, editable=False)
    skeleton = models.CharField(
        _("forme sans caractères confondables"), max_length=500, editable=False
    )
    # the cross-script sound code of the words, run together (carres.sound.sound_key)
    sound = models.CharField(_("clé sonore"), max_length=500, editable=False, default="")
    # the spelling with the article set aside and the vowels folded (carres.sound.fold_key)
    fold = models.CharField(_("graphie repliée"), max_length=500, editable=False, default="")
    script = models.CharField(_("écriture"), max_length=10, editable=False, default="latin")
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
            # Classes and sound code (btree_gin): a short code ("kr") is shared by ~30,000
            # marks of 5,000,000; the sound door in two classes reads the ~2,000 of both at
            # once instead of ANDing the code's bitmap with every mark of the classes.
            GinIndex(fields=["classes", "sound"], name="mark_classes_sound"),
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
            # The sound door without classes orders every mark of the code by how close it
            # is (romanised form, folded spelling): a short code is ~20,000-40,000 marks of
            # 5,000,000, read here from the index alone instead of as many heap pages.
            models.Index(
                fields=["sound"],
                include=["id", "status", "script", "romanized", "fold"],
                name="mark_sound_covering",
            ),
            models.Index(fields=["fold"], name="mark_fold"),
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
                "fold",
                "script",
            }
        super().save(*args, **kwargs)

    def refresh_keys(self):
        for field, value in match_keys(self.mark_text).items():
            setattr(self, field, value[: self._meta.get_field(field).max_length])
        self.script = script_of(self.mark_text)


class MarkWord(models.Model):
    """One word of a register entry: the posting lists of the class-less prior-mark search.

    Written only by database triggers on the register (migration 0005_mark_words), so
    every writer (save, bulk_create, queryset update, COPY, raw SQL) keeps it in step:
    one row per distinct word of `normalized`, and, for Arabic marks, of `romanized`
    (a Latin query meets an Arabic mark through its romanised words). `size` is the
    length of the text the word comes from: among the marks that contain a word, the
    shortest are the most similar to it, so the index (word, size) hands out a common
    word's best candidates first and a LIMIT keeps the search bounded (see ip_filings/search/).
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
    normalized = models.CharField(_("texte normalisé"), max_length=100, unique=True, editable=False)
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
        self.normalized = normalize_mark(self.word)[:100]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalized"}
        super().save(*args, **kwargs)
