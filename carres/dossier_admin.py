"""The examiners' review queue, shared by every dossier kind.

An app registers its dossier with a subclass:

    @admin.register(CompanyDossier)
    class CompanyDossierAdmin(DossierAdmin):
        list_display = [*DossierAdmin.list_display, "legal_form"]

Examiners see only submitted dossiers of their own office; administrators see all;
anyone else nothing (an object out of reach answers 404, like a missing one: see
carres.admin_site). Every action goes through `carres.workflow.transition`.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carres.admin_permissions import is_active_administrator
from carres.enums import DossierAction
from carres.models import Attachment, DossierEvent, DossierMessage
from carres.services import post_message
from carres.validators import TEXT
from carres.workflow import TransitionError, add_internal_note, transition


def is_reviewer(user):
    """An active examiner or administrator: who reads the review queue."""
    return is_active_administrator(user) or (user.is_active and user.is_examiner)


class AgeFilter(admin.SimpleListFilter):
    title = _("ancienneté de la soumission")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("week", _("moins de 7 jours")),
            ("month", _("de 7 à 30 jours")),
            ("older", _("plus de 30 jours")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "week":
            return queryset.filter(submitted_at__gte=now - timedelta(days=7))
        if self.value() == "month":
            return queryset.filter(
                submitted_at__lt=now - timedelta(days=7), submitted_at__gte=now - timedelta(days=30)
            )
        if self.value() == "older":
            return queryset.filter(submitted_at__lt=now - timedelta(days=30))
        return queryset


class ReviewerReadOnly:
    """An inline that reviewers read and nobody edits from the admin: what the
    entrepreneur entered, or what the workflow wrote."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_reviewer(request.user)


class TimelineInline(ReviewerReadOnly, GenericTabularInline):
    """The whole timeline, internal notes included (staff only), read-only."""

    model = DossierEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "comment", "internal"]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    verbose_name = _("événement")
    verbose_name_plural = _("historique du dossier")


class ReadOnlyInline(ReviewerReadOnly, GenericTabularInline):
    pass


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["download", "mime_type", "size", "scan_status", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, attachment):
        if not attachment.is_released:  # quarantined: no link until the check releases it
            return attachment.original_name
        return format_html(
            '<a href="{}">{}</a>',
            reverse("attachment_download", args=[attachment.pk]),
            attachment.original_name,
        )


class MessageInline(ReadOnlyInline):
    model = DossierMessage
    fields = ["created_at", "author", "body", "attachment"]
    readonly_fields = fields


class ReasonForm(forms.Form):
    comment = forms.CharField(
        label=_("Motif (lu par l'entrepreneur)"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        max_length=5_000,
        validators=TEXT,
    )


class InternalNoteForm(ReasonForm):
    """The bulk internal note: said internal, so nobody writes it as if to the owner."""

    comment = forms.CharField(
        label=_("Note interne (jamais lue par l'entrepreneur)"),
        help_text=_(
            "Visible des examinateurs et des administrateurs seulement, dans l'historique "
            "interne de chaque dossier sélectionné."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        max_length=5_000,
        validators=TEXT,
    )


class DossierAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "status", "office", "submitted_at", "assigned_examiner"]
    list_filter = ["status", "office", AgeFilter]
    search_fields = ["reference"]
    ordering = ["submitted_at"]
    list_select_related = ["owner", "assigned_examiner"]
    inlines = [TimelineInline, AttachmentInline, MessageInline]
    actions = [
        "take_dossiers",
        "accept_dossiers",
        "reject_dossiers",
        "request_changes_on_dossiers",
        "add_internal_note_to_dossiers",
        "send_message_to_owner",
    ]

    @admin.display(description=_("titre"))
    def title(self, dossier):
        """The dossier's title (a property of each kind) under a translated column header."""
        return dossier.title

    # --- who sees what ----------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("owner", "assigned_examiner")
        user = request.user
        if user.is_administrator:
            return queryset
        if user.is_examiner:
            # Drafts are private to the entrepreneur until submitted (reference given).
            return queryset.filter(office=user.office, reference__isnull=False)
        return queryset.none()

    def has_module_permission(self, request):
        return is_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        user = request.user
        if not is_reviewer(user):
            return False
        return obj is None or user.is_administrator or obj.office == user.office

    def has_change_permission(self, request, obj=None):
        return False  # content belongs to the entrepreneur; status changes are actions

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def get_actions(self, request):
        # The admin hides actions when the user may not change; ours are transitions.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- actions ------------------------------------------------------------------
    def _run(self, request, queryset, action, comment=""):
        done = 0
        for dossier in queryset:
            try:
                transition(dossier, action, actor=request.user, comment=comment)
                done += 1
            except TransitionError as error:
                self.message_user(request, f"{dossier}: {error}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d dossier traité.", "%(count)d dossiers traités.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    def _with_reason(self, request, queryset, action_name, title, apply, form_class=ReasonForm):
        """Intermediate page asking for the reason, then `apply(dossier, comment)`."""
        form = form_class(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            return apply(form.cleaned_data["comment"])
        return TemplateResponse(
            request,
            "carres/admin/reason_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action_name": action_name,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Prendre en charge"))
    def take_dossiers(self, request, queryset):
        self._run(request, queryset, DossierAction.TAKE)

    @admin.action(description=_("Accepter"))
    def accept_dossiers(self, request, queryset):
        self._run(request, queryset, DossierAction.ACCEPT)

    @admin.action(description=_("Rejeter (avec motif)"))
    def reject_dossiers(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            "reject_dossiers",
            _("Rejeter : motif"),
            lambda comment: self._run(request, queryset, DossierAction.REJECT, comment),
        )

    @admin.action(description=_("Demander des modifications (avec motif)"))
    def request_changes_on_dossiers(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            "request_changes_on_dossiers",
            _("Demander des modifications : motif"),
            lambda comment: self._run(request, queryset, DossierAction.REQUEST_CHANGES, comment),
        )

    @admin.action(description=_("Ajouter une note interne"))
    def add_internal_note_to_dossiers(self, request, queryset):
        def apply(comment):
            done = 0
            for dossier in queryset:
                try:
                    add_internal_note(dossier, actor=request.user, comment=comment)
                    done += 1
                except TransitionError as error:
                    self.message_user(request, f"{dossier}: {error}", messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "Note interne ajoutée à %(count)d dossier (invisible de l'entrepreneur).",
                        "Note interne ajoutée à %(count)d dossiers (invisible des entrepreneurs).",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )

        return self._with_reason(
            request,
            queryset,
            "add_internal_note_to_dossiers",
            _("Note interne"),
            apply,
            form_class=InternalNoteForm,
        )

    @admin.action(description=_("Écrire à l'entrepreneur"))
    def send_message_to_owner(self, request, queryset):
        def apply(comment):
            for dossier in queryset:
                try:
                    post_message(dossier, actor=request.user, body=comment)
                except (TransitionError, ValidationError) as error:
                    self.message_user(request, f"{dossier}: {error}", messages.ERROR)

        return self._with_reason(
            request, queryset, "send_message_to_owner", _("Message à l'entrepreneur"), apply
        )
