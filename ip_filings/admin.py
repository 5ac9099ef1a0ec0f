from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ip_filings.models import NiceClass, NiceTerm, RegisteredMark, Tariff, TariffReduction


class AdministratorsOnly:
    """Reference data and the register: administrators only (examiners read them elsewhere)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_administrator

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_administrator

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


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


@admin.register(RegisteredMark)
class RegisteredMarkAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["number", "mark_text", "owner_name", "classes", "status", "expires_on"]
    list_filter = ["status", "script"]
    search_fields = ["=number", "mark_text", "owner_name"]
    readonly_fields = ["normalized", "romanized", "phonetic", "skeleton", "script"]
    show_full_result_count = False  # a million-row register: no COUNT(*) on every page


class TariffReductionInline(AdministratorsOnly, admin.TabularInline):
    model = TariffReduction
    extra = 0


@admin.register(Tariff)
class TariffAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = [
        "label",
        "first_class_fee",
        "additional_class_fee",
        "currency",
        "valid_from",
        "to_be_confirmed",
    ]
    list_filter = ["to_be_confirmed"]
    inlines = [TariffReductionInline]


# Patent dossiers and the IP self-diagnostic live in their own module.
from ip_filings import patent_admin  # noqa: E402, F401
