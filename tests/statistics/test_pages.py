"""The statistics page, the open-data page and files: languages, suppression, schema, queries."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carres.statistics.models import StatisticRow

pytestmark = pytest.mark.django_db

MARCH = {"since": "2026-03", "until": "2026-03"}


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_statistics_page_answers_in_every_language(client, computed, lang):
    response = client.get(f"/{lang}/statistics/", {"region": "MA", **MARCH})
    assert response.status_code == 200
    assert response.content.count(b'<svg class="chart"') == 5
    assert (b'dir="rtl"' in response.content) == (lang == "ar")


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_open_data_page_answers_in_every_language(client, computed, lang):
    response = client.get(f"/{lang}/statistics/open-data/")
    assert response.status_code == 200
    assert b"CC-BY-4.0" not in response.content  # people read the licence's title
    assert "Creative Commons Attribution 4.0" in response.content.decode()
    assert b"/open-data/companies-created/2026.csv" in response.content


def test_statistics_page_suppresses_small_counts_in_table_and_summary(client, computed):
    page = client.get("/fr/statistics/", {"region": "MA-09", **MARCH}).content.decode()
    companies = page.split('id="companies-created"')[1].split("</section>")[0]
    assert "Entreprises créées : &lt; 5" in companies  # the summary
    assert re.search(r'<td class="num">&lt; 5</td>', companies)
    assert '<rect class="series-0"' not in companies  # no bar for a suppressed count


def test_statistics_page_shows_the_region_figures(client, computed):
    page = client.get("/fr/statistics/", {"region": "MA-06", **MARCH}).content.decode()
    filings = page.split('id="ip-prefilings"')[1].split("</section>")[0]
    assert '<td class="num">6</td>' in filings
    assert "Marques · Soumis : 6" in filings
    assert filings.count('<rect class="series-0"') == 1
    # SVG numbers are never localised ("256,2" would not draw in French).
    assert not re.search(r'(?:x|y|width|height)="-?\d+,\d', page)


def test_statistics_page_masks_a_count_that_would_give_a_small_one_back(client, computed):
    page = client.get("/fr/statistics/", {"region": "MA-06", **MARCH}).content.decode()
    companies = page.split('id="companies-created"')[1].split("</section>")[0]
    assert '<td class="num">×</td>' in companies
    assert '<td class="num">6</td>' not in companies
    assert "Entreprises créées : ×." in companies  # the period's total would say 6
    assert '<rect class="series-0"' not in companies


def test_statistics_page_in_arabic_draws_from_the_right(client, computed):
    page = client.get("/ar/statistics/", {"region": "MA-06", **MARCH}).content.decode()
    companies = page.split('id="companies-created"')[1].split("</section>")[0]
    # The value axis stands on the right: its labels start after it.
    assert 'text-anchor="start" dominant-baseline="middle"' in companies
    assert "style=" not in page.split("<main")[1]  # nothing the CSP would refuse


def test_statistics_filters_ignore_unknown_values(client, computed):
    response = client.get("/fr/statistics/", {"region": "MA-99", "since": "x"})
    assert response.status_code == 200


def _rows(count):
    StatisticRow.objects.all().delete()
    for n in range(count):
        period = f"2026-{n + 1:02d}"
        StatisticRow.objects.create(
            dataset="companies-created", period=period, region="MA", data={"companies": 7 + n}
        )
        StatisticRow.objects.create(
            dataset="decision-times",
            period=period,
            region="MA",
            key="ompic|TM",
            data={"office": "ompic", "kind": "TM", "decisions": 9, "median_days": 12.5},
        )
        StatisticRow.objects.create(
            dataset="support-requests",
            period=period,
            region="MA",
            data={
                "requests": 12,
                "answered": 10,
                "median_days_to_answer": 2.0,
                "sla_met": 8,
                "sla_percent": 66.0,
                "ratings": 6,
                "mean_rating": 4.5,
            },
        )


def _queries(client, url, params):
    cache.clear()  # the page built anew, not served from the public pages' cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url,params",
    [
        ("/fr/statistics/", {"since": "2026-01", "until": "2026-06"}),
        ("/fr/statistics/open-data/", {}),
        ("/open-data/companies-created.csv", {}),
        ("/open-data/decision-times/2026.json", {}),
        ("/open-data/datapackage.json", {}),
    ],
)
def test_queries_do_not_grow_with_the_rows(client, db, url, params):
    _rows(1)
    one = _queries(client, url, params)
    _rows(3)
    assert _queries(client, url, params) == one


# --- open data ---------------------------------------------------------------------------
def test_csv_publishes_small_counts_as_under_five(client, computed):
    body = client.get("/open-data/companies-created/2026.csv").content.decode()
    assert body.splitlines() == [
        "period,region,companies",
        "2026-03,MA,8",
        "2026-03,MA-06,",  # masked: 8 - 6 would give the "<5" back
        "2026-03,MA-09,<5",
    ]


def test_json_publishes_small_counts_as_null_and_says_so(client, computed):
    body = client.get("/open-data/decision-times.json").json()
    inpi = [r for r in body["rows"] if r["office"] == "inpi"]
    assert inpi == [
        {
            "period": "2026-03",
            "region": "MA",
            "office": "inpi",
            "kind": "PT",
            "decisions": None,
            "median_days": None,
            "suppressed": ["decisions"],
        }
    ]
    assert body["licence"] == "CC-BY-4.0"
    assert body["dataset"] == "decision-times"


def test_unknown_data_set_or_year_is_404(client, db):
    assert client.get("/open-data/no-such-set.csv").status_code == 404
    assert client.get("/open-data/companies-created/20x6.csv").status_code == 404


def _valid(value, field, missing):
    if value in missing:
        return not field.get("constraints", {}).get("required")
    kind = field["type"]
    if kind == "integer":
        ok = re.fullmatch(r"-?\d+", value) is not None
    elif kind == "number":
        ok = re.fullmatch(r"-?\d+(\.\d+)?", value) is not None
    elif kind == "yearmonth":
        ok = re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) is not None
    else:
        ok = kind == "string"
    constraints = field.get("constraints", {})
    if ok and "enum" in constraints:
        ok = value in constraints["enum"]
    if ok and "minimum" in constraints:
        ok = float(value) >= constraints["minimum"]
    return ok


TABLE_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "yearmonth", "date", "datetime"}


def test_every_file_follows_its_table_schema(client, computed):
    package = json.loads(client.get("/open-data/datapackage.json").content)
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    names = [r["name"] for r in package["resources"]]
    assert names == [
        "companies-created",
        "ip-prefilings",
        "decision-times",
        "trainings",
        "support-requests",
    ]
    for resource in package["resources"]:
        schema = resource["schema"]
        fields = schema["fields"]
        assert {f["type"] for f in fields} <= TABLE_SCHEMA_TYPES
        assert resource["changes"][0]["version"] == resource["version"]
        path = resource["path"].removeprefix("http://testserver")
        reader = list(csv.reader(io.StringIO(client.get(path).content.decode())))
        assert reader[0] == [f["name"] for f in fields]
        assert len(reader) > 1, resource["name"]
        keys = set()
        for line in reader[1:]:
            for value, field in zip(line, fields, strict=True):
                assert _valid(value, field, schema["missingValues"]), (
                    resource["name"],
                    field,
                    value,
                )
            key = tuple(line[[f["name"] for f in fields].index(k)] for k in schema["primaryKey"])
            assert key not in keys
            keys.add(key)


@pytest.mark.parametrize("lang,march", [("ar", "مارس 2026"), ("fr", "mars 2026")])
def test_month_selects_are_labelled_in_the_page_language(client, computed, lang, march):
    page = client.get(f"/{lang}/statistics/", {"region": "MA", **MARCH}).content.decode()

    assert 'type="month"' not in page
    for name in ("since", "until"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert re.search(rf'<option value="2026-03" selected>{march}</option>', select)
