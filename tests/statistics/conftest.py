"""A world whose figures are known, for the statistics and the expected decision dates.

March 2026 (Africa/Casablanca):
- companies accepted: 6 with their head office in Casablanca-Settat (MA-06), 2 in
  Souss-Massa (MA-09): the country 8; one more rejected (not created). Each decided 15 days
  after its submission.
- trademarks at OMPIC: 5 accepted on 28 March after 10, 20, 30, 40 and 50 days (median 30,
  quartiles 20 and 40), by a private applicant (no region); 6 more submitted in March,
  waiting, in the name of the owner's company registered in Casablanca (MA-06).
- patents at INPI: 3 accepted on 28 March after 5, 6 and 7 days (too few to publish).
- support requests in Souss-Massa: 6, of which 5 answered after 1, 2, 3, 4 and 5 days
  (median 3), 3 within the chamber's 3 days; 2 rated 4 and 5.
- one training session in Souss-Massa on 12 March: 7 seats taken, 6 present, 5 ratings
  (3, 4, 4, 5, 5: mean 4.2).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Africa/Casablanca")
DECIDED = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=TZ)
NOW = datetime.datetime(2026, 4, 1, 9, 0, tzinfo=TZ)


def at(day, hour=10):
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=TZ)


def before(moment, days):
    """`days` days of elapsed time before `moment` (Morocco changes its clocks for Ramadan:
    wall-clock arithmetic would be an hour off across it)."""
    return (moment.astimezone(datetime.UTC) - datetime.timedelta(days=days)).astimezone(TZ)


class Known:
    pass


def _counter():
    n = 0
    while True:
        n += 1
        yield n


NUMBERS = _counter()


def _decide(model, dossier, *, status, submitted, decided=None, office="ompic"):
    number = next(NUMBERS)
    model.objects.filter(pk=dossier.pk).update(
        status=status,
        reference=f"{model.reference_prefix}-2026-{number:06d}",
        submitted_at=submitted,
        decided_at=decided,
        office=office,
    )
    dossier.refresh_from_db()
    return dossier


def build_known_world(make_user):
    from chambers.models import City, SupportRequest
    from chambers.models import Feedback as ChamberFeedback
    from companies.models import CompanyDossier
    from ip_filings.models import PatentFiling, TrademarkFiling
    from tests.factories import chambers as fc
    from tests.factories.companies import make_registered_company
    from tests.factories.ip_filings import make_filing
    from tests.factories.trainings import make_registration, make_session
    from trainings.models import Feedback as TrainingFeedback
    from trainings.models import TrainingSession

    w = Known()
    owner = make_user("stats-owner@example.ma")
    w.owner = owner
    casablanca, souss = fc.region("06"), fc.region("09")
    for region, count in ((casablanca, 6), (souss, 2)):
        for day in range(count):
            dossier = CompanyDossier.objects.create(
                owner=owner, name_1=f"Société {region.code}-{day}", head_office_region=region
            )
            _decide(
                CompanyDossier,
                dossier,
                status="accepted",
                submitted=before(at(5 + day), 15),
                decided=at(5 + day),
            )
    rejected = CompanyDossier.objects.create(owner=owner, head_office_region=souss)
    _decide(
        CompanyDossier,
        rejected,
        status="rejected",
        submitted=before(at(20), 15),
        decided=at(20),
    )
    for days in (10, 20, 30, 40, 50):
        filing = TrademarkFiling.objects.create(owner=owner, mark_text=f"Marque {days}")
        _decide(
            TrademarkFiling,
            filing,
            status="accepted",
            submitted=before(DECIDED, days),
            decided=DECIDED,
        )
    w.waiting = []
    make_registered_company(
        "Atlas Textile",
        owner=owner,
        head_office_city=City.objects.filter(region=casablanca).order_by("pk").first(),
    )
    for day in range(6):
        filing = make_filing(owner, mark_text=f"Attente {day}", applicant_name="Atlas Textile")
        w.waiting.append(
            _decide(TrademarkFiling, filing, status="submitted", submitted=at(10 + day))
        )
    for days in (5, 6, 7):
        patent = PatentFiling.objects.create(owner=owner, invention_title=f"Invention {days}")
        _decide(
            PatentFiling,
            patent,
            status="accepted",
            submitted=before(DECIDED, days),
            decided=DECIDED,
            office="inpi",
        )
    requests = []
    for n in range(6):
        request = fc.make_request(make_user(f"asker{n}@example.ma"), region_code="09")
        answered = at(2 + n) + datetime.timedelta(days=n + 1) if n < 5 else None
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=at(2 + n),
            first_answer_due=(at(2 + n) + datetime.timedelta(days=3)).date(),
            first_answered_at=answered,
        )
        requests.append(request)
    for request, rating in zip(requests[:2], (4, 5), strict=True):
        SupportRequest.objects.filter(pk=request.pk).update(
            status="closed", outcome="resolved", closed_at=at(25)
        )
        ChamberFeedback.objects.create(request=request, chamber=request.chamber, rating=rating)
    session = make_session(region=souss)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=at(12, 9), ends_at=at(12, 12), signup_deadline=at(11)
    )
    ratings = [3, 4, 4, 5, 5]
    for n in range(7):
        registration = make_registration(
            session,
            make_user(f"trainee{n}@example.ma"),
            status="attended" if n < 6 else "confirmed",
        )
        if n < 5:
            TrainingFeedback.objects.create(registration=registration, rating=ratings[n])
    return w


@pytest.fixture
def known_world(make_user):
    return build_known_world(make_user)


@pytest.fixture
def computed(known_world):
    from carres.statistics.compute import rebuild_statistics

    rebuild_statistics(now=NOW)
    return known_world
