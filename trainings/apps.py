from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from carres.statistics.registry import register_dataset
        from trainings.statistics import TRAININGS_HELD

        register_dataset(TRAININGS_HELD)

        from chambers.territory import register_stop_source
        from trainings.territory import next_caravan_stops

        register_stop_source(next_caravan_stops)
