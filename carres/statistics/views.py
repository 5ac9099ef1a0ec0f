"""The public statistics page and the open-data files. They read the nightly tables only."""

import csv
import io
import json
import re

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carres.formatting import format_month
from carres.public_cache import fragment, public_page
from carres.statistics import opendata, selectors
from carres.statistics.charts import bar_chart, month_label
from carres.statistics.registry import NATIONAL, datasets, get_dataset, regions

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class StatisticsFilterForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Région"), required=False)
    since = forms.ChoiceField(label=gettext_lazy("Du mois"), required=False)
    until = forms.ChoiceField(label=gettext_lazy("Au mois"), required=False)

    def __init__(self, data, *, region_choices, months):
        super().__init__(data)
        self.fields["region"].choices = [(NATIONAL, _("Tout le Maroc")), *region_choices]
        month_choices = [(m, format_month(m)) for m in months]
        self.fields["since"].choices = month_choices
        self.fields["until"].choices = month_choices


def _months_offered(available, default_since, default_until):
    months = set(available) | set(selectors.months_between(default_since, default_until))
    return sorted(months)


def _display(cell):
    if cell.suppressed:
        return "< 5"
    if cell.masked:
        return "×"
    if cell.withheld or cell.value is None:
        return "—"
    return cell.value


def _summary(dataset, series, rows, months):
    """One or two sentences saying what the chart shows, for every reader."""
    value = dataset.field(dataset.chart.value)
    if not rows:
        return _("Aucune donnée pour cette période.")
    parts = []
    for key, label in series:
        mine = [r for r in rows if r.key == key]
        if value.suppress:
            total = sum(r.raw.get(value.name) or 0 for r in mine)
            shown = selectors.publish(dataset, {value.name: total})[value.name]
            if shown.shown and any(r.cells[value.name].hidden for r in mine):
                # The exact total would give a hidden month back: what the shown months say.
                least = sum(r.cells[value.name].value or 0 for r in mine)
                if least:
                    parts.append(f"{label} : " + _("au moins %(count)s") % {"count": least})
                else:
                    parts.append(f"{label} : ×")
                continue
            parts.append(f"{label} : {_display(shown)}")
        else:
            latest = next((r for r in reversed(mine) if r.cells[value.name].shown), None)
            if latest is not None:
                parts.append(
                    f"{label} : {latest.cells[value.name].value:g} "
                    f"({' '.join(month_label(latest.period))})"
                )
    if not parts:
        return _("Les chiffres de cette période sont trop petits pour être publiés.")
    lead = _("Total sur la période") if value.suppress else _("Dernier mois connu")
    return f"{lead} — " + " ; ".join(parts) + "."


def _section(dataset, rows, months, rtl):
    labels = dataset.chart.labels() if dataset.chart.labels else {}
    keys = sorted({row.key for row in rows}) or ([""] if not dataset.keys else [])
    value_title = str(dataset.field(dataset.chart.value).title)
    series = [(key, str(labels.get(key, key)) if key else value_title) for key in keys]
    values = {(row.period, row.key): row.cells[dataset.chart.value].value for row in rows}
    drawing = bar_chart(months=months, series=series, values=values, rtl=rtl)
    series_labels = dict(series)
    table = [
        {
            "month": " ".join(month_label(row.period)),
            "series": series_labels.get(row.key, row.key),
            "cells": [_display(row.cells[f.name]) for f in dataset.values],
        }
        for row in rows
    ]
    return {
        "dataset": dataset,
        "drawing": drawing,
        "summary": _summary(dataset, series, rows, months),
        "table": table,
        "has_series": bool(dataset.keys),
        "value_titles": [f.title for f in dataset.values],
        "chart_title": dataset.field(dataset.chart.value).title,
    }


FILTERS = ("region", "since", "until")


@require_GET
@public_page("statistics")
def statistics_page(request):
    # The page is a function of the filters, this month and the nightly tables alone: its
    # content is kept as a fragment under the statistics' version (the nightly task's save
    # of each DatasetBuild bumps it), whatever else the query string says.
    data = {name: request.GET[name] for name in FILTERS if name in request.GET}
    parts = (sorted(data.items()), selectors.default_period())
    content = fragment("statistics", ("statistics",), parts, lambda: _statistics_content(data))
    return render(request, "statistics/page.html", {"content": content})


def _statistics_content(data):
    region_choices = regions()
    available = selectors.periods_available()
    default_since, default_until = selectors.default_period()
    months_offered = _months_offered(available, default_since, default_until)
    form = StatisticsFilterForm(data or None, region_choices=region_choices, months=months_offered)
    region, since, until = NATIONAL, default_since, default_until
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"] or NATIONAL
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    if since > until:
        since, until = until, since
    if not form.is_bound:
        form = StatisticsFilterForm(
            {"region": region, "since": since, "until": until},
            region_choices=region_choices,
            months=months_offered,
        )
    months = selectors.months_between(since, until)
    rows = selectors.rows_for_page(region=region, since=since, until=until)
    rtl = get_language_bidi()
    sections = [_section(d, rows[d.code], months, rtl) for d in datasets()]
    builds = selectors.builds()
    return render_to_string(
        "statistics/_content.html",
        {
            "form": form,
            "sections": sections,
            "region_name": dict(region_choices).get(region, _("Tout le Maroc")),
            "region": region,
            "since": " ".join(month_label(since)),
            "until": " ".join(month_label(until)),
            "computed_at": max((b.computed_at for b in builds.values()), default=None),
        },
    )


@require_GET
@public_page("statistics")
def open_data_page(request):
    builds = selectors.builds()
    available = selectors.periods_available()
    years = sorted({period[:4] for period in available}, reverse=True)
    entries = [
        {
            "dataset": dataset,
            "build": builds.get(dataset.code),
            "files": opendata.file_urls(dataset, years),
        }
        for dataset in datasets()
    ]
    return render(
        request,
        "statistics/open_data.html",
        {
            "entries": entries,
            "licence": opendata.LICENCE,
            "datapackage_url": reverse("open_data_package"),
        },
    )


def _dataset_or_404(code):
    dataset = get_dataset(code)
    if dataset is None:
        raise Http404
    return dataset


def _year_or_404(year):
    if year and not re.fullmatch(r"\d{4}", year):
        raise Http404
    return year


def _cached(response, build):
    response["Cache-Control"] = "public, max-age=3600"
    if build is not None:
        response["ETag"] = f'"{build.sha256[:32]}-{build.version}"'
        response["Last-Modified"] = build.changed_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_csv(request, code, year=""):
    dataset = _dataset_or_404(code)
    rows = opendata.file_rows(dataset, _year_or_404(year))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = opendata.column_names(dataset)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row[n] is None else row[n] for n in names])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{code}-{year}.csv" if year else f"{code}.csv"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return _cached(response, selectors.builds().get(code))


@require_GET
def open_data_json(request, code, year=""):
    dataset = _dataset_or_404(code)
    rows = opendata.file_rows(dataset, _year_or_404(year), for_json=True)
    body = {
        "dataset": dataset.code,
        "version": dataset.version,
        "period": year or "all",
        "licence": opendata.LICENCE["name"],
        "schema": request.build_absolute_uri(reverse("open_data_package")),
        "rows": rows,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    return _cached(response, selectors.builds().get(code))


@require_GET
def open_data_package(request):
    package = opendata.datapackage(base=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    return _cached(response, None)
