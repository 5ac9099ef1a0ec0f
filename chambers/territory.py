"""The support network on the territory: who helps in each of the 12 regions, on a map.

The map is drawn from chambers/data/regions.json (boundaries © OpenStreetMap contributors,
ODbL 1.0, via the morocco-map package; see chambers/data/LICENCE.md). Caravan stops come from
the trainings app, which registers where they are (`register_stop_source`): chambers does not
import it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from django.http import Http404

from chambers.enums import Topic
from chambers.models import Chamber, Region

MAP_FILE = Path(__file__).resolve().parent / "data" / "regions.json"

# trainings registers: fn(region ids or None) -> {region id: next stop (an object with
# starts_at, city, get_absolute_url, __str__)}
_STOP_SOURCES: list[Callable] = []


def register_stop_source(source: Callable) -> None:
    _STOP_SOURCES[:] = [source]


def next_stops(region_ids=None):
    return _STOP_SOURCES[0](region_ids) if _STOP_SOURCES else {}


@cache
def region_shapes():
    """{"MA-01": {"d": SVG path, "centre": [x, y]}, ...}, width, height."""
    data = json.loads(MAP_FILE.read_text())
    return data["regions"], data["width"], data["height"]


@dataclass
class RegionHelp:
    region: Region
    chambers: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    next_stop: object = None
    path: str = ""
    centre: tuple = (0, 0)
    matches: bool = True

    @property
    def iso(self):
        return f"MA-{self.region.code}"


def _partner_model():
    from chambers.models import Partner

    return Partner


def network(*, service=""):
    """Every region with its chambers, partners and next caravan stop: a fixed number of
    queries whatever the size of the network."""
    Partner = _partner_model()
    chambers = Chamber.objects.filter(is_active=True).order_by("kind", "name")
    partners = Partner.objects.filter(is_active=True).select_related("city").order_by("name")
    if service:
        chambers = chambers.filter(topics__contains=[service])
        partners = partners.filter(services__contains=[service])
    regions = Region.objects.order_by("code").prefetch_related(
        Prefetch("chambers", queryset=chambers, to_attr="helping_chambers"),
        Prefetch("partners", queryset=partners, to_attr="helping_partners"),
    )
    shapes, _width, _height = region_shapes()
    stops = next_stops()
    found = []
    for region in regions:
        shape = shapes.get(f"MA-{region.code}", {})
        item = RegionHelp(
            region=region,
            chambers=region.helping_chambers,
            partners=region.helping_partners,
            next_stop=stops.get(region.pk),
            path=shape.get("d", ""),
            centre=tuple(shape.get("centre", (0, 0))),
        )
        item.matches = bool(item.chambers or item.partners) if service else True
        found.append(item)
    return found


def get_region_help(pk):
    """One region's page; 404 for an id that is not one of the twelve."""
    region = Region.objects.filter(pk=pk).first()
    if region is None:
        raise Http404
    Partner = _partner_model()
    help_ = RegionHelp(
        region=region,
        chambers=list(
            region.chambers.filter(is_active=True).select_related("city").order_by("kind", "name")
        ),
        partners=list(
            Partner.objects.filter(region=region, is_active=True)
            .select_related("city")
            .order_by("kind", "name")
        ),
        next_stop=next_stops([region.pk]).get(region.pk),
    )
    return help_


SERVICE_CHOICES = Topic.choices
