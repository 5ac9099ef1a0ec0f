from datetime import timedelta

from django.utils import timezone

from chambers.models import Advisor, Chamber, Venue
from trainings.models import Caravan, Registration, Training, TrainingSession


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
        venue = Venue.objects.filter(kind="chamber", city__name_fr="Casablanca").first()
    defaults = {
        "training": training or make_training(),
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "signup_deadline": starts_at - timedelta(days=1),
        "venue": venue,
        "city": venue.city if venue else None,
        "region": venue.region if venue else Chamber.objects.get(slug="fcmcis").region,
        "chamber": Chamber.objects.get(slug="ccis-casablanca-settat"),
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
    Advisor.objects.create(user=user, chamber=Chamber.objects.get(slug=chamber_slug))
    return user
