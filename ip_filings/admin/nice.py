"""The Nice classification in the back office: administrators only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from carres.admin_permissions import AdministratorsOnly
from ip_filings.models import NiceClass, NiceTerm


class NiceTermInline(AdministratorsOnly, TranslationTabularInline):
    model = NiceTerm
    fields = ["term", "basic_number", "needs_review"]
    extra = 0
    show_change_link = True


@admin.register(NiceClass)
class NiceClassAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["number", "heading", "edition", "needs_review"]
    list_filter = ["needs_review", "edition"]
    search_fields = ["heading_fr", "heading_ar", "heading_en"]
    inlines = [NiceTermInline]


@admin.register(NiceTerm)
class NiceTermAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["term", "nice_class", "basic_number", "needs_review"]
    list_filter = ["needs_review", "nice_class"]
    list_select_related = ["nice_class"]
    search_fields = ["term_fr", "term_ar", "term_en", "basic_number"]
    autocomplete_fields = ["nice_class"]
