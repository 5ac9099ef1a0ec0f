from django.db import models
from django.utils.translation import gettext_lazy as _


class AssociateKinds(models.TextChoices):
    """Who a legal form accepts as associates."""

    ANY = "any", _("personnes physiques ou morales")
    NATURAL = "natural", _("personnes physiques seulement")
    LEGAL = "legal", _("personnes morales seulement")


class PersonKind(models.TextChoices):
    NATURAL = "natural", _("Personne physique")
    LEGAL = "legal", _("Personne morale (société)")


class ManagerRole(models.TextChoices):
    MANAGER = "manager", _("Gérant")
    CHAIR = "chair", _("Président")
    DIRECTOR = "director", _("Administrateur (membre du conseil)")


class CompanyStatus(models.TextChoices):
    BEING_CREATED = "being_created", _("En cours de création")
    REGISTERED = "registered", _("Immatriculée")
    STRUCK_OFF = "struck_off", _("Radiée")


class Verdict(models.TextChoices):
    AVAILABLE = "available", _("Disponible")
    RISKY = "risky", _("Risquée")
    UNAVAILABLE = "unavailable", _("Indisponible")


class WizardStep(models.TextChoices):
    LEGAL_FORM = "legal_form", _("Forme juridique")
    NAMES = "names", _("Dénominations")
    ACTIVITY = "activity", _("Activité")
    ASSOCIATES = "associates", _("Capital et associés")
    MANAGERS = "managers", _("Dirigeants")
    HEAD_OFFICE = "head_office", _("Siège social")
    DOCUMENTS = "documents", _("Pièces")
    REVIEW = "review", _("Vérification et soumission")


STEPS = list(WizardStep.values)

# A name reserved at acceptance stays reserved this long (certificat négatif, since 2019).
RESERVATION_DAYS = 90
