from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpFilingsConfig(AppConfig):
    name = "ip_filings"
    verbose_name = _("Marques et brevets")

    def ready(self):
        from carres.enums import DossierAction
        from carres.kinds import DossierKind, register_kind
        from carres.personal_data import providers
        from carres.registry import demo_data
        from ip_filings.models import PatentFiling, TrademarkFiling
        from ip_filings.personal_data import provider
        from ip_filings.seed import seed_demo
        from ip_filings.selectors.documents import patent_requirements, trademark_requirements
        from ip_filings.services.fees import patent_fee, patent_sections
        from ip_filings.services.trademark import enter_register, snapshot_fee_on_submission
        from ip_filings.views.patent import WIZARD as PATENT_WIZARD
        from ip_filings.views.trademark import WIZARD as TRADEMARK_WIZARD
        from ip_filings.views.trademark import filing_fee

        register_kind(
            DossierKind(
                TrademarkFiling,
                on_transition={
                    DossierAction.SUBMIT: [snapshot_fee_on_submission],
                    DossierAction.RESUBMIT: [snapshot_fee_on_submission],
                    DossierAction.ACCEPT: [enter_register],
                },
                wizard=TRADEMARK_WIZARD,
                fee=filing_fee,
                requirements=trademark_requirements,
            )
        )
        register_kind(
            DossierKind(
                PatentFiling,
                wizard=PATENT_WIZARD,
                fee=patent_fee,
                sections=patent_sections,
                requirements=patent_requirements,
            )
        )
        # After the companies, as the demo was always seeded (its reference numbers stay).
        demo_data.register(self.label, seed_demo, after=["companies"])
        providers.register(self.label, provider)

        from carres.statistics.registry import register_dataset
        from ip_filings.statistics import IP_PREFILINGS

        register_dataset(IP_PREFILINGS)

        # The prior-mark search page (carres.public_cache) shows the register, and the
        # search sets the generic words aside.
        from carres.public_cache_signals import shown_on

        shown_on("trademarks", "ip_filings.RegisteredMark", "ip_filings.GenericWord")
