"""Kinds and choices of trademarks, patents and the IP self-diagnostic."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MarkStatus(models.TextChoices):
    FILED = "filed", _("Déposée")
    REGISTERED = "registered", _("Enregistrée")
    OPPOSED = "opposed", _("En opposition")
    EXPIRED = "expired", _("Expirée")
    CANCELLED = "cancelled", pgettext_lazy("marque", "Radiée")


# A register entry in one of these statuses still blocks a later, similar mark.
LIVE_MARK_STATUSES = (MarkStatus.FILED, MarkStatus.REGISTERED, MarkStatus.OPPOSED)


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Personne physique")
    SME = "sme", _("PME / TPE")
    UNIVERSITY = "university", _("Université ou centre de recherche")
    COMPANY = "company", _("Autre entreprise")


class Office(models.TextChoices):
    OMPIC = "ompic", pgettext_lazy("office", "OMPIC")
    INPI = "inpi", pgettext_lazy("office", "INPI")


class TariffRight(models.TextChoices):
    TRADEMARK = "trademark", _("Marque")
    PATENT = "patent", _("Brevet")


class TariffUnit(models.TextChoices):
    CLASS = "class", _("classe")
    CLAIM = "claim", _("revendication")
    PAGE = "page", _("page")


class MatchKind(models.TextChoices):
    IDENTICAL = "identical", _("Identique")
    NORMALIZED = "normalized", _("Identique aux accents, majuscules et ponctuation près")
    SPACING = "spacing", _("Identique aux espaces et traits d'union près")
    SHARED_WORD = "shared_word", _("Même mot distinctif")
    OTHER_SCRIPT = "other_script", _("Même marque dans l'autre écriture")
    PHONETIC = "phonetic", _("Se prononce de la même façon")
    SPELLING = "spelling", _("Orthographe proche")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("Risque élevé")
    MEDIUM = "medium", _("Risque moyen")
    LOW = "low", _("Risque faible")


# --- Trademark dossiers ---
class MarkType(models.TextChoices):
    WORD = "word", _("Verbale (des mots seulement)")
    FIGURATIVE = "figurative", _("Figurative (un logo seulement)")
    COMBINED = "combined", _("Semi-figurative (mots et logo)")


# --- Patents and the IP self-diagnostic ---

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
