from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from carres.verification import verifiers
        from trainings.verification import verify_certificate

        verifiers.register(self.label, verify_certificate)
        from carres.personal_data import providers
        from carres.registry import demo_data
        from trainings.personal_data import provider
        from trainings.seed import seed_demo

        demo_data.register(self.label, seed_demo, after=["chambers"])
        providers.register(self.label, provider)

        from carres.statistics.registry import register_dataset
        from trainings.statistics import TRAININGS_HELD

        register_dataset(TRAININGS_HELD)

        from chambers.territory import register_stop_source
        from trainings.territory import next_caravan_stops

        register_stop_source(next_caravan_stops)

        # The catalogue and caravan pages (carres.public_cache) show these.
        from carres.public_cache_signals import shown_on

        shown_on(
            "trainings",
            "trainings.Training",
            "trainings.TrainingSession",
            "trainings.Registration",  # the seats left
            "trainings.Caravan",
            "chambers.Venue",
            "chambers.Region",
            "chambers.City",
            "chambers.Chamber",
        )
