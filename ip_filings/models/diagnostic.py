"""The IP self-diagnostic (reference data, translated): questions, answers, advice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE, paragraphs
from ip_filings.enums import RightKind


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
        DiagnosticQuestion,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
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
