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


class ConsentPurpose(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("Notice d'information sur les données personnelles")
    OPTIONAL_EMAILS = (
        "optional_emails",
        _("E-mails d'information : nouvelles formations, caravane, actualités du programme"),
    )


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Inscription")
    PROFILE = "profile", _("Profil")
    ACCOUNT_DELETION = "account_deletion", _("Suppression du compte")
