"""The IP self-diagnostic's reference data in the back office: administrators only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import AdministratorsOnly
from ip_filings.models import DiagnosticChoice, DiagnosticQuestion, Recommendation


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
