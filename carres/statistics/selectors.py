"""Reads of the statistics tables, with small counts suppressed on the way out."""

from dataclasses import dataclass

from django.utils import timezone

from carres.statistics.models import DatasetBuild, StatisticRow
from carres.statistics.registry import NATIONAL, SMALL_COUNT, Dataset, datasets

SUPPRESSED = "<5"  # what the open-data files say for a count from 1 to 4


@dataclass(frozen=True)
class Cell:
    """A published figure: `value` (None when suppressed or withheld) and why not."""

    value: object
    suppressed: bool = False  # a count from 1 to 4
    withheld: bool = False  # a figure over fewer than 5 cases
    masked: bool = False  # a count of 5 or more hidden so that a "< 5" is not deduced

    @property
    def hidden(self):
        """Not published as a figure: a "< 5" or a masked count."""
        return self.suppressed or self.masked

    @property
    def shown(self):
        return self.value is not None


def publish(dataset: Dataset, data: dict, hidden=()) -> dict:
    """{field name: Cell} for one row's values, suppression applied (`hidden`: the fields
    that secondary suppression masks in this row).

    A derived figure (a mean, a median, a share) is withheld when its denominator is under 5
    or when a count it is computed from is not published ("< 5" or masked): 50 % of 6
    requests would give a "< 5" of 3 back, and a shown share beside a masked count would
    give the masked count back, then the "< 5" it protects."""
    cells = {}
    for f in dataset.values:
        value = data.get(f.name)
        if f.name in hidden:
            cells[f.name] = Cell(None, masked=True)
        elif f.suppress and value is not None and 0 < value < SMALL_COUNT:
            cells[f.name] = Cell(None, suppressed=True)
        else:
            cells[f.name] = Cell(value)
    for f in dataset.derived:
        inputs = [name for name in (f.needs, *f.counts) if name]
        if (f.needs and (data.get(f.needs) or 0) < SMALL_COUNT) or any(
            not cells[name].shown for name in inputs if name in cells
        ):
            cells[f.name] = Cell(None, withheld=True)
    return cells


@dataclass
class PublishedRow:
    period: str
    region: str
    key: str
    keys: dict
    cells: dict  # {field name: Cell}
    raw: dict  # unsuppressed: only for computing totals that are themselves suppressed


def _row(dataset, line):
    keys = dict(zip(dataset.keys, line.key.split("|"), strict=False)) if dataset.keys else {}
    return PublishedRow(
        period=line.period,
        region=line.region,
        key=line.key,
        keys=keys,
        cells=publish(dataset, line.data, line.hidden),
        raw=line.data,
    )


def published_rows(dataset, *, region=None, since="", until=""):
    """The data set's rows (one query), oldest first; `region` None: every region."""
    queryset = StatisticRow.objects.filter(dataset=dataset.code)
    if region is not None:
        queryset = queryset.filter(region=region if dataset.by_region else NATIONAL)
    if since:
        queryset = queryset.filter(period__gte=since)
    if until:
        queryset = queryset.filter(period__lte=until)
    return [_row(dataset, line) for line in queryset.order_by("period", "region", "key")]


def rows_for_page(*, region, since, until):
    """{dataset code: [PublishedRow]} for every data set, in one query."""
    wanted = {region, NATIONAL}
    found = {dataset.code: [] for dataset in datasets()}
    by_code = {dataset.code: dataset for dataset in datasets()}
    lines = StatisticRow.objects.filter(
        dataset__in=list(by_code), region__in=wanted, period__gte=since, period__lte=until
    ).order_by("period", "key")
    for line in lines:
        dataset = by_code[line.dataset]
        if line.region == (region if dataset.by_region else NATIONAL):
            found[dataset.code].append(_row(dataset, line))
    return found


def builds():
    return {build.dataset: build for build in DatasetBuild.objects.all()}


def periods_available():
    """The months that have rows, oldest first (for the period filter), one query."""
    return list(StatisticRow.objects.values_list("period", flat=True).distinct().order_by("period"))


def default_period(today=None):
    """The last twelve months, this one included: ("2026-01", "2026-12")."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - 11
    return f"{month // 12:04d}-{month % 12 + 1:02d}", today.strftime("%Y-%m")


def months_between(since, until):
    """["2026-01", "2026-02", ...] from `since` to `until` included (at most 10 years)."""
    year, month = (int(p) for p in since.split("-"))
    end = tuple(int(p) for p in until.split("-"))
    found = []
    while (year, month) <= end and len(found) < 120:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
