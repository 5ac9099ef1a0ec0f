"""Trademark dossiers in the back office, and the tariff of their fee (administrators only)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import AdministratorsOnly
from carres.dossier_admin import DossierAdmin, ReviewerReadOnly
from ip_filings.models import FilingClass, Tariff, TariffReduction, TrademarkFiling


class TariffReductionInline(AdministratorsOnly, admin.TabularInline):
    model = TariffReduction
    extra = 0


@admin.register(Tariff)
class TariffAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = [
        "label",
        "office",
        "right_kind",
        "first_class_fee",
        "additional_class_fee",
        "search_report_fee",
        "currency",
        "valid_from",
        "to_be_confirmed",
    ]
    list_filter = ["office", "right_kind", "to_be_confirmed"]
    inlines = [TariffReductionInline]


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
