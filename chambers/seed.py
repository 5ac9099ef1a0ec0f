"""Demo data for chambers: reference data, the demo advisor's membership and a few requests."""

import datetime

from django.utils import timezone

from accounts.models import User
from carres.statistics.demo import ARCHIVE_EMAIL
from chambers import services
from chambers.enums import Outcome, Topic
from chambers.models import Advisor, Chamber, City, Province, Region, SupportRequest, Venue
from chambers.reference import load_chambers, load_territory


def seed_demo(stdout):
    load_territory(Region, Province, City)
    load_chambers(Region, City, Chamber, Venue)
    from chambers.partners_demo import seed_partners

    stdout.write(f"Chambers: {seed_partners()} partners of the support network.")
    from chambers.demo_history import seed_history

    seed_history()
    souss = Chamber.objects.get(slug="ccis-souss-massa")
    advisor = User.objects.filter(email="advisor@demo.ma").first()
    if advisor is None:
        return
    Advisor.objects.update_or_create(
        user=advisor, defaults={"chamber": souss, "is_manager": True, "is_active": True}
    )
    salma = User.objects.filter(email="entrepreneur@demo.ma").first()
    rachid = User.objects.filter(email="rachid@demo.ma").first()
    demo_requests = SupportRequest.objects.filter(chamber=souss).exclude(
        entrepreneur__email=ARCHIVE_EMAIL
    )
    if salma is None or rachid is None or demo_requests.exists():
        stdout.write("Chambers: reference data up to date.")
        return
    region = souss.region
    services.create_support_request(
        rachid,
        topic=Topic.TRADEMARK,
        region=region,
        language="ar",
        message="أرغب في حماية علامة منتجات زيت الأركان التي أصنعها في تارودانت.",
    )
    ongoing = services.create_support_request(
        salma,
        topic=Topic.COMPANY_CREATION,
        region=region,
        language="fr",
        message="Je veux créer une SARL AU pour mon atelier de céramique à Agadir.",
    )
    services.take_request(ongoing, actor=advisor)
    services.propose_appointment(
        ongoing,
        actor=advisor,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="CCIS Souss-Massa, Agadir",
    )
    done = services.create_support_request(
        salma,
        topic=Topic.EXPORT_AFRICA,
        region=region,
        language="fr",
        message="Comment protéger ma marque dans les pays de l'OAPI avant d'exporter ?",
    )
    services.take_request(done, actor=advisor)
    services.post_message(
        done, actor=advisor, body="Voici la démarche OAPI : un dépôt unique couvre 17 pays."
    )
    services.close_request(done, actor=advisor, outcome=Outcome.RESOLVED)
    services.rate_request(done, actor=salma, rating=5, comment="Très clair, merci !")
    stdout.write("Chambers: demo requests created in CCIS Souss-Massa.")
