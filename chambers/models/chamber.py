"""Chambers, their venues and advisors, and the rules that route requests to them."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE
from chambers.enums import ChamberKind, Topic, VenueKind
from chambers.models.territory import City, Region


class Chamber(models.Model):
    """A chamber that relays the programme: a regional CCIS, the FCMCIS, the CFCIM or one of its offices."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ChamberKind.choices)
    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True, validators=LINE)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="seated_chambers",
        verbose_name=_("région du siège"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=LINE)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True, validators=LINE)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    regions_served = models.ManyToManyField(
        Region, related_name="chambers", verbose_name=_("régions servies"), blank=True
    )
    topics = ArrayField(
        models.CharField(max_length=32, choices=Topic.choices),
        verbose_name=_("sujets traités"),
        default=list,
        blank=True,
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("délai de première réponse (jours ouvrés)"), default=3
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "region__code", "name"]
        verbose_name = _("chambre")
        verbose_name_plural = _("chambres")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_answer_days__gte=1), name="chamber_first_answer_days_positive"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_topics_display(self):
        labels = dict(Topic.choices)
        return [labels[t] for t in self.topics if t in labels]


class Venue(models.Model):
    """Where a meeting or a training session takes place: a chamber, a university, a partner, online."""

    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    kind = models.CharField(_("type"), max_length=16, choices=VenueKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("région"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=LINE)
    chamber = models.ForeignKey(
        Chamber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("chambre"),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="online") | Q(region__isnull=False, city__isnull=False),
                name="venue_physical_has_place",
            ),
            models.UniqueConstraint(fields=["name", "city"], name="venue_unique_name_city"),
        ]

    def __str__(self):
        return self.name


class Advisor(models.Model):
    """A user's membership of a chamber. A manager sees the chamber's whole queue."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor",
        verbose_name=_("utilisateur"),
    )
    chamber = models.ForeignKey(
        Chamber, on_delete=models.PROTECT, related_name="advisors", verbose_name=_("chambre")
    )
    is_manager = models.BooleanField(_("responsable de la chambre"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["chamber", "user__last_name", "user__email"]
        verbose_name = _("conseiller")
        verbose_name_plural = _("conseillers")

    def __str__(self):
        return f"{self.user} ({self.chamber})"


class RoutingRule(models.Model):
    """Which chamber receives the requests on a topic from a region (else the region's CCIS)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("région"))
    topic = models.CharField(_("sujet"), max_length=32, choices=Topic.choices)
    chamber = models.ForeignKey(
        Chamber, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("chambre")
    )
    relay = models.ForeignKey(
        "chambers.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routing_rules",
        limit_choices_to={"is_relay": True},
        verbose_name=_("relais"),
        help_text=_(
            "Partenaire vers qui l'entrepreneur est orienté (le bureau de transfert de "
            "technologie d'une université, par exemple) ; la chambre suit la demande."
        ),
    )

    class Meta:
        ordering = ["region__code", "topic"]
        verbose_name = _("règle d'orientation")
        verbose_name_plural = _("règles d'orientation")
        constraints = [
            models.UniqueConstraint(fields=["region", "topic"], name="routing_rule_unique"),
        ]

    def __str__(self):
        return f"{self.region} · {self.get_topic_display()} → {self.chamber}"
