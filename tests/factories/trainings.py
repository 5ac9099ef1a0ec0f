from datetime import timedelta

from django.utils import timezone

from chambers.models import Advisor, Chamber, City, Province, Region, Venue
from trainings.models import Caravan, Registration, Training, TrainingSession


def casablanca_venue():
    """The CCIS Casablanca-Settat's own venue, from the reference data.

    Transactional tests (threads, worker, browser) start from a flushed database where
    the reference rows loaded by migrations are gone: they are re-created here, the same.
    """
    venue = Venue.objects.filter(kind="chamber", city__name_fr="Casablanca").first()
    if venue is not None:
        return venue
    names = {
        "name_fr": "Casablanca-Settat",
        "name_ar": "الدار البيضاء-سطات",
        "name_en": "Casablanca-Settat",
    }
    region, _ = Region.objects.get_or_create(code="06", defaults=names)
    province, _ = Province.objects.get_or_create(
        code="06.141", defaults={"name_fr": "Casablanca", "kind": "prefecture", "region": region}
    )
    city, _ = City.objects.get_or_create(
        code="06.141.01.0",
        defaults={
            "name_fr": "Casablanca",
            "name_ar": "الدار البيضاء",
            "name_en": "Casablanca",
            "province": province,
            "region": region,
        },
    )
    chamber = ccis_casablanca(region=region, city=city)
    return Venue.objects.create(
        name_fr="CCIS Casablanca-Settat", kind="chamber", region=region, city=city, chamber=chamber
    )


def ccis_casablanca(region=None, city=None):
    chamber = Chamber.objects.filter(slug="ccis-casablanca-settat").first()
    if chamber is None and region is None:
        return casablanca_venue().chamber
    if chamber is None:
        chamber = Chamber.objects.create(
            slug="ccis-casablanca-settat",
            kind="ccis",
            name_fr="Chambre de Commerce, d'Industrie et de Services de la Région Casablanca-Settat",
            short_name_fr="CCIS Casablanca-Settat",
            region=region,
            city=city,
        )
    return chamber


def make_training(**fields):
    defaults = {
        "title_fr": "Protéger sa marque",
        "title_ar": "حماية علامتك التجارية",
        "title_en": "Protecting your trademark",
        "description_fr": "Les bases du dépôt de marque au Maroc.",
        "theme": "trademarks",
        "audience": "startups",
        "duration_hours": 3,
        "language": "fr",
    }
    return Training.objects.create(**{**defaults, **fields})


def make_session(training=None, *, starts_in=timedelta(days=10), venue="default", **fields):
    """A scheduled session at the CCIS Casablanca-Settat's venue, ten days from now."""
    starts_at = timezone.now() + starts_in
    if venue == "default":
        venue = casablanca_venue()
    defaults = {
        "training": training or make_training(),
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "signup_deadline": starts_at - timedelta(days=1),
        "venue": venue,
        "city": venue.city if venue else None,
        "region": venue.region if venue else casablanca_venue().region,
        "chamber": ccis_casablanca(),
        "capacity": 20,
    }
    if venue is None:
        defaults["online_url"] = "https://meet.example.ma/pi"
    return TrainingSession.objects.create(**{**defaults, **fields})


def make_registration(session, user, *, status="confirmed", **fields):
    return Registration.objects.create(session=session, user=user, status=status, **fields)


def make_caravan(**fields):
    defaults = {
        "name_fr": "Caravane de la PI 2026",
        "name_en": "IP caravan 2026",
        "name_ar": "قافلة الملكية الصناعية 2026",
    }
    return Caravan.objects.create(**{**defaults, **fields})


def make_advisor(make_user, email="advisor@ccis-casa.ma", chamber_slug="ccis-casablanca-settat"):
    user = make_user(email, role="advisor", first_name="Youssef", last_name="Alaoui")
    chamber = ccis_casablanca() if chamber_slug == "ccis-casablanca-settat" else None
    Advisor.objects.create(user=user, chamber=chamber or Chamber.objects.get(slug=chamber_slug))
    return user
