from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    ADVISOR = "advisor", _("Conseiller de chambre")
    EXAMINER = "examiner", _("Examinateur")
    ADMINISTRATOR = "administrator", _("Administrateur")


class Office(models.TextChoices):
    OMPIC = "ompic", _("OMPIC")
    INPI = "inpi", _("INPI")


class Language(models.TextChoices):
    FR = "fr", "Français"
    AR = "ar", "العربية"
    EN = "en", "English"


STAFF_ROLES = frozenset({Role.ADVISOR, Role.EXAMINER, Role.ADMINISTRATOR})
