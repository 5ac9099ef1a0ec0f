from django.db import models
from django.utils.translation import gettext_lazy as _


class ChamberKind(models.TextChoices):
    CCIS = "ccis", _("Chambre de commerce, d'industrie et de services (CCIS)")
    FCMCIS = "fcmcis", _("Fédération des chambres (FCMCIS)")
    CFCIM = "cfcim", _("Chambre française de commerce et d'industrie du Maroc (CFCIM)")
    CFCIM_OFFICE = "cfcim_office", _("Délégation régionale de la CFCIM")


class Topic(models.TextChoices):
    COMPANY_CREATION = "company_creation", _("Création d'entreprise")
    TRADEMARK = "trademark", _("Marque")
    PATENT = "patent", _("Brevet")
    INNOVATION_FINANCING = "innovation_financing", _("Financement de l'innovation")
    EXPORT_AFRICA = "export_africa", _("Export vers l'Afrique / OAPI")
    ANTI_COUNTERFEITING = "anti_counterfeiting", _("Lutte anti-contrefaçon")
    OTHER = "other", _("Autre sujet")


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Préfecture")


class VenueKind(models.TextChoices):
    CHAMBER = "chamber", _("Chambre")
    UNIVERSITY = "university", _("Université")
    PARTNER = "partner", _("Partenaire")
    ONLINE = "online", _("En ligne")


class RequestStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    ASSIGNED = "assigned", _("Attribuée")
    IN_PROGRESS = "in_progress", _("En cours")
    CLOSED = "closed", _("Clôturée")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Résolue")
    NO_ANSWER = "no_answer", _("Sans réponse de l'entrepreneur")


class EventKind(models.TextChoices):
    CREATED = "created", _("Demande envoyée")
    ASSIGNED = "assigned", _("Demande attribuée à un conseiller")
    STARTED = "started", _("Prise en charge commencée")
    APPOINTMENT = "appointment", _("Rendez-vous proposé")
    MESSAGE = "message", _("Message")
    CLOSED = "closed", _("Demande clôturée")
    RATED = "rated", _("Avis donné")
    SLOTS = "appt_slots", _("Créneaux de rendez-vous proposés par l'entrepreneur")
    APPOINTMENT_ACCEPTED = "appt_accepted", _("Rendez-vous confirmé")
    APPOINTMENT_DECLINED = "appt_declined", _("Rendez-vous décliné")


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    ACCEPTED = "accepted", _("Confirmé")
    DECLINED = "declined", _("Décliné")
    # Another slot of the request was accepted after this one.
    SUPERSEDED = "superseded", _("Remplacé")


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("Université")
    TECH_TRANSFER = "tech_transfer", _("Bureau de transfert de technologie (université)")
    INCUBATOR = "incubator", _("Incubateur")
    TECHNOPARK = "technopark", _("Technoparc")
    RELAY = "relay", _("Relais local")
