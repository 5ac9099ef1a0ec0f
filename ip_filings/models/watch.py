"""Watching marks: the watches, the alerts they give, the renewal reminders."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE
from ip_filings.models.nice import NICE_CLASS_RANGE
from ip_filings.models.register import RegisteredMark


class MarkWatch(models.Model):
    """An entrepreneur watches a mark: new dossiers and register entries close to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mark_watches",
        verbose_name=_("utilisateur"),
    )
    text = models.CharField(_("marque surveillée"), max_length=200, validators=LINE)
    classes = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("classes")
    )
    threshold = models.FloatField(_("seuil de ressemblance"), default=0.7)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

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

    watch = models.ForeignKey(
        MarkWatch, on_delete=models.CASCADE, related_name="hits", verbose_name=_("surveillance")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de source")
    )
    object_id = models.PositiveBigIntegerField(
        _("numéro de la source"),
    )
    matched = GenericForeignKey("content_type", "object_id")
    matched_text = models.CharField(_("marque trouvée"), max_length=500)
    score = models.FloatField(_("score"))
    kind = models.CharField(_("type de ressemblance"), max_length=20)
    reason = models.TextField(_("raison"))
    created_at = models.DateTimeField(_("trouvé le"), default=timezone.now)
    emailed_at = models.DateTimeField(_("envoyé par e-mail le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)

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
        RegisteredMark,
        on_delete=models.CASCADE,
        related_name="renewal_reminder",
        verbose_name=_("marque"),
    )
    expires_on = models.DateField(
        _("échéance"),
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    def __str__(self):
        return f"{self.mark} ({self.expires_on})"
