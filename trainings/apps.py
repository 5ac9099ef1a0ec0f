from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from carres.verification import register_verifier
        from trainings.verification import verify_certificate

        register_verifier(verify_certificate)
