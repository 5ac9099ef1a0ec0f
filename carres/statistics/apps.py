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
        from carres.statistics import datasets, estimates

        datasets.register_shared_datasets()
        dossier_transitioned.connect(
            estimates.refresh_after_decision, dispatch_uid="statistics-refresh-estimate"
        )
