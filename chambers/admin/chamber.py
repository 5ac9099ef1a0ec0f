"""Chambers and their advisors in the admin (advisors' ratings averaged)."""

from django.contrib import admin
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from accounts.enums import Role
from accounts.models import User
from carres.admin_permissions import (
    AdministratorsChange,
    is_active_administrator,
)
from chambers import rules
from chambers.models import (
    Advisor,
    Chamber,
)


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
