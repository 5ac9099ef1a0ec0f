from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from accounts.personal_data import provider
        from carres.personal_data import providers

        providers.register(self.label, provider)
