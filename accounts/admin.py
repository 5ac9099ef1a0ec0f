from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ConsentRecord, IdentityDocumentDownload, User
from carres.admin_permissions import AdministratorsOnly, ReadOnlyForAdministrators


class ConsentRecordInline(ReadOnlyForAdministrators, admin.TabularInline):
    model = ConsentRecord
    fields = ["created_at", "purpose", "granted", "notice_version", "source"]
    readonly_fields = fields
    extra = 0


@admin.register(User)
class UserAdmin(AdministratorsOnly, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office", "is_active", "preferred_language", "optional_emails"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "phone", "preferred_language"]}),
        (_("Rôle"), {"fields": ["role", "office", "is_active", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
        (
            _("Données personnelles"),
            {"fields": ["notice_version", "notice_accepted_at", "optional_emails", "deleted_at"]},
        ),
    ]
    readonly_fields = ["notice_version", "notice_accepted_at", "optional_emails", "deleted_at"]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "password1", "password2", "role", "office"]},
        ),
    ]
    filter_horizontal = ["groups"]
    inlines = [ConsentRecordInline]
    actions = ["delete_accounts"]

    def get_actions(self, request):
        # Accounts are closed by delete_accounts (dossiers and messages point at them);
        # the bulk hard delete would fail on them or skip the erasure rules.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Fermer les comptes et effacer leurs données personnelles"))
    def delete_accounts(self, request, queryset):
        """The same erasure as a user's own request (accounts.services.delete_account); the
        way staff accounts are closed."""
        from accounts.services import delete_account

        closed = 0
        for user in queryset.filter(deleted_at__isnull=True).exclude(pk=request.user.pk):
            delete_account(user, actor=request.user)
            closed += 1
        self.message_user(
            request,
            ngettext("%(count)d compte fermé.", "%(count)d comptes fermés.", closed)
            % {"count": closed},
            messages.SUCCESS,
        )


@admin.register(IdentityDocumentDownload)
class IdentityDocumentDownloadAdmin(ReadOnlyForAdministrators, admin.ModelAdmin):
    list_display = [
        "created_at",
        "file_name",
        "dossier_label",
        "owner",
        "downloaded_by",
        "downloader_role",
        "ip_address",
    ]
    list_filter = ["downloader_role", "downloader_office"]
    search_fields = ["file_name", "dossier_label", "owner__email", "downloaded_by__email"]
    date_hierarchy = "created_at"
    list_select_related = ["owner", "downloaded_by"]
    fields = [
        "created_at",
        "file_name",
        "dossier_label",
        "attachment",
        "owner",
        "downloaded_by",
        "downloader_role",
        "downloader_office",
        "ip_address",
    ]
    readonly_fields = fields
