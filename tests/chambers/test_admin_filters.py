"""The region filter lives with the regions; the company review queue uses it."""

import pytest
from django.contrib import admin

from chambers.admin_filters import RegionFilter
from chambers.models import Region
from companies.models import CompanyDossier

pytestmark = pytest.mark.django_db

CHANGELIST = "/fr/admin/companies/companydossier/"


class RecordingQuerySet:
    def __init__(self):
        self.filters = []

    def filter(self, **kwargs):
        self.filters.append(kwargs)
        return self


def test_region_filter_lists_regions_and_filters_through_region_lookup(rf, examiner):
    model_admin = admin.site._registry[CompanyDossier]
    request = rf.get(CHANGELIST, {"region": "06"})
    request.user = examiner
    region_filter = RegionFilter(request, {"region": ["06"]}, CompanyDossier, model_admin)
    queryset = RecordingQuerySet()

    assert RegionFilter in model_admin.get_list_filter(request)
    assert [code for code, _name in region_filter.lookup_choices] == sorted(
        Region.objects.values_list("code", flat=True)
    )
    assert len(region_filter.lookup_choices) == 12
    assert region_filter.queryset(request, queryset) is queryset
    assert queryset.filters == [{"head_office_region__code": "06"}]
