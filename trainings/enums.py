from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    IP_BASICS = "ip_basics", _("Fondamentaux de la propriété industrielle")
    TRADEMARKS = "trademarks", _("Marques")
    PATENTS = "patents", _("Brevets")
    DESIGNS = "designs", _("Dessins et modèles")
    COMPANY_CREATION = "company_creation", _("Création d'entreprise")
    INNOVATION_FINANCING = "innovation_financing", _("Financement de l'innovation")
    ANTI_COUNTERFEITING = "anti_counterfeiting", _("Lutte anti-contrefaçon")


class Audience(models.TextChoices):
    STARTUPS = "startups", _("Start-up")
    SMES = "smes", _("PME")
    STUDENTS_RESEARCHERS = "students_researchers", _("Étudiants et chercheurs")
    IP_PROFESSIONALS = "ip_professionals", _("Professionnels de la PI (offices, partenaires OAPI)")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmée")
    CANCELLED = "cancelled", _("Annulée")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscription confirmée")
    WAITLISTED = "waitlisted", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")
    ATTENDED = "attended", _("Présent")


# A registration that holds a seat: confirmed, or confirmed and then marked present.
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
ACTIVE = (*SEAT_HOLDING, RegistrationStatus.WAITLISTED)
