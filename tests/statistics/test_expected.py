"""Expected decision dates: the office's median for the kind over six months, with its range."""

import datetime

import pytest
from django.urls import reverse

from carres.statistics.estimates import (
    expected_decision,
    rebuild_estimates,
    with_expected_decisions,
)
from carres.statistics.models import DecisionEstimate
from carres.workflow import transition
from tests.statistics.conftest import NOW, TZ

pytestmark = pytest.mark.django_db


def test_estimate_is_median_and_quartiles_of_six_months(computed):
    estimate = DecisionEstimate.objects.get(office="ompic", kind="TM")
    assert (estimate.decisions, estimate.median_days, estimate.low_days, estimate.high_days) == (
        5,
        30.0,
        20.0,
        40.0,
    )


def test_expected_date_is_submission_plus_median_with_its_range(computed):
    waiting = computed.waiting[0]  # submitted on 10 March at 10:00
    expected = expected_decision(waiting)
    assert expected.decisions == 5
    assert expected.day == datetime.datetime(2026, 4, 9, 10, 0, tzinfo=TZ)
    assert expected.earliest == datetime.datetime(2026, 3, 30, 10, 0, tzinfo=TZ)
    assert expected.latest == datetime.datetime(2026, 4, 19, 10, 0, tzinfo=TZ)


def test_no_estimate_under_five_decisions(computed):
    from ip_filings.models import PatentFiling

    patent = PatentFiling.objects.filter(office="inpi").first()
    PatentFiling.objects.filter(pk=patent.pk).update(status="submitted", decided_at=None)
    patent.refresh_from_db()
    expected = expected_decision(patent)
    assert (expected.decisions, expected.is_known) == (3, False)


def test_old_decisions_leave_the_window(known_world):
    rebuild_estimates(now=NOW + datetime.timedelta(days=200))
    assert not DecisionEstimate.objects.filter(office="ompic", kind="TM").exists()


def test_owner_sees_the_expected_date_and_its_basis(client, computed):
    client.force_login(computed.owner)
    page = client.get(
        reverse("ip_filings:trademark_detail", args=[computed.waiting[0].pk])
    ).content.decode()
    assert 'data-expected="2026-04-09"' in page
    assert (
        "vers le 9 avril 2026 (le plus souvent entre le 30 mars 2026 et le 19 avril 2026)" in page
    )
    assert "D'après 5 décisions de l'OMPIC sur ce type de dossier ces 6 derniers mois" in page


def test_owner_sees_it_in_arabic(client, computed):
    client.force_login(computed.owner)
    response = client.get(
        reverse("ip_filings:trademark_detail", args=[computed.waiting[0].pk]).replace(
            "/fr/", "/ar/"
        )
    )
    assert response.status_code == 200
    assert 'data-expected="2026-04-09"' in response.content.decode()


def test_examiner_queue_shows_expected_dates(staff_client, computed, examiner):
    page = staff_client(examiner).get(reverse("backoffice:queue")).content.decode()
    assert page.count('data-expected="2026-04-') == 6  # the six waiting marks


def test_queue_reads_the_estimates_once(computed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        with_expected_decisions(list(computed.waiting))
    assert len(queries) == 1


def test_expected_date_follows_the_state(computed, examiner, django_capture_on_commit_callbacks):
    filing = computed.waiting[0]
    transition(filing, "take", actor=examiner)
    assert expected_decision(filing).day == datetime.datetime(2026, 4, 9, 10, 0, tzinfo=TZ)
    transition(filing, "request_changes", actor=examiner, comment="Précisez les produits.")
    assert expected_decision(filing) is None  # the owner has the dossier back
    other = computed.waiting[1]
    transition(other, "take", actor=examiner)
    with django_capture_on_commit_callbacks(execute=True):
        transition(other, "accept", actor=examiner)
    assert expected_decision(other) is None
    # The decision refreshed its office's estimate (today's six months hold this one only).
    assert DecisionEstimate.objects.get(office="ompic", kind="TM").decisions == 1
