"""The demo gives the statistics, the map and the expected dates something to show."""

from carres.statistics.demo import ARCHIVE_EMAIL
from carres.statistics.models import DatasetBuild, DecisionEstimate, StatisticRow
from chambers.models import Partner
from companies.models import CompanyDossier


def test_demo_has_a_year_of_figures(demo, db, client):
    assert set(DatasetBuild.objects.values_list("dataset", flat=True)) == {
        "companies-created",
        "ip-prefilings",
        "decision-times",
        "trainings",
        "support-requests",
    }
    months = set(StatisticRow.objects.filter(region="MA").values_list("period", flat=True))
    assert len(months) >= 10
    # Written once: the second seed run (the fixture runs it twice) added no history.
    assert CompanyDossier.objects.filter(owner__email=ARCHIVE_EMAIL).count() == 80
    assert DecisionEstimate.objects.get(office="ompic", kind="TM").decisions >= 5
    assert Partner.objects.count() == 12
    assert client.get("/fr/statistics/").status_code == 200
    assert client.get("/ar/chambers/map/").status_code == 200
