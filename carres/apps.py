from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarresConfig(AppConfig):
    name = "carres"
    verbose_name = _("Carrés des innovateurs")

    def ready(self):
        from carres import checks, kinds  # noqa: F401 - registers the system checks
        from carres.third_party_names import name_third_party_models

        name_third_party_models()
