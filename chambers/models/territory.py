"""The territory: regions, provinces and cities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE
from chambers.enums import ProvinceKind


class Region(models.Model):
    """One of Morocco's 12 regions (2015 division), by its official code ("01".."12")."""

    code = models.CharField(_("code"), max_length=2, unique=True, validators=LINE)
    name = models.CharField(_("nom"), max_length=120, validators=LINE)

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Province(models.Model):
    """A province or préfecture, by its official code (e.g. "09.001")."""

    code = models.CharField(_("code"), max_length=12, unique=True, validators=LINE)
    name = models.CharField(_("nom"), max_length=120, validators=LINE)
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

    code = models.CharField(
        _("code"), max_length=16, unique=True, null=True, blank=True, validators=LINE
    )
    name = models.CharField(_("nom"), max_length=120, validators=LINE)
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
