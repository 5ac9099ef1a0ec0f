"""Computing the data sets into their tables (the nightly task's work) and the helpers that
the apps' compute functions share."""

import hashlib
import json

from django.db import models, transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone

from carres.statistics.models import DatasetBuild, StatisticRow
from carres.statistics.registry import NATIONAL, datasets, region_code
from carres.statistics.suppression import mask_rows


class Percentile(models.Aggregate):
    """PostgreSQL's percentile_cont over an expression: Percentile("days", 0.5) is the median."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = models.FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def days_between(start, end):
    """The days from `start` to `end` (two datetime fields), as a float expression."""
    return models.ExpressionWrapper(
        models.Func(
            models.F(end) - models.F(start),
            function="EXTRACT",
            template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        ),
        output_field=models.FloatField(),
    )


def period_of(moment):
    return timezone.localtime(moment).strftime("%Y-%m") if moment else ""


def monthly(queryset, *, date_field, region_field=None, keys=(), **aggregates):
    """[{period, region, *keys, *aggregates}] per month (local time) and region, plus the
    whole country's rows (region "MA"): two GROUP BY queries whatever the data's size."""
    base = queryset.annotate(_month=TruncMonth(date_field)).filter(_month__isnull=False)
    found = []
    groupings = [(None, NATIONAL)]
    if region_field:
        groupings.insert(0, (region_field, None))
    for field, fixed in groupings:
        names = ["_month", *keys] + ([field] if field else [])
        for line in base.values(*names).annotate(**aggregates).order_by():
            if field and not line[field]:
                continue  # no region: counted in the country's rows only
            found.append(
                {
                    "period": timezone.localtime(line["_month"]).strftime("%Y-%m"),
                    "region": fixed or region_code(line[field]),
                    **{k: line[k] for k in keys},
                    **{name: line[name] for name in aggregates},
                }
            )
    return found


def rounded(value, digits=1):
    return None if value is None else round(float(value), digits)


# --- the nightly computation ---------------------------------------------------------------
def _key(dataset, row):
    return "|".join(str(row[name]) for name in dataset.keys)


def _digest(rows):
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def rebuild_dataset(dataset, *, now=None):
    """Replace `dataset`'s rows with a fresh computation. Safe to run twice: the same data
    gives the same rows, and an unchanged digest leaves the rows (and `changed_at`) alone.

    Side effects, in one transaction: the data set's rows replaced (with the cells masked by
    secondary suppression); its DatasetBuild row
    written (computed_at always, changed_at when the rows changed)."""
    now = now or timezone.now()
    rows = mask_rows(dataset, [dict(row) for row in dataset.compute()])
    digest = _digest(rows)
    with transaction.atomic():
        # One rebuild of a data set at a time (a beat run and a manual run overlapping).
        build, created = DatasetBuild.objects.select_for_update().get_or_create(
            dataset=dataset.code,
            defaults={
                "version": dataset.version,
                "sha256": "",
                "computed_at": now,
                "changed_at": now,
            },
        )
        changed = created or build.sha256 != digest or build.version != dataset.version
        if changed:
            StatisticRow.objects.filter(dataset=dataset.code).delete()
            StatisticRow.objects.bulk_create(
                StatisticRow(
                    dataset=dataset.code,
                    period=row.pop("period"),
                    region=row.pop("region"),
                    key=_key(dataset, row),
                    hidden=sorted(row.pop("_hidden", [])),
                    data=row,
                )
                for row in rows
            )
            build.changed_at = now
        build.version, build.rows, build.sha256, build.computed_at = (
            dataset.version,
            len(rows),
            digest,
            now,
        )
        build.save()
    return build


def rebuild_statistics(*, now=None):
    """Every registered data set, then the decision estimates. Returns {code: rows}."""
    from carres.statistics.estimates import rebuild_estimates

    done = {dataset.code: rebuild_dataset(dataset, now=now).rows for dataset in datasets()}
    rebuild_estimates(now=now)
    return done
