from django.contrib import admin

from carres.dossier_admin import DossierAdmin
from companies.models import CompanyDossier


@admin.register(CompanyDossier)
class CompanyDossierAdmin(DossierAdmin):
    list_display = [*DossierAdmin.list_display, "legal_form"]
    search_fields = [*DossierAdmin.search_fields, "name_1", "name_2", "name_3"]
