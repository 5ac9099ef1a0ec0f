from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarresConfig(AppConfig):
    name = "carres"
    verbose_name = _("Carrés des innovateurs")
