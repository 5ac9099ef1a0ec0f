from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChambersConfig(AppConfig):
    name = "chambers"
    verbose_name = _("Chambres et accompagnement")

    def ready(self):
        from carres.statistics.registry import register_dataset, register_region_source
        from chambers.statistics import SUPPORT_REQUESTS, region_choices

        register_dataset(SUPPORT_REQUESTS)
        register_region_source(region_choices)
