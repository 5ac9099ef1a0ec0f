"""Back-office registration of patent dossiers and the diagnostic's reference data."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import AdministratorsOnly
from carres.dossier_admin import DossierAdmin
from carres.routing_admin import ReassignOfficeAdminMixin
from ip_filings.models import (
    DiagnosticChoice,
    DiagnosticQuestion,
    PatentFiling,
    PatentKind,
    Recommendation,
)


@admin.register(PatentFiling)
class PatentFilingAdmin(ReassignOfficeAdminMixin, DossierAdmin):
    search_fields = [*DossierAdmin.search_fields, "invention_title"]
    actions = [*DossierAdmin.actions, "reassign_to_other_office"]


@admin.register(PatentKind)
class PatentKindAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "name", "order", "is_active"]


class ChoiceInline(AdministratorsOnly, admin.TabularInline):
    model = DiagnosticChoice
    extra = 0


@admin.register(DiagnosticQuestion)
class DiagnosticQuestionAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "text", "multiple", "order"]
    inlines = [ChoiceInline]


@admin.register(DiagnosticChoice)
class DiagnosticChoiceAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["question", "code", "label", "order"]
    list_select_related = ["question"]


@admin.register(Recommendation)
class RecommendationAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "right", "title", "priority"]
    filter_horizontal = ["choices", "excluded_by"]
