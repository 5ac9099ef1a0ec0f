from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarresConfig(AppConfig):
    name = "carres"
    verbose_name = _("Carrés des innovateurs")

    def ready(self):
        from carres import checks, kinds  # noqa: F401 - registers the system checks
        from carres.verification import verifiers, verify_dossier

        verifiers.register(self.label, verify_dossier)
        from carres.notifications import notify_staff

        # Examiners hear of submissions, resubmissions and transfers, whatever the door.
        kinds.dossier_transitioned.connect(notify_staff, dispatch_uid="carres.notify_staff")
        from carres.dossier_personal_data import provider
        from carres.personal_data import providers

        providers.register(self.label, provider)

        from carres.third_party_names import name_third_party_models

        name_third_party_models()
