"""The staff statistics page (/backoffice/statistics/): per month and region, the tables each
reader may see (carres.statistics.staff), filterable, with a CSV in the reader's language."""

import csv
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from carres.formatting import format_month, format_number
from carres.statistics.charts import month_label
from carres.statistics.registry import NATIONAL, regions
from carres.statistics.selectors import default_period, months_between
from carres.statistics.staff import staff_tables

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MONTHS_OFFERED = 36  # the months' selects go this far back (and to whatever the URL asks)


def _may_read(user):
    return user.is_active and (user.is_administrator or user.is_examiner or user.is_advisor)


def _is_month(value):
    return bool(PERIOD.fullmatch(value)) and value[:4] != "0000"  # no year 0 in a calendar


def _filters(request, region_names):
    default_since, default_until = default_period()
    since = request.GET.get("since", "")
    until = request.GET.get("until", "")
    region = request.GET.get("region", "")
    return {
        "region": region if region in region_names else "",
        "since": since if _is_month(since) else default_since,
        "until": until if _is_month(until) else default_until,
    }


def month_choices(filters):
    """[("2026-12", "ديسمبر 2026"), ...]: the last MONTHS_OFFERED months, oldest first, with
    the filters' own months wherever they are (a bookmarked older period stays selected).
    Labels in the page's language: an `<input type="month">` speaks the browser's."""
    _since, until = default_period()
    year, month = (int(p) for p in until.split("-"))
    first = year * 12 + month - MONTHS_OFFERED
    start = f"{first // 12:04d}-{first % 12 + 1:02d}"
    months = set(months_between(start, until)) | {filters["since"], filters["until"]}
    return [(value, format_month(value)) for value in sorted(months)]


def _cell(value, decimals):
    if value is None:
        return "—"
    return format_number(value, decimals) if decimals is not None else format_number(value)


def _lines(table, rows, region_names, kind_names):
    """[[cell, ...]]: month, region, kind, then the table's columns, as people read them."""
    lines = []
    for row in rows:
        line = [" ".join(month_label(row["period"])), region_names.get(row["region"], "")]
        if table.kinds():
            line.append(str(kind_names.get(row.get("kind", ""), _("Tous"))))
        lines.append(line)
        line.extend(_cell(row.get(c.name), c.decimals) for c in table.columns)
    return lines


def _headers(table):
    headers = [_("Mois"), _("Région")]
    if table.kinds():
        headers.append(str(table.kind_title))
    return headers + [str(c.title) for c in table.columns]


@login_required
def statistics_view(request):
    user = request.user
    if not _may_read(user):
        raise Http404
    region_names = {NATIONAL: _("Tout le Maroc"), **dict(regions())}
    filters = _filters(request, region_names)
    sections = []
    for table in staff_tables:
        kind = request.GET.get(table.kind_param, "")
        kinds = [(str(code), label) for code, label in table.kinds()]
        kind = kind if kind in dict(kinds) else ""
        rows = table.rows(
            user,
            region=filters["region"],
            since=filters["since"],
            until=filters["until"],
            kind=kind,
        )
        if rows is None:
            continue
        if kind:
            for row in rows:
                row.setdefault("kind", kind)
        sections.append(
            {
                "table": table,
                "kinds": kinds,
                "kind": kind,
                "headers": _headers(table),
                "lines": _lines(table, rows, region_names, dict(kinds)),
            }
        )
    if not sections:
        raise Http404
    wanted = request.GET.get("table", "")
    if request.GET.get("format") == "csv":
        section = next((s for s in sections if s["table"].code == wanted), None)
        if section is None:
            raise Http404
        return _csv(section)
    return render(
        request,
        "carres/workspace/statistics.html",
        {
            "sections": sections,
            "filters": filters,
            "regions": [("", _("Tout le Maroc")), *regions()],
            "months": month_choices(filters),
            "query": request.GET.urlencode(),
        },
    )


def _csv(section):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"statistiques-{section['table'].code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(section["headers"])
    writer.writerows(section["lines"])
    return response
