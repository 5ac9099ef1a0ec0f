from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office", "is_active", "preferred_language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "phone", "preferred_language"]}),
        (_("Rôle"), {"fields": ["role", "office", "is_active", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "password1", "password2", "role", "office"]},
        ),
    ]
    filter_horizontal = ["groups"]

    def has_module_permission(self, request):
        return request.user.is_administrator

    def has_view_permission(self, request, obj=None):
        return request.user.is_administrator

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission
