"""A year of trademark and patent pre-filings in every state, for the public statistics and
the expected decision dates."""

import datetime

from carres.statistics.demo import history_owner, moment_in_past_months, randomness, stamp_dossier
from ip_filings.models import PatentFiling, TrademarkFiling

MARKS = ["Tighmert", "Amlou d'Or", "Nour Bio", "Safran Taliouine", "Zellige Fès", "Atlas Café"]


def _history(model, rng, *, count, office_of, days, make):
    owner = history_owner()
    for n in range(count):
        submitted = moment_in_past_months(rng)
        dossier = make(owner, n)
        decided = submitted + datetime.timedelta(days=rng.uniform(*days))
        if decided > submitted.__class__.now(submitted.tzinfo):
            stamp_dossier(
                dossier,
                status=rng.choice(["submitted", "in_review"]),
                submitted=submitted,
                office=office_of(rng),
            )
        else:
            stamp_dossier(
                dossier,
                status="accepted" if rng.random() < 0.8 else "rejected",
                submitted=submitted,
                decided=decided,
                office=office_of(rng),
            )


def seed_history():
    if TrademarkFiling.objects.filter(owner=history_owner()).exists():
        return 0
    rng = randomness("ip")
    _history(
        TrademarkFiling,
        rng,
        count=70,
        office_of=lambda r: "ompic",
        days=(18, 70),
        make=lambda owner, n: TrademarkFiling.objects.create(
            owner=owner, mark_text=f"{rng.choice(MARKS)} {n + 1}"
        ),
    )
    _history(
        PatentFiling,
        rng,
        count=24,
        office_of=lambda r: "inpi" if r.random() < 0.3 else "ompic",
        days=(40, 150),
        make=lambda owner, n: PatentFiling.objects.create(
            owner=owner, invention_title=f"Procédé de séchage solaire n° {n + 1}"
        ),
    )
    return 94
