from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChambersConfig(AppConfig):
    name = "chambers"
    verbose_name = _("Chambres et accompagnement")
