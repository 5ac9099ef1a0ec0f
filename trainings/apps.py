from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from carres.registry import demo_data
        from trainings.seed import seed_demo

        demo_data.register(self.label, seed_demo, after=["chambers"])
