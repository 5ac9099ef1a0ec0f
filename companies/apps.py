from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Création d'entreprise")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from carres.enums import DossierAction
        from carres.kinds import DossierKind, register_kind
        from carres.personal_data import providers
        from carres.registry import demo_data
        from companies.models import CompanyDossier, RegisteredCompany
        from companies.personal_data import provider
        from companies.rules import dossier_errors
        from companies.seed import seed_demo
        from companies.selectors import checklist_requirements, register_changed
        from companies.services import link_checklist_document, register_accepted_dossier
        from companies.views import WIZARD

        register_kind(
            DossierKind(
                CompanyDossier,
                validate=dossier_errors,
                requirements=checklist_requirements,
                on_attach=link_checklist_document,
                on_transition={DossierAction.ACCEPT: [register_accepted_dossier]},
                wizard=WIZARD,
            )
        )

        from carres.statistics.registry import register_dataset
        from companies.statistics import COMPANIES_CREATED

        register_dataset(COMPANIES_CREATED)
        post_save.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
        post_delete.connect(register_changed, sender=RegisteredCompany, dispatch_uid="register")
        demo_data.register(self.label, seed_demo, after=["chambers"])
        providers.register(self.label, provider)
