from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from carres.admin_permissions import AdministratorsOnly
from carres.dossier_admin import DossierAdmin, ReviewerReadOnly, is_reviewer
from chambers.admin_filters import RegionFilter
from companies.enums import CompanyStatus
from companies.models import (
    ActivityCode,
    Associate,
    CompanyDossier,
    LegalForm,
    Manager,
    NameReservation,
    OutsideStep,
    RegisteredCompany,
    RequiredDocument,
)
from companies.services import record_company_identifiers
from companies.validators import validate_ice, validate_if


class RequiredDocumentInline(AdministratorsOnly, TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class OutsideStepInline(AdministratorsOnly, TranslationTabularInline):
    model = OutsideStep
    extra = 0


@admin.register(LegalForm)
class LegalFormAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = [
        "code",
        "name",
        "min_associates",
        "max_associates",
        "minimum_capital",
        "associate_kinds",
        "is_active",
    ]
    inlines = [RequiredDocumentInline, OutsideStepInline]


@admin.register(ActivityCode)
class ActivityCodeAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "label", "is_service"]
    search_fields = ["code", "label"]


class ReviewInline(ReviewerReadOnly, admin.TabularInline):
    """What the entrepreneur entered, read-only for the examiner."""


class AssociateInline(ReviewInline):
    model = Associate
    fields = ["kind", "full_name", "identifier", "contribution"]
    readonly_fields = fields


class ManagerInline(ReviewInline):
    model = Manager
    fields = ["role", "full_name", "identifier"]
    readonly_fields = fields


@admin.register(CompanyDossier)
class CompanyDossierAdmin(DossierAdmin):
    inlines = [AssociateInline, ManagerInline, *DossierAdmin.inlines]
    list_display = [*DossierAdmin.list_display, "legal_form"]
    list_select_related = [*DossierAdmin.list_select_related, "legal_form"]
    search_fields = [*DossierAdmin.search_fields, "name_1", "name_2", "name_3"]
    list_filter = [*DossierAdmin.list_filter, RegionFilter]
    region_lookup = "head_office_region"  # RegionFilter's path to chambers.Region

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("legal_form")


IDENTIFIERS = ["rc_number", "rc_court", "ice", "if_number"]


class IdentifiersForm(forms.ModelForm):
    """The examiner records RC, ICE and IF; the service makes the company registered."""

    class Meta:
        model = RegisteredCompany
        fields = IDENTIFIERS
        widgets = {
            "rc_number": forms.TextInput(attrs={"dir": "ltr"}),
            "ice": forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
            "if_number": forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A company no longer being created is shown read-only: the admin builds this form
        # without the identifiers then (a KeyError here was a 500 for every examiner).
        for name in set(IDENTIFIERS) & set(self.fields):
            self.fields[name].required = True
        if "ice" in self.fields:
            self.fields["ice"].validators.append(validate_ice)
        if "if_number" in self.fields:
            self.fields["if_number"].validators.append(validate_if)


class ReservationInline(ReviewInline):
    model = NameReservation
    fields = ["name", "reserved_at", "expires_at", "released_at", "certificate"]
    readonly_fields = fields


@admin.register(RegisteredCompany)
class RegisteredCompanyAdmin(admin.ModelAdmin):
    form = IdentifiersForm
    list_display = ["name", "status", "legal_form", "rc_number", "ice", "created_at"]
    list_filter = ["status", "legal_form"]
    list_select_related = ["legal_form"]
    search_fields = ["name", "normalized_name", "rc_number", "ice"]
    readonly_fields = [
        "name",
        "status",
        "legal_form",
        "capital",
        "owner",
        "dossier",
        "registered_at",
    ]
    inlines = [ReservationInline]

    def get_queryset(self, request):
        """The register as imported for everybody who reviews; a company created on the site
        only for the office that reviewed its dossier (its owner is named there)."""
        queryset = super().get_queryset(request)
        user = request.user
        if user.is_administrator:
            return queryset
        if user.is_examiner:
            return queryset.filter(Q(dossier__isnull=True) | Q(dossier__office=user.office))
        return queryset.none()

    def has_module_permission(self, request):
        return is_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        return is_reviewer(request.user)

    def has_change_permission(self, request, obj=None):
        # Identifiers are recorded once, on a company being created.
        return is_reviewer(request.user) and (
            obj is None or obj.status == CompanyStatus.BEING_CREATED
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            record_company_identifiers(
                obj,
                actor=request.user,
                rc_number=form.cleaned_data["rc_number"],
                rc_court=form.cleaned_data["rc_court"],
                ice=form.cleaned_data["ice"],
                if_number=form.cleaned_data["if_number"],
            )
        except ValidationError as error:  # validated by the form already; defensive
            raise ValueError(error.messages) from error
        obj.refresh_from_db()
