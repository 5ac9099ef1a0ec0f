"""The support network beyond the chambers: universities and their technology-transfer
offices, incubators, technoparks, local relays. Edited in the admin; names translated."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from carres.validators import LINE
from chambers.enums import PartnerKind, Topic
from chambers.models.territory import City, Region


class Partner(models.Model):
    """A partner that helps entrepreneurs and researchers in a region. A relay (`is_relay`)
    can be named by a routing rule: requests routed through it tell the entrepreneur to
    contact it (a university's technology-transfer office for a researcher's patent, say)."""

    name = models.CharField(_("nom"), max_length=200, validators=LINE)
    kind = models.CharField(_("type"), max_length=16, choices=PartnerKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="partners", verbose_name=_("région")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=LINE)
    contact_name = models.CharField(
        _("personne à contacter"), max_length=120, blank=True, validators=LINE
    )
    phone = models.CharField(_("téléphone"), max_length=32, blank=True, validators=LINE)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    services = ArrayField(
        models.CharField(max_length=32, choices=Topic.choices),
        verbose_name=_("services"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices),
        verbose_name=_("langues"),
        default=list,
        blank=True,
    )
    is_relay = models.BooleanField(
        _("relais"),
        default=False,
        help_text=_("Peut être désigné par une règle d'orientation pour recevoir des demandes."),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="partner_unique_name_region"),
        ]

    def __str__(self):
        return self.name

    def get_services_display(self):
        labels = dict(Topic.choices)
        return [labels[s] for s in self.services if s in labels]

    def get_languages_display(self):
        labels = dict(Language.choices)
        return [labels[code] for code in self.languages if code in labels]
