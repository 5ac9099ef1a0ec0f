"""Staff statistics (the back office's page): live figures per month and region, scoped to who
reads them — examiners their office's dossiers, advisors their chamber's support requests,
administrators everything.

Unlike the public statistics (nightly tables, small counts suppressed), these are computed
on the fly from the feature tables with the public data sets' helpers (`monthly`,
`Percentile`, `days_between`): a few GROUP BY queries per table, whatever the data's size.

The dossier table is the shared machinery's own; a feature adds a table by registering a
`StaffTable` in its `ready()` (chambers: the support requests):

    staff_tables.register("chambers", SUPPORT_REQUEST_TABLE)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from carres.enums import DECIDED_STATUSES, DossierStatus
from carres.models import dossier_models
from carres.registry import Registry
from carres.statistics.compute import Percentile, days_between, monthly, rounded
from carres.statistics.registry import NATIONAL


@dataclass(frozen=True)
class Column:
    name: str
    title: object  # translated lazily: the CSV and the page headers
    decimals: int | None = None  # None: an integer count


@dataclass(frozen=True)
class StaffTable:
    """`rows(user, region=, since=, until=, kind=)` -> [{period, region, kind?, *columns}],
    None when `user` may not read this table. `kinds()`: [(code, label)] of the kind filter."""

    code: str
    title: object
    columns: tuple[Column, ...]
    rows: Callable
    kinds: Callable = field(default=lambda: [])
    kind_title: object = ""
    kind_param: str = "kind"  # the query-string parameter of its kind filter


staff_tables = Registry("staff statistics tables")


def in_period(rows, since, until, region):
    return [
        row
        for row in rows
        if (not since or row["period"] >= since)
        and (not until or row["period"] <= until)
        and row["region"] == (region or NATIONAL)
    ]


# --- dossiers --------------------------------------------------------------------------------
STATE_COLUMNS = (
    (DossierStatus.SUBMITTED, "submitted"),
    (DossierStatus.IN_REVIEW, "in_review"),
    (DossierStatus.CHANGES_REQUESTED, "changes_requested_now"),
    (DossierStatus.ACCEPTED, "accepted"),
    (DossierStatus.REJECTED, "rejected"),
    (DossierStatus.WITHDRAWN, "withdrawn"),
)


def dossier_rows(user, *, region="", since="", until="", kind=""):
    """Per month of first submission, region (company dossiers: the head office's) and kind:
    dossiers filed, where they stand now, how many were sent back for changes at least once,
    and the median days from the (last) submission to the decision. Two queries per kind."""
    if not (user.is_administrator or user.is_examiner):
        return None
    found = []
    for model in dossier_models():
        prefix = model.reference_prefix
        if kind and kind != prefix:
            continue
        queryset = model.objects.exclude(reference=None).exclude(first_submitted_at=None)
        if not user.is_administrator:
            queryset = queryset.filter(office=user.office)
        region_field = getattr(model, "statistics_region_field", None)
        decided = Q(status__in=DECIDED_STATUSES, decided_at__isnull=False)
        lines = monthly(
            queryset,
            date_field="first_submitted_at",
            region_field=region_field,
            filed=Count("pk"),
            **{name: Count("pk", filter=Q(status=status)) for status, name in STATE_COLUMNS},
            changes_requested=Count(
                "pk",
                filter=Q(status=DossierStatus.CHANGES_REQUESTED)
                | Q(submitted_at__gt=F("first_submitted_at")),
            ),
            decisions=Count("pk", filter=decided),
            # Undecided dossiers have no decided_at: NULL, which percentile_cont leaves out.
            median_days=Percentile(days_between("submitted_at", "decided_at"), 0.5),
        )
        for line in in_period(lines, since, until, region):
            line["kind"] = prefix
            line["median_days"] = rounded(line["median_days"])
            found.append(line)
    return sorted(found, key=lambda r: (r["period"], r["region"], r["kind"]))


def dossier_kinds():
    return [(m.reference_prefix, m._meta.verbose_name) for m in dossier_models()]


DOSSIER_TABLE = StaffTable(
    code="dossiers",
    title=_("Dossiers"),
    columns=(
        Column("filed", _("Dossiers soumis")),
        Column("submitted", _("En attente d'examen")),
        Column("in_review", _("En examen")),
        Column("changes_requested_now", _("Modifications en attente")),
        Column("accepted", _("Acceptés")),
        Column("rejected", _("Rejetés")),
        Column("withdrawn", _("Retirés")),
        Column("changes_requested", _("Modifications demandées")),
        Column("median_days", _("Délai médian de décision (jours)"), decimals=1),
    ),
    rows=dossier_rows,
    kinds=dossier_kinds,
    kind_title=_("Type de dossier"),
)


def register_dossier_table():
    staff_tables.register("statistics", DOSSIER_TABLE)
