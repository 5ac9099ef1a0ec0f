"""The public figures, against the world of conftest.py whose numbers are known."""

import pytest

from carres.statistics.compute import rebuild_statistics
from carres.statistics.models import DatasetBuild, StatisticRow
from carres.statistics.registry import get_dataset
from carres.statistics.selectors import published_rows
from tests.statistics.conftest import NOW

pytestmark = pytest.mark.django_db


def shown(code, region, **keys):
    """{period: {field: value as published}} of one data set, region and key."""
    dataset = get_dataset(code)
    found = {}
    for row in published_rows(dataset, region=region):
        if all(row.keys.get(k) == v for k, v in keys.items()):
            found[row.period] = {
                name: ("< 5" if cell.suppressed else "×" if cell.masked else cell.value)
                for name, cell in row.cells.items()
            }
    return found


def test_companies_created_per_region_and_the_country(computed):
    # Casablanca-Settat's 6 would give Souss-Massa's 2 back (8 - 6): masked too.
    assert shown("companies-created", "MA-06") == {"2026-03": {"companies": "×"}}
    assert shown("companies-created", "MA") == {"2026-03": {"companies": 8}}


def test_companies_created_under_five_are_suppressed(computed):
    assert shown("companies-created", "MA-09") == {"2026-03": {"companies": "< 5"}}


def test_decision_times_median_per_office_and_kind(computed):
    assert shown("decision-times", "MA", office="ompic", kind="TM") == {
        "2026-03": {"decisions": 5, "median_days": 30.0}
    }
    assert shown("decision-times", "MA", office="ompic", kind="CO") == {
        "2026-03": {"decisions": 9, "median_days": 15.0}
    }


def test_decision_times_over_fewer_than_five_decisions_are_withheld(computed):
    assert shown("decision-times", "MA", office="inpi", kind="PT") == {
        "2026-03": {"decisions": "< 5", "median_days": None}
    }


def test_prefilings_by_kind_and_state(computed):
    assert shown("ip-prefilings", "MA", kind="trademark", state="submitted") == {
        "2026-03": {"filings": 6}
    }
    # Five accepted marks: three submitted in February, two in March: both suppressed.
    assert shown("ip-prefilings", "MA", kind="trademark", state="accepted") == {
        "2026-02": {"filings": "< 5"},
        "2026-03": {"filings": "< 5"},
    }


def test_prefilings_per_region_of_the_applicants_company(computed):
    assert shown("ip-prefilings", "MA-06", kind="trademark", state="submitted") == {
        "2026-03": {"filings": 6}
    }
    # The accepted marks' applicant has no company on the portal: the country's rows only.
    assert shown("ip-prefilings", "MA-06", kind="trademark", state="accepted") == {}
    assert shown("ip-prefilings", "MA-09") == {}


def test_support_requests_answer_time_sla_and_ratings(computed):
    assert shown("support-requests", "MA-09") == {
        "2026-03": {
            "requests": 6,
            "answered": 5,
            "median_days_to_answer": 3.0,
            "sla_met": "< 5",
            "sla_percent": None,  # 50 % of 6 would give the "< 5" back
            "ratings": "< 5",
            "mean_rating": None,
        }
    }


def test_trainings_held_and_attendance(computed):
    assert shown("trainings", "MA-09") == {
        "2026-03": {
            "sessions": 1,
            "registered": 7,
            "attended": 6,
            "ratings": 5,
            "mean_rating": 4.2,
        }
    }


def test_rebuild_twice_gives_the_same_rows_and_keeps_changed_at(known_world):
    first = rebuild_statistics(now=NOW)
    rows = sorted(StatisticRow.objects.values_list("dataset", "period", "region", "key", "data"))
    changed = dict(DatasetBuild.objects.values_list("dataset", "changed_at"))
    ids = set(StatisticRow.objects.values_list("pk", flat=True))

    second = rebuild_statistics(now=NOW.replace(day=2))

    assert second == first
    assert (
        sorted(StatisticRow.objects.values_list("dataset", "period", "region", "key", "data"))
        == rows
    )
    assert dict(DatasetBuild.objects.values_list("dataset", "changed_at")) == changed
    assert set(StatisticRow.objects.values_list("pk", flat=True)) == ids  # rows left alone


def test_rebuild_after_new_data_replaces_the_rows(computed, make_user):
    from companies.models import CompanyDossier
    from tests.factories import chambers as fc
    from tests.statistics.conftest import _decide, at

    dossier = CompanyDossier.objects.create(
        owner=computed.owner, head_office_region=fc.region("09")
    )
    _decide(CompanyDossier, dossier, status="accepted", submitted=at(1), decided=at(30))

    rebuild_statistics(now=NOW)

    assert shown("companies-created", "MA") == {"2026-03": {"companies": 9}}
    assert StatisticRow.objects.filter(dataset="companies-created").count() == 3
