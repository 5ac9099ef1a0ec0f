from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpFilingsConfig(AppConfig):
    name = "ip_filings"
    verbose_name = _("Marques et brevets")
