"""Expected decision dates: from the office's median time to decision for the kind of
dossier over the last six months, with its range (first to third quartile).

The estimates are computed into `DecisionEstimate` by the nightly task and refreshed after
each decision; a dossier's expected date is its (last) submission plus the median, so it
moves when the dossier changes state (a resubmission starts the clock again)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from carres.enums import DECIDED_STATUSES, DossierStatus
from carres.models import dossier_model_for_prefix, dossier_models
from carres.statistics.compute import Percentile, days_between
from carres.statistics.models import DecisionEstimate
from carres.statistics.registry import SMALL_COUNT

WINDOW_DAYS = 183  # six months
WAITING_FOR_DECISION = frozenset({DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW})


def _figures(model, *, now, office=None):
    queryset = model.objects.filter(
        decided_at__gte=now - timedelta(days=WINDOW_DAYS),
        decided_at__lte=now,
        submitted_at__isnull=False,
        status__in=DECIDED_STATUSES,
    )
    if office:
        queryset = queryset.filter(office=office)
    days = days_between("submitted_at", "decided_at")
    return (
        queryset.values("office")
        .annotate(
            decisions=Count("pk"),
            median_days=Percentile(days, 0.5),
            low_days=Percentile(days, 0.25),
            high_days=Percentile(days, 0.75),
        )
        .order_by()
    )


def _store(model, lines, *, now):
    for line in lines:
        DecisionEstimate.objects.update_or_create(
            office=line["office"],
            kind=model.reference_prefix,
            defaults={
                "decisions": line["decisions"],
                "median_days": line["median_days"],
                "low_days": line["low_days"],
                "high_days": line["high_days"],
                "computed_at": now,
            },
        )


def rebuild_estimates(*, now=None):
    """Every office and kind's estimate, afresh (an office with no recent decision has none)."""
    now = now or timezone.now()
    with transaction.atomic():
        DecisionEstimate.objects.all().delete()
        for model in dossier_models():
            _store(model, _figures(model, now=now), now=now)


def refresh_estimate(office, prefix, *, now=None):
    """One office and kind's estimate, after a decision there."""
    model = dossier_model_for_prefix(prefix)
    if model is None:
        return
    now = now or timezone.now()
    with transaction.atomic():
        lines = list(_figures(model, now=now, office=office))
        if not lines:
            DecisionEstimate.objects.filter(office=office, kind=prefix).delete()
        _store(model, lines, now=now)


def refresh_after_decision(sender, dossier, event, **kwargs):
    """dossier_transitioned receiver: a decision changes its office's figures (after commit)."""
    if event.to_status in DECIDED_STATUSES:
        office, prefix = dossier.office, type(dossier).reference_prefix
        transaction.on_commit(lambda: refresh_estimate(office, prefix))


@dataclass(frozen=True)
class Expected:
    """What the owner and the examiner are told. `day` is None when there are too few recent
    decisions to say anything (fewer than five)."""

    decisions: int
    day: datetime | None = None
    earliest: datetime | None = None
    latest: datetime | None = None
    median_days: float | None = None

    @property
    def is_known(self):
        return self.day is not None


def load_estimates():
    """{(office, prefix): DecisionEstimate}: one query, for a page that shows many dossiers."""
    return {(e.office, e.kind): e for e in DecisionEstimate.objects.all()}


def expected_decision(dossier, estimates=None):
    """The expected decision date of a dossier waiting for one, else None."""
    if dossier.status not in WAITING_FOR_DECISION or not dossier.submitted_at:
        return None
    key = (dossier.office, type(dossier).reference_prefix)
    if estimates is None:
        estimate = DecisionEstimate.objects.filter(office=key[0], kind=key[1]).first()
    else:
        estimate = estimates.get(key)
    if estimate is None or estimate.decisions < SMALL_COUNT:
        return Expected(decisions=estimate.decisions if estimate else 0)
    start = timezone.localtime(dossier.submitted_at)
    return Expected(
        decisions=estimate.decisions,
        day=start + timedelta(days=estimate.median_days),
        earliest=start + timedelta(days=estimate.low_days),
        latest=start + timedelta(days=estimate.high_days),
        median_days=estimate.median_days,
    )


def with_expected_decisions(dossiers):
    """Sets `.expected` on each dossier (one query whatever their number); returns them."""
    estimates = load_estimates()
    for dossier in dossiers:
        dossier.expected = expected_decision(dossier, estimates)
    return dossiers
