from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChambersConfig(AppConfig):
    name = "chambers"
    verbose_name = _("Chambres et accompagnement")

    def ready(self):
        from carres.personal_data import providers
        from carres.registry import demo_data
        from chambers.personal_data import provider
        from chambers.seed import seed_demo

        demo_data.register(self.label, seed_demo)
        providers.register(self.label, provider)

        from carres.statistics.registry import register_dataset, register_region_source
        from carres.statistics.staff import staff_tables
        from chambers.statistics import SUPPORT_REQUEST_TABLE, SUPPORT_REQUESTS, region_choices

        register_dataset(SUPPORT_REQUESTS)
        register_region_source(region_choices)
        staff_tables.register(self.label, SUPPORT_REQUEST_TABLE, after=("statistics",))

        # The directory's pages (carres.public_cache) show these.
        from carres.public_cache_signals import shown_on

        shown_on(
            "chambers",
            "chambers.Region",
            "chambers.City",
            "chambers.Chamber",
            m2m=["chambers.Chamber.regions_served"],
        )
