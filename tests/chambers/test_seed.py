from chambers.models import Advisor, Feedback, SupportRequest


def test_seed_demo_creates_chamber_demo_once(demo, db):
    advisor = Advisor.objects.get(user__email="advisor@demo.ma")
    assert (advisor.chamber.slug, advisor.is_manager) == ("ccis-souss-massa", True)
    from carres.statistics.demo import ARCHIVE_EMAIL

    demo_requests = SupportRequest.objects.exclude(entrepreneur__email=ARCHIVE_EMAIL)
    assert sorted(demo_requests.values_list("status", flat=True)) == [
        "closed",
        "in_progress",
        "new",
    ]
    demo_feedback = Feedback.objects.exclude(request__entrepreneur__email=ARCHIVE_EMAIL)
    assert list(demo_feedback.values_list("rating", flat=True)) == [5]
