"""The back office for chambers. Every queryset is scoped by who is asking:

- administrators see and edit everything (reference data, routing rules, all requests);
- a chamber manager sees the chamber's whole queue, (re)assigns and manages its advisors;
- an advisor sees the chamber's unassigned requests and their own, and acts on them.

Non-superuser staff hold no Django model permissions, so each has_*_permission says it by
role. A request outside one's scope answers 404, by URL as in the list (carres.admin_site).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from accounts.enums import Role
from accounts.models import User
from carres.admin_permissions import (
    AdministratorsChange,
    AdministratorsOnly,
    is_active_administrator,
)
from chambers import rules, selectors, services
from chambers.enums import RequestStatus
from chambers.forms import AppointmentForm, AssignForm, CloseForm, MessageForm, NoteForm
from chambers.models import (
    Advisor,
    Chamber,
    City,
    Partner,
    Province,
    Region,
    RoutingRule,
    SupportRequest,
    Venue,
)


@admin.register(Region)
class RegionAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Province)
class ProvinceAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["code", "name", "kind", "region"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


class ChamberScopedLookup:
    """Reference data an advisor picks from (a training session's town and venue): read
    only, limited to their chamber's places, through the autocomplete and the lookup popup
    alike. Administrators keep everything (AdministratorsOnly, after this in the MRO)."""

    def _advisor_chamber(self, request):
        member = rules.membership(request.user)
        return member.chamber if member is not None else None

    def scope_for_chamber(self, queryset, chamber):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_active_administrator(request.user):
            return queryset
        chamber = self._advisor_chamber(request)
        return self.scope_for_chamber(queryset, chamber) if chamber else queryset.none()

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete passes get_queryset's rows; scope again whatever the caller.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not is_active_administrator(request.user):
            chamber = self._advisor_chamber(request)
            queryset = self.scope_for_chamber(queryset, chamber) if chamber else queryset.none()
        return queryset, may_have_duplicates

    def has_view_permission(self, request, obj=None):
        if is_active_administrator(request.user):
            return True
        if self._advisor_chamber(request) is None:
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()


def chamber_region_ids(chamber):
    return {chamber.region_id, *chamber.regions_served.values_list("pk", flat=True)}


@admin.register(City)
class CityAdmin(ChamberScopedLookup, AdministratorsOnly, TranslationAdmin):
    list_display = ["name", "province", "region", "population"]
    list_filter = ["region"]
    list_select_related = ["province", "region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["province"]

    def scope_for_chamber(self, queryset, chamber):
        return queryset.filter(region_id__in=chamber_region_ids(chamber))


@admin.register(Venue)
class VenueAdmin(ChamberScopedLookup, AdministratorsOnly, TranslationAdmin):
    list_display = ["name", "kind", "city", "region", "chamber", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    list_select_related = ["city", "region", "chamber"]
    search_fields = ["name", "city__name"]
    autocomplete_fields = ["city", "chamber"]

    def scope_for_chamber(self, queryset, chamber):
        """The chamber's own venues, and the shared ones (no chamber) in its regions."""
        return queryset.filter(is_active=True).filter(
            Q(chamber=chamber)
            | Q(chamber__isnull=True, region_id__in=chamber_region_ids(chamber))
            | Q(chamber__isnull=True, kind="online")
        )


@admin.register(Partner)
class PartnerAdmin(AdministratorsOnly, TranslationAdmin):
    list_display = ["name", "kind", "city", "region", "is_relay", "is_active"]
    list_filter = ["kind", "region", "is_relay", "is_active"]
    list_select_related = ["city", "region"]
    search_fields = ["name", "contact_name"]
    autocomplete_fields = ["city"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(RoutingRule)
class RoutingRuleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["region", "topic", "chamber", "relay"]
    list_filter = ["region", "topic"]
    list_select_related = ["region", "chamber", "relay"]
    autocomplete_fields = ["chamber", "relay"]


@admin.register(Chamber)
class ChamberAdmin(AdministratorsChange, TranslationAdmin):
    list_display = [
        "name",
        "kind",
        "region",
        "first_answer_days",
        "rating_average_display",
        "rating_count_display",
        "is_active",
    ]
    list_filter = ["kind", "region", "is_active"]
    list_select_related = ["region"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["regions_served"]
    autocomplete_fields = ["city"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(rating_average=Avg("feedbacks__rating"), rating_count=Count("feedbacks"))
        )
        if request.user.is_administrator:
            return queryset
        member = rules.membership(request.user)
        return queryset.filter(pk=member.chamber_id) if member else queryset.none()

    @admin.display(description=gettext_lazy("note moyenne"), ordering="rating_average")
    def rating_average_display(self, obj):
        return "—" if obj.rating_average is None else f"{obj.rating_average:.1f} / 5"

    @admin.display(description=gettext_lazy("avis"), ordering="rating_count")
    def rating_count_display(self, obj):
        return obj.rating_count

    def has_module_permission(self, request):
        return is_active_administrator(request.user) or rules.membership(request.user) is not None

    def has_view_permission(self, request, obj=None):
        if is_active_administrator(request.user):
            return True
        member = rules.membership(request.user)
        return member is not None and (obj is None or obj.pk == member.chamber_id)


def stars(rating):
    """A rating out of 5 as stars, with the figure for screen readers and copy-paste."""
    return f"{'★' * rating}{'☆' * (5 - rating)} {rating}/5"


@admin.register(Advisor)
class AdvisorAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "chamber",
        "is_manager",
        "is_active",
        "rating_average_display",
        "rating_count_display",
    ]
    list_filter = ["is_manager", "is_active", "chamber"]
    list_select_related = ["user", "chamber"]
    search_fields = ["user__email", "user__last_name"]

    @admin.display(description=gettext_lazy("note moyenne"), ordering="rating_average")
    def rating_average_display(self, obj):
        return "—" if obj.rating_average is None else f"{obj.rating_average:.1f} / 5"

    @admin.display(description=gettext_lazy("avis"), ordering="rating_count")
    def rating_count_display(self, obj):
        return obj.rating_count

    def get_list_filter(self, request):
        if request.user.is_administrator:
            return self.list_filter
        return [f for f in self.list_filter if f != "chamber"]

    def _managed_chamber_id(self, request):
        member = rules.membership(request.user)
        return member.chamber_id if member is not None and member.is_manager else None

    def get_queryset(self, request):
        # Ratings of the requests this advisor was assigned, in this chamber only (an
        # advisor who moved keeps their old chamber's ratings there).
        in_chamber = Q(
            user__assigned_support_requests__chamber_id=models.F("chamber_id"),
            user__assigned_support_requests__feedback__isnull=False,
        )
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                rating_average=Avg(
                    "user__assigned_support_requests__feedback__rating", filter=in_chamber
                ),
                rating_count=Count("user__assigned_support_requests__feedback", filter=in_chamber),
            )
        )
        if request.user.is_administrator:
            return queryset
        chamber_id = self._managed_chamber_id(request)
        return queryset.filter(chamber_id=chamber_id) if chamber_id else queryset.none()

    def get_fields(self, request, obj=None):
        if request.user.is_administrator:
            return ["user", "chamber", "is_manager", "is_active"]
        return ["user", "is_manager", "is_active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = User.objects.filter(role=Role.ADVISOR).order_by("email")
            if not request.user.is_administrator:
                # A manager picks among advisors of no chamber yet, or of their own.
                users = users.filter(
                    Q(advisor__isnull=True)
                    | Q(advisor__chamber_id=self._managed_chamber_id(request))
                )
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_administrator:
            obj.chamber_id = self._managed_chamber_id(request)  # a manager adds to their own
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request):
        return (
            is_active_administrator(request.user) or self._managed_chamber_id(request) is not None
        )

    def has_view_permission(self, request, obj=None):
        if is_active_administrator(request.user):
            return True
        chamber_id = self._managed_chamber_id(request)
        return chamber_id is not None and (obj is None or obj.chamber_id == chamber_id)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_active_administrator(request.user)


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


def _as_get(request):
    """Re-render the change page after a failed action, with the bound form's errors."""
    request.method = "GET"
    return request
