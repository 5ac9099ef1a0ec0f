from chambers.models import Advisor, Feedback, SupportRequest


def test_seed_demo_creates_chamber_demo_once(demo, db):
    advisor = Advisor.objects.get(user__email="advisor@demo.ma")
    assert (advisor.chamber.slug, advisor.is_manager) == ("ccis-souss-massa", True)
    assert sorted(SupportRequest.objects.values_list("status", flat=True)) == [
        "closed",
        "in_progress",
        "new",
    ]
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]
