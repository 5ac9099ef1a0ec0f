"""Back office for routing: the rules (administrators only) and the reassign action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.enums import Office
from carres.admin_permissions import AdministratorsOnly, is_active_administrator
from carres.models import OfficeReviewTarget, RoutingRule
from carres.routing import reassign_office
from carres.workflow import TransitionError


@admin.register(RoutingRule)
class RoutingRuleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = [
        "order",
        "dossier_kind",
        "applicant_profile",
        "programme",
        "office",
        "is_active",
    ]
    list_editable = ["dossier_kind", "applicant_profile", "programme", "office", "is_active"]
    list_display_links = ["order"]
    ordering = ["order", "id"]


@admin.register(OfficeReviewTarget)
class OfficeReviewTargetAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["office", "target_days"]
    list_editable = ["target_days"]
    list_display_links = ["office"]


class ReassignOfficeAdminMixin:
    """Adds "send to the other office (with a reason)" to a DossierAdmin, for administrators."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_active_administrator(request.user):
            actions.pop("reassign_to_other_office", None)
        return actions

    @admin.action(description=_("Transmettre à l'autre office (avec motif)"))
    def reassign_to_other_office(self, request, queryset):
        def apply(reason):
            for dossier in queryset:
                office = Office.INPI if dossier.office == Office.OMPIC else Office.OMPIC
                try:
                    reassign_office(dossier, actor=request.user, office=office, reason=reason)
                except TransitionError as error:
                    self.message_user(request, f"{dossier}: {error}", messages.ERROR)

        return self._with_reason(
            request,
            queryset,
            "reassign_to_other_office",
            _("Transmettre à l'autre office : motif"),
            apply,
        )
