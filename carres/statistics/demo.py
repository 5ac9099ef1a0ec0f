"""Helpers the apps' demo seeds share to give the statistics a year of history.

The history belongs to one inactive demo account (nobody signs in as it), is dated over the
last twelve months with a fixed random seed, and is written once: a seed run that finds it
leaves it alone. It is written directly with its dates (the workflow stamps "now"), so it
has no timeline, PDF or mail: it is there to be counted.
"""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from carres.references import allocate_reference

ARCHIVE_EMAIL = "archives@historique.demo.ma"


def history_owner():
    user, _ = User.objects.get_or_create(
        email=ARCHIVE_EMAIL,
        defaults={"first_name": "Archives", "last_name": "Démo", "is_active": False},
    )
    return user


def randomness(name):
    return random.Random(f"carres-demo-{name}")  # nosec B311  # seeded: the same demo figures each run


def moment_in_past_months(rng, *, months=12, now=None):
    """A moment in the last `months` months (more of them recently: the programme grows)."""
    now = now or timezone.now()
    days = int(months * 30.4 * (1 - rng.random() ** 1.6))
    return now - datetime.timedelta(days=days, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))


def stamp_dossier(dossier, *, status, submitted, decided=None, office="ompic"):
    """Give a freshly created draft its past: a reference, a status and its dates."""
    type(dossier).objects.filter(pk=dossier.pk).update(
        status=status,
        reference=allocate_reference(type(dossier).reference_prefix, year=submitted.year),
        submitted_at=submitted,
        decided_at=decided,
        office=office,
    )
