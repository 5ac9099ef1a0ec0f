"""Admin filters over the regions, for any back-office list whose rows lie in a region."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chambers.models import Region


class RegionFilter(admin.SimpleListFilter):
    """The row's region (one of the 12), through the model admin's `region_lookup` path,
    e.g. `region_lookup = "head_office_city__region"` on a dossier with a City foreign key:

        list_filter = [*DossierAdmin.list_filter, RegionFilter]
        region_lookup = "head_office_region"
    """

    title = _("région")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.code, region.name) for region in Region.objects.order_by("code")]

    def queryset(self, request, queryset):
        lookup = getattr(self.model_admin, "region_lookup", None)
        if self.value() and lookup:
            return queryset.filter(**{f"{lookup}__code": self.value()})
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)
