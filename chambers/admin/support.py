"""Support requests in the admin: the advisors' working list."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carres.admin_permissions import (
    is_active_administrator,
)
from chambers import rules, selectors, services
from chambers.admin.chamber import stars
from chambers.enums import RequestStatus
from chambers.forms import (
    AnswerSlotForm,
    AppointmentForm,
    AssignForm,
    CloseForm,
    MessageForm,
    NoteForm,
)
from chambers.models import (
    SupportRequest,
)


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("délai de première réponse")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("En retard"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                pk__in=selectors.overdue_requests(timezone.localdate()).values("pk")
            )
        return queryset


class RatingFilter(admin.SimpleListFilter):
    title = gettext_lazy("avis de l'entrepreneur")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [
            ("none", gettext_lazy("Sans avis")),
            ("low", gettext_lazy("1 ou 2 étoiles")),
            *[(str(n), stars(n)) for n in range(1, 6)],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(feedback__isnull=True)
        if value == "low":
            return queryset.filter(feedback__rating__lte=2)
        if value in {"1", "2", "3", "4", "5"}:
            return queryset.filter(feedback__rating=int(value))
        return queryset


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    change_form_template = "admin/chambers/supportrequest/change_form.html"
    view_on_site = False  # the public page is the entrepreneur's own
    list_display = [
        "number",
        "created_at",
        "topic",
        "region",
        "chamber",
        "status",
        "assignee",
        "first_answer_due",
        "overdue",
        "rating",
    ]
    list_filter = ["status", OverdueFilter, RatingFilter, "topic", "region"]
    search_fields = ["=id", "entrepreneur__email", "message"]
    date_hierarchy = "created_at"
    fields = [
        "entrepreneur",
        "topic",
        "region",
        "language",
        "chamber",
        "chamber_chosen_by_entrepreneur",
        "dossier_reference",
        "message",
        "status",
        "outcome",
        "assignee",
        "created_at",
        "first_answer_due",
        "first_answered_at",
        "closed_at",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/chambers-admin.css"]}

    def get_queryset(self, request):
        return selectors.requests_visible_to(request.user).select_related("feedback")

    @admin.display(description=gettext_lazy("avis"), ordering="feedback__rating")
    def rating(self, obj):
        feedback = getattr(obj, "feedback", None) if obj.pk else None
        if feedback is None:
            return "—"
        if not feedback.comment:
            return stars(feedback.rating)
        return format_html(
            '{}<br><span class="rating-comment" dir="auto">{}</span>',
            stars(feedback.rating),
            Truncator(feedback.comment).chars(120),
        )

    @admin.display(description=gettext_lazy("n°"), ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description=gettext_lazy("en retard"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue()

    def has_module_permission(self, request):
        return is_active_administrator(request.user) or rules.membership(request.user) is not None

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return rules.can_see_request(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False  # every change goes through an action below, i.e. a service

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # --- actions: one URL each, one service each ----------------------------------------
    ACTIONS = {
        "take": None,
        "assign": AssignForm,
        "appointment": AppointmentForm,
        "slot": AnswerSlotForm,
        "message": MessageForm,
        "note": NoteForm,
        "close": CloseForm,
    }

    def get_urls(self):
        return [
            path(
                "<int:pk>/act/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="chambers_supportrequest_act",
            ),
            *super().get_urls(),
        ]

    def _forms(self, support_request, data=None, action=None):
        forms = {}
        for name, form_class in self.ACTIONS.items():
            if form_class is None:
                continue
            bound = data if name == action else None
            if form_class is AssignForm:
                forms[name] = form_class(bound, chamber=support_request.chamber, prefix=name)
            elif form_class is AnswerSlotForm:
                forms[name] = form_class(bound, request=support_request, prefix=name)
            else:
                forms[name] = form_class(bound, prefix=name)
        return forms

    def action_view(self, request, pk, action):
        support_request = selectors.get_request_for_user(request.user, pk)
        if action not in self.ACTIONS or request.method != "POST":
            raise Http404
        change_url = reverse("admin:chambers_supportrequest_change", args=[pk])
        if action == "take":
            try:
                services.take_request(support_request, actor=request.user)
            except PermissionDenied:
                messages.error(request, _("Cette demande a déjà été prise."))
            else:
                messages.success(request, _("La demande vous est attribuée."))
            return redirect(change_url)
        forms = self._forms(support_request, request.POST, action)
        form = forms[action]
        if form.is_valid():
            try:
                done = form.save(support_request, actor=request.user)
            except PermissionDenied:
                done = None
                form.add_error(None, _("Vous ne pouvez pas faire cela sur cette demande."))
            if done is not None:
                messages.success(request, _("C'est fait."))
                return redirect(change_url)
        return self.change_view(
            _as_get(request),
            str(pk),
            extra_context={"action_forms": forms, "failed_action": action},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        support_request = self.get_object(request, object_id)
        if not extra_context.get("action_forms"):
            extra_context["action_forms"] = self._forms(support_request)
        user = request.user
        extra_context.update(
            support_request=support_request,
            events=support_request.events.select_related("actor"),
            thread=support_request.messages.select_related("author"),
            notes=support_request.notes.select_related("author"),
            appointments=support_request.appointments.select_related("proposed_by"),
            open_slots=action_forms_slots(extra_context["action_forms"]),
            can_take=rules.can_take_request(user, support_request),
            can_assign=rules.can_assign_request(user, support_request),
            can_work=rules.can_work_on_request(user, support_request),
            can_note=support_request.is_open,
            is_overdue=support_request.is_overdue(),
            feedback=getattr(support_request, "feedback", None),
            feedback_stars=(
                stars(support_request.feedback.rating)
                if hasattr(support_request, "feedback")
                else ""
            ),
            closed=support_request.status == RequestStatus.CLOSED,
        )
        return super().change_view(request, object_id, form_url, extra_context)


def action_forms_slots(action_forms):
    """Whether the entrepreneur has slots waiting for an answer (the "slot" form's choices)."""
    return action_forms["slot"].fields["appointment"].queryset.exists()


def _as_get(request):
    """Re-render the change page after a failed action, with the bound form's errors."""
    request.method = "GET"
    return request
