from accounts.enums import Role
from chambers import services
from chambers.enums import Topic
from chambers.models import Advisor, Chamber, City, Province, Region, Venue
from chambers.reference import load_chambers, load_territory
from tests.factories.accounts import make_user


def ensure_reference_data():
    """The data migration loads regions, towns, chambers and venues, but a transactional test
    (transaction=True) empties every table when it ends: load them again if they are gone."""
    if not Chamber.objects.exists():
        load_territory(Region, Province, City)
        load_chambers(Region, City, Chamber, Venue)


def region(code="09"):
    ensure_reference_data()
    return Region.objects.get(code=code)


def chamber(slug="ccis-souss-massa"):
    ensure_reference_data()
    return Chamber.objects.get(slug=slug)


def make_advisor(email, chamber_obj, *, is_manager=False, **fields):
    user = make_user(email, role=Role.ADVISOR, **fields)
    Advisor.objects.create(user=user, chamber=chamber_obj, is_manager=is_manager)
    return user


def make_request(entrepreneur, *, region_code="09", topic=Topic.TRADEMARK, language="fr", **extra):
    return services.create_support_request(
        entrepreneur,
        topic=topic,
        region=region(region_code),
        language=language,
        message=extra.pop("message", "J'ai besoin d'aide pour déposer ma marque."),
        **extra,
    )
