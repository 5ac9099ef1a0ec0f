from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Création d'entreprise")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from companies.models import RegisteredCompany
        from companies.selectors import register_changed

        post_save.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
        post_delete.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
