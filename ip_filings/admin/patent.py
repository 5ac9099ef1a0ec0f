"""Patent dossiers in the back office, and the kinds of title (administrators only)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import AdministratorsOnly
from carres.dossier_admin import DossierAdmin
from carres.routing_admin import ReassignOfficeAdminMixin
from ip_filings.models import PatentFiling, PatentKind


@admin.register(PatentFiling)
class PatentFilingAdmin(ReassignOfficeAdminMixin, DossierAdmin):
    search_fields = [*DossierAdmin.search_fields, "invention_title"]
    actions = [*DossierAdmin.actions, "reassign_to_other_office"]


@admin.register(PatentKind)
class PatentKindAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "name", "order", "is_active"]
