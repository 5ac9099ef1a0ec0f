from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from carres.admin_permissions import AdministratorsOnly
from ip_filings import register
from ip_filings.models import (
    GenericWord,
    NiceClass,
    NiceTerm,
    RegisteredMark,
    Tariff,
    TariffReduction,
)

# Reference data and the register: administrators only (examiners read them elsewhere).


class NiceTermInline(AdministratorsOnly, TranslationTabularInline):
    model = NiceTerm
    fields = ["term", "basic_number", "needs_review"]
    extra = 0
    show_change_link = True


@admin.register(GenericWord)
class GenericWordAdmin(AdministratorsOnly, admin.ModelAdmin):
    """The words the prior-mark search reads as generic (per Nice class, or in all)."""

    list_display = ["word", "normalized", "classes"]
    search_fields = ["word", "normalized"]
    readonly_fields = ["normalized"]


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
    readonly_fields = ["normalized", "romanized", "phonetic", "skeleton", "sound", "script"]
    show_full_result_count = False  # a million-row register: no COUNT(*) on every page

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"mark_text", "classes"} & set(form.changed_data):
            register.queue_watch_matching([obj.pk])


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


# --- Trademark dossiers ---
from django.urls import reverse  # noqa: E402
from django.utils.html import format_html, format_html_join  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from carres.dossier_admin import DossierAdmin, ReviewerReadOnly  # noqa: E402
from ip_filings.models import FilingClass, TrademarkFiling  # noqa: E402


class FilingClassInline(ReviewerReadOnly, admin.TabularInline):
    model = FilingClass
    fields = ["number", "terms", "list_terms"]
    readonly_fields = fields

    @admin.display(description=_("termes de la liste de Nice"))
    def list_terms(self, row):
        return "; ".join(term.term for term in row.nice_terms.all())


@admin.register(TrademarkFiling)
class TrademarkFilingAdmin(DossierAdmin):
    list_display = [*DossierAdmin.list_display, "mark_type", "applicant_name"]
    search_fields = [*DossierAdmin.search_fields, "mark_text", "transliteration"]
    inlines = [FilingClassInline, *DossierAdmin.inlines]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "logo_preview", "prior_search_report"]

    @admin.display(description=_("logo"))
    def logo_preview(self, filing):
        if not filing.logo:
            return "—"
        url = reverse("ip_filings:trademark_logo", args=[filing.pk])
        return format_html('<img src="{}" alt="" class="tm-logo" width="160">', url)

    @admin.display(description=_("rapport de recherche d'antériorités"))
    def prior_search_report(self, filing):
        if not filing.prior_search_at:
            return _("Non joint par le déposant.")
        if not filing.prior_search:
            return _("Aucune marque proche trouvée.")
        rows = format_html_join(
            "",
            '<tr><td dir="auto">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    row["mark"],
                    row["number"],
                    ", ".join(map(str, row["classes"])),
                    f"{round(row['score'] * 100)} %",
                    row["reason"],
                )
                for row in filing.prior_search
            ),
        )
        return format_html(
            '<table class="tm-prior-report"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("marque"),
            _("numéro"),
            _("classes"),
            _("score"),
            _("raison"),
            rows,
        )


# Patent dossiers and the IP self-diagnostic live in their own module.
from ip_filings import patent_admin  # noqa: E402, F401
