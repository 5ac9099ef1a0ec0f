"""Kinds and choices of the patent pre-filing and the IP self-diagnostic."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ABSTRACT_WORD_LIMIT = 150
PRIORITY_MONTHS = 12


class ApplicantProfile(models.TextChoices):
    """Who applies: used by the routing rules (carres.routing) and the applicant rows."""

    INDIVIDUAL = "individual", _("Personne physique")
    COMPANY = "company", _("Entreprise")
    STARTUP = "startup", pgettext_lazy("applicant profile", "Start-up")
    UNIVERSITY = "university", _("Université ou centre de recherche")


class RightKind(models.TextChoices):
    TRADEMARK = "trademark", _("Marque")
    PATENT = "patent", _("Brevet")
    DESIGN = "design", _("Dessin ou modèle")
    TRADE_NAME = "trade_name", _("Nom commercial")
    OAPI = "oapi", _("Protection dans les pays de l'OAPI")
    ABROAD = "abroad", _("Protection à l'étranger")
