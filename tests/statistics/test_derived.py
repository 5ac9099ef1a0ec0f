"""Means, medians and shares never give a hidden count back (page, CSV, JSON).

The fixture (conftest.py) has 6 support requests in Souss-Massa of which 3 were answered in
time: "< 5" published, and a share of 50 % beside the 6 requests would say 3.
"""

import csv
import io
import re

import pytest

from carres.statistics.models import StatisticRow
from carres.statistics.registry import SMALL_COUNT, datasets, get_dataset
from carres.statistics.selectors import published_rows

pytestmark = pytest.mark.django_db

MARCH = {"since": "2026-03", "until": "2026-03"}


def csv_rows(client, code):
    body = client.get(f"/open-data/{code}.csv").content.decode()
    return list(csv.DictReader(io.StringIO(body)))


def json_rows(client, code):
    return client.get(f"/open-data/{code}.json").json()["rows"]


def number(text):
    return None if text in ("", "<5", None) else float(text)


def test_every_mean_median_or_share_names_the_counts_it_is_computed_from():
    # A "number" column is a figure computed from counts: without them, nothing withholds it.
    for dataset in datasets():
        for field in dataset.values:
            if field.type == "number":
                assert field.needs, (dataset.code, field.name)
            for name in (field.needs, *field.counts):
                if name:
                    assert dataset.field(name).suppress, (dataset.code, field.name, name)
    assert get_dataset("support-requests").field("sla_percent").counts == ("sla_met",)


def test_share_of_a_suppressed_count_is_withheld_everywhere(client, computed):
    for row in csv_rows(client, "support-requests"):
        assert (row["requests"], row["sla_met"], row["sla_percent"]) == ("6", "<5", "")
    for row in json_rows(client, "support-requests"):
        assert (row["requests"], row["sla_met"], row["sla_percent"]) == (6, None, None)
        assert row["median_days_to_answer"] == 3.0  # over 5 answered, all shown
    page = client.get("/fr/statistics/", {"region": "MA-09", **MARCH}).content.decode()
    section = page.split('id="support-requests"')[1].split("</section>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', section)
    # requests, answered, median, SLA met, SLA %, ratings, mean rating
    assert cells == ["6", "5", "3,0", "&lt; 5", "—", "&lt; 5", "—"]


def _stored(dataset, region, data, hidden=()):
    return StatisticRow.objects.create(
        dataset=dataset, period="2026-05", region=region, data=data, hidden=list(hidden)
    )


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_share_and_mean_beside_a_masked_count_are_withheld(client, db, lang):
    # Souss-Massa's 9 answered in time are masked (secondary suppression); 75 % of its 12
    # requests would give them back, then the "< 5" of the region beside it.
    _stored(
        "support-requests",
        "MA-09",
        {
            "requests": 12,
            "answered": 10,
            "median_days_to_answer": 2.0,
            "sla_met": 9,
            "sla_percent": 75.0,
            "ratings": 7,
            "mean_rating": 4.1,
        },
        hidden=["sla_met", "ratings"],
    )
    _stored(
        "trainings",
        "MA-09",
        {"sessions": 2, "registered": 20, "attended": 18, "ratings": 8, "mean_rating": 4.5},
        hidden=["ratings"],
    )
    (support,) = json_rows(client, "support-requests")
    assert (support["sla_met"], support["sla_percent"], support["mean_rating"]) == (
        None,
        None,
        None,
    )
    assert support["median_days_to_answer"] == 2.0
    assert json_rows(client, "trainings")[0]["mean_rating"] is None
    assert csv_rows(client, "trainings")[0]["mean_rating"] == ""
    page = client.get(
        f"/{lang}/statistics/", {"region": "MA-09", "since": "2026-05", "until": "2026-05"}
    ).content.decode()
    section = page.split('id="support-requests"')[1].split("</section>")[0]
    assert "75" not in re.findall(r'<td class="num">([^<]*)</td>', section)


def test_share_over_fewer_than_five_requests_is_withheld(db):
    _stored(
        "support-requests",
        "MA",
        {"requests": 4, "answered": 4, "sla_met": 0, "sla_percent": 0.0, "ratings": 0},
    )
    (row,) = published_rows(get_dataset("support-requests"))
    assert row.cells["sla_percent"].withheld


def test_no_hidden_count_can_be_recomputed_from_the_open_data(client, computed):
    """The reader's attack on every row of every file: a derived figure times (or divided
    by) a published count, for every count that is not published."""
    for dataset in datasets():
        by_csv = csv_rows(client, dataset.code)
        by_json = json_rows(client, dataset.code)
        assert len(by_csv) == len(by_json)
        for line, entry in zip(by_csv, by_json, strict=True):
            for field in dataset.derived:
                value = number(line[field.name])
                assert value == entry[field.name], (dataset.code, field.name)
                if value is None:
                    continue
                for name in (field.needs, *field.counts):
                    shown = number(line[name])
                    assert shown is not None, (dataset.code, field.name, name, line)
                    assert entry[name] == shown
                assert number(line[field.needs]) >= SMALL_COUNT
