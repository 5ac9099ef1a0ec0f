import io

from django.core.management import call_command

from chambers.models import Advisor, Feedback, SupportRequest


def test_seed_demo_creates_chamber_demo_once(db, eager_celery):
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    advisor = Advisor.objects.get(user__email="advisor@demo.ma")
    assert (advisor.chamber.slug, advisor.is_manager) == ("ccis-souss-massa", True)
    assert sorted(SupportRequest.objects.values_list("status", flat=True)) == [
        "closed",
        "in_progress",
        "new",
    ]
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]
