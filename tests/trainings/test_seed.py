from trainings.models import Caravan, Registration, Training, TrainingSession


def test_seed_demo_is_idempotent(demo, db):
    assert Training.objects.count() == 4
    assert Caravan.objects.count() == 1
    assert TrainingSession.objects.count() == 7
    assert TrainingSession.objects.filter(caravan__isnull=False).count() == 5
    assert sorted(Registration.objects.values_list("user__email", "status")) == [
        ("entrepreneur@demo.ma", "attended"),
        ("rachid@demo.ma", "attended"),
    ]
