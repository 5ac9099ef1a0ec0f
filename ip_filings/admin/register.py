"""The trademark register in the back office, and the words its search reads as generic:
administrators only (examiners read them elsewhere)."""

from django.contrib import admin

from carres.admin_permissions import AdministratorsOnly
from ip_filings.models import GenericWord, RegisteredMark
from ip_filings.services import register


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


@admin.register(GenericWord)
class GenericWordAdmin(AdministratorsOnly, admin.ModelAdmin):
    """The words the prior-mark search reads as generic (per Nice class, or in all)."""

    list_display = ["word", "normalized", "classes"]
    search_fields = ["word", "normalized"]
    readonly_fields = ["normalized"]
