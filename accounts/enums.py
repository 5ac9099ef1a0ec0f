from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    ADVISOR = "advisor", _("Conseiller de chambre")
    EXAMINER = "examiner", _("Examinateur")
    ADMINISTRATOR = "administrator", _("Administrateur")


class Office(models.TextChoices):
    OMPIC = "ompic", _("OMPIC")
    INPI = "inpi", _("INPI")


class Language(models.TextChoices):
    """A language as a choice among others (a training's, a preferred one): named in the
    reader's language, "الفرنسية" on an Arabic page, not "Français". The msgids are the
    endonyms the French pages have always shown (and the migrations recorded); the language
    switcher keeps the endonyms (settings.LANGUAGES)."""

    FR = "fr", pgettext_lazy("langue", "Français")
    AR = "ar", pgettext_lazy("langue", "العربية")
    EN = "en", pgettext_lazy("langue", "English")


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
