"""A year of accepted and rejected company-creation dossiers, for the public statistics."""

import datetime

from carres.statistics.demo import history_owner, moment_in_past_months, randomness, stamp_dossier
from chambers.models import Region
from companies.models import CompanyDossier

# Region codes, weighted roughly by how many companies are created there.
WEIGHTS = {"06": 30, "04": 14, "01": 12, "07": 9, "09": 8, "03": 8, "02": 5, "05": 4, "08": 2}
NAMES = ["Atlas", "Argan", "Oasis", "Medina", "Sahara", "Rif", "Souss", "Anfa", "Zagora"]


def seed_history(count=80):
    owner = history_owner()
    if CompanyDossier.objects.filter(owner=owner).exists():
        return 0
    rng = randomness("companies")
    regions = {r.code: r for r in Region.objects.filter(code__in=WEIGHTS)}
    codes, weights = list(WEIGHTS), list(WEIGHTS.values())
    for n in range(count):
        region = regions.get(rng.choices(codes, weights)[0])
        decided = moment_in_past_months(rng)
        submitted = decided - datetime.timedelta(days=rng.uniform(4, 28))
        dossier = CompanyDossier.objects.create(
            owner=owner,
            name_1=f"{rng.choice(NAMES)} Services {n + 1}",
            head_office_region=region,
        )
        status = "accepted" if rng.random() < 0.85 else "rejected"
        stamp_dossier(dossier, status=status, submitted=submitted, decided=decided)
    return count
