"""The tables the nightly task fills and the public pages read (see carres.statistics.tasks)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticRow(models.Model):
    """One row of a public data set: a month, a region ("MA" for the whole country), the data
    set's key fields and its figures, unsuppressed (suppression happens on the way out)."""

    dataset = models.CharField(_("jeu de données"), max_length=40)
    period = models.CharField(_("mois"), max_length=7)  # "2026-03"
    region = models.CharField(_("région"), max_length=5)  # "MA", "MA-01".."MA-12"
    key = models.CharField(_("clé"), max_length=80, blank=True)  # the key fields, "|"-joined
    data = models.JSONField(_("valeurs"), default=dict)
    # Counts of 5 or more masked so that a "< 5" is not recoverable from a total (secondary
    # suppression, carres.statistics.suppression): the names of their fields.
    hidden = models.JSONField(_("valeurs masquées"), default=list, blank=True)

    class Meta:
        verbose_name = _("ligne de statistiques")
        verbose_name_plural = _("lignes de statistiques")
        ordering = ["dataset", "period", "region", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "period", "region", "key"], name="statistic_row_unique"
            )
        ]
        indexes = [models.Index(fields=["dataset", "region", "period"], name="statistic_lookup")]

    def __str__(self):
        return f"{self.dataset} {self.period} {self.region} {self.key}"


class DatasetBuild(models.Model):
    """When a data set was last computed, and a digest of its rows: a nightly run that finds
    the same rows keeps the row (and its `changed_at`), so files keep their ETag."""

    dataset = models.CharField(_("jeu de données"), max_length=40, unique=True)
    version = models.CharField(_("version du schéma"), max_length=16)
    rows = models.PositiveIntegerField(_("lignes"), default=0)
    sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("calculé le"))
    changed_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("calcul d'un jeu de données")
        verbose_name_plural = _("calculs des jeux de données")
        ordering = ["dataset"]

    def __str__(self):
        return f"{self.dataset} @ {self.computed_at:%Y-%m-%d %H:%M}"


class DecisionEstimate(models.Model):
    """An office's recent time to decision for a kind of dossier (the last six months):
    median and range (quartiles) in days, over `decisions` decisions."""

    office = models.CharField(_("office"), max_length=8)
    kind = models.CharField(_("type de dossier"), max_length=4)  # reference prefix
    decisions = models.PositiveIntegerField(_("décisions"))
    median_days = models.FloatField(_("délai médian (jours)"))
    low_days = models.FloatField(_("délai bas (jours)"))
    high_days = models.FloatField(_("délai haut (jours)"))
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("délai de décision estimé")
        verbose_name_plural = _("délais de décision estimés")
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="decision_estimate_unique")
        ]

    def __str__(self):
        return f"{self.office} {self.kind}: {self.median_days:.0f} j ({self.decisions})"
