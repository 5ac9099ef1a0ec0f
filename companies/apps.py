from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Création d'entreprise")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from carres.enums import DossierAction
        from carres.kinds import DossierKind, register_kind
        from companies.models import CompanyDossier, RegisteredCompany
        from companies.selectors import register_changed
        from companies.services import register_accepted_dossier

        register_kind(
            DossierKind(
                CompanyDossier,
                on_transition={DossierAction.ACCEPT: [register_accepted_dossier]},
            )
        )

        from carres.statistics.registry import register_dataset
        from companies.statistics import COMPANIES_CREATED

        register_dataset(COMPANIES_CREATED)
        post_save.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
        post_delete.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
