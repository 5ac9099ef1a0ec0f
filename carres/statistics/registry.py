"""The statistics registry: each feature app declares its public data sets here.

An app registers its data sets once, from its `AppConfig.ready()` (its own
`<app>/statistics.py` holds them):

    register_dataset(Dataset(code="companies-created", fields=(...), compute=created_rows))

`compute(since)` returns rows as dicts: `period` ("YYYY-MM"), `region` (a stable code: "MA" for
the whole country, "MA-01".."MA-12" for the regions of the 2015 division, ISO 3166-2), the
dataset's key fields and its values. The nightly task (carres.statistics.tasks) stores them in
`StatisticRow`; pages and open-data files read only those rows, never the feature's tables.

Codes, field names and key values are machine codes: stable, never translated. Titles and
descriptions are translated for people.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

SMALL_COUNT = 5  # counts from 1 to SMALL_COUNT - 1 are published as "< 5"
NATIONAL = "MA"


@dataclass(frozen=True)
class Field:
    """One column of a data set. `suppress`: a count of people or dossiers, published as
    "< 5" from 1 to 4. `needs`: a figure (mean, median, share) computed over the count field
    named here (its denominator), withheld when that count is under 5 (a median of three
    decisions tells about each of them) or not published. `counts`: the other counts it is
    computed from (a share's numerator), withheld when one of them is not published: a share
    times its denominator would give a hidden count back (carres.statistics.selectors)."""

    name: str
    type: str  # Frictionless Table Schema type: integer, number, string
    title: str
    description: str = ""
    unit: str = ""
    suppress: bool = False
    needs: str = ""
    counts: tuple[str, ...] = ()
    key: bool = False
    enum: tuple = ()


@dataclass(frozen=True)
class Chart:
    """What the statistics page draws: `value` per month, one bar per `series` key value."""

    value: str
    series: str = ""
    labels: Callable[[], dict] | None = None  # {key value: translated label}


@dataclass(frozen=True)
class Change:
    version: str
    day: date
    text: str


@dataclass(frozen=True)
class Dataset:
    code: str
    title: str
    description: str
    fields: tuple[Field, ...]
    compute: Callable[[date], Iterable[dict]]
    chart: Chart
    by_region: bool = True  # False: national rows only (the data carries no region)
    version: str = "1.0.0"
    changes: tuple[Change, ...] = ()
    order: int = 100

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.key)

    @property
    def values(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.key)

    @property
    def derived(self) -> tuple[Field, ...]:
        """The figures computed from counts (means, medians, shares)."""
        return tuple(f for f in self.values if f.needs or f.counts)

    def field(self, name) -> Field:
        return next(f for f in self.fields if f.name == name)


# The change every data set by region went through when secondary suppression came.
MASKED_COUNTS = Change(
    "1.1.0",
    date(2026, 12, 7),
    _("Effectifs masqués pour qu'un « <5 » ne se déduise pas du total du Maroc."),
)

# The change of the data sets with a mean or a share when derived figures followed their counts.
DERIVED_WITHHELD = Change(
    "1.2.0",
    date(2026, 12, 7),
    _(
        "Moyennes, médianes et parts laissées vides quand un effectif dont elles sont "
        "calculées n'est pas publié (« <5 » ou masqué)."
    ),
)

_DATASETS: dict[str, Dataset] = {}
_REGION_SOURCE: list[Callable[[], list[tuple[str, str]]]] = []


def register_dataset(dataset: Dataset) -> Dataset:
    existing = _DATASETS.get(dataset.code)
    if existing is not None and existing != dataset:
        raise RuntimeError(f"statistics data set {dataset.code} is registered twice")
    _DATASETS[dataset.code] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return sorted(_DATASETS.values(), key=lambda d: (d.order, d.code))


def get_dataset(code) -> Dataset | None:
    return _DATASETS.get(code)


def register_region_source(source: Callable[[], list[tuple[str, str]]]) -> None:
    """The app that owns the regions says what they are: [(code "MA-01", translated name)]."""
    _REGION_SOURCE[:] = [source]


def regions() -> list[tuple[str, str]]:
    return _REGION_SOURCE[0]() if _REGION_SOURCE else []


def region_code(code) -> str:
    """ "MA-07" for the region coded "07"; "MA" when there is none."""
    return f"{NATIONAL}-{code}" if code else NATIONAL


@dataclass
class Rows:
    """Helps a compute function build rows: add(period, region, key..., values)."""

    rows: dict = field(default_factory=dict)

    def add(self, period, region, keys=(), **values):
        slot = self.rows.setdefault((period, region, tuple(keys)), {})
        slot.update(values)

    def as_list(self, dataset: Dataset):
        found = []
        for (period, region, keys), values in sorted(self.rows.items()):
            row = {"period": period, "region": region, **dict(zip(dataset.keys, keys, strict=True))}
            for f in dataset.values:
                row[f.name] = values.get(f.name, 0 if f.suppress else None)
            found.append(row)
        return found
