from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """Public statistics and open data: each feature app registers its data sets
    (`<app>/statistics.py`, from its AppConfig.ready()); a nightly task fills the tables
    the pages and files read."""

    name = "carres.statistics"
    label = "statistics"
    verbose_name = _("Statistiques publiques")

    def ready(self):
        from carres.kinds import dossier_transitioned
        from carres.public_cache_signals import shown_on
        from carres.registry import demo_data
        from carres.statistics import datasets, estimates
        from carres.statistics.seed import seed_demo

        datasets.register_shared_datasets()
        from carres.statistics.staff import register_dossier_table

        register_dossier_table()
        # Installed last, so registered last: it runs after every app's demo.
        demo_data.register(self.label, seed_demo)
        # Each nightly rebuild saves its DatasetBuild: the cached pages show the new figures.
        shown_on("statistics", "statistics.DatasetBuild")
        dossier_transitioned.connect(
            estimates.refresh_after_decision, dispatch_uid="statistics-refresh-estimate"
        )
