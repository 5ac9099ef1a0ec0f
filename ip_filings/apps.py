from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpFilingsConfig(AppConfig):
    name = "ip_filings"
    verbose_name = _("Marques et brevets")

    def ready(self):
        from carres.enums import DossierAction
        from carres.kinds import DossierKind, register_kind
        from ip_filings.models import PatentFiling, TrademarkFiling
        from ip_filings.trademark_services import enter_register, snapshot_fee_on_submission

        register_kind(
            DossierKind(
                TrademarkFiling,
                on_transition={
                    DossierAction.SUBMIT: [snapshot_fee_on_submission],
                    DossierAction.RESUBMIT: [snapshot_fee_on_submission],
                    DossierAction.ACCEPT: [enter_register],
                },
            )
        )
        register_kind(DossierKind(PatentFiling))

        from carres.statistics.registry import register_dataset
        from ip_filings.statistics import IP_PREFILINGS

        register_dataset(IP_PREFILINGS)
