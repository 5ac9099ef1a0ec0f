from accounts.enums import Role
from chambers import services
from chambers.enums import Topic
from chambers.models import Advisor, Chamber, Region
from tests.factories.accounts import make_user


def region(code="09"):
    return Region.objects.get(code=code)


def chamber(slug="ccis-souss-massa"):
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
