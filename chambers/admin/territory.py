"""The territory and the network in the admin: regions, provinces, towns, venues, partners,
routing rules (town and venue lookups scoped to an advisor's chamber)."""

from django.contrib import admin
from django.db import models
from django.db.models import Q
from modeltranslation.admin import TranslationAdmin

from carres.admin_permissions import (
    AdministratorsOnly,
    is_active_administrator,
)
from chambers import rules
from chambers.models import (
    City,
    Partner,
    Province,
    Region,
    RoutingRule,
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
