"""A year of support requests, answered and rated, for the public statistics."""

import datetime

from carres.statistics.demo import history_owner, moment_in_past_months, randomness
from chambers.enums import Topic
from chambers.models import Chamber, Feedback, Region, SupportRequest

WEIGHTS = {"06": 20, "09": 14, "04": 12, "01": 10, "07": 8, "03": 8, "02": 5, "08": 4, "10": 2}


def seed_history(count=90):
    owner = history_owner()
    if SupportRequest.objects.filter(entrepreneur=owner).exists():
        return 0
    rng = randomness("chambers")
    codes, weights = list(WEIGHTS), list(WEIGHTS.values())
    regions = {r.code: r for r in Region.objects.filter(code__in=WEIGHTS)}
    ccis = {c.region.code: c for c in Chamber.objects.filter(kind="ccis").select_related("region")}
    for _n in range(count):
        code = rng.choices(codes, weights)[0]
        chamber = ccis.get(code)
        if chamber is None or code not in regions:
            continue
        created = moment_in_past_months(rng)
        answered = created + datetime.timedelta(hours=rng.uniform(3, 150))
        closed = answered + datetime.timedelta(days=rng.uniform(2, 20))
        done = closed < created.__class__.now(created.tzinfo)
        request = SupportRequest.objects.create(
            entrepreneur=owner,
            topic=rng.choice(Topic.values),
            region=regions[code],
            language=rng.choice(["fr", "ar", "fr", "en"]),
            message="Demande archivée (démonstration).",
            chamber=chamber,
            status="closed" if done else "new",
            outcome="resolved" if done else "",
            first_answer_due=(created + datetime.timedelta(days=chamber.first_answer_days)).date(),
            closed_at=closed if done else None,
        )
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=created, first_answered_at=answered if done else None
        )
        if done and rng.random() < 0.6:
            Feedback.objects.create(
                request=request, chamber=chamber, rating=rng.choice([3, 4, 4, 5, 5, 5])
            )
    return count
