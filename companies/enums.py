from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    """A simple list for now; the wizard issue turns it into translated reference data."""

    SARL = "sarl", _("SARL (société à responsabilité limitée)")
    SARL_AU = "sarl_au", _("SARL AU (associé unique)")
    SA = "sa", _("SA (société anonyme)")
    SNC = "snc", _("SNC (société en nom collectif)")
    EI = "ei", _("Entreprise individuelle")


# Minimum share capital by legal form, in MAD (Law 17-95 for SA).
MINIMUM_CAPITAL = {LegalForm.SA: 300_000}
