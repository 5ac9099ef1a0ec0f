"""Many people press "Sign up" for the same session at the same moment, on the real database."""

import threading

import pytest
from django.db import connection

from tests.factories.trainings import make_session
from trainings import services
from trainings.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_sign_ups_never_overbook(make_user):
    session = make_session(capacity=3)
    people = [make_user(f"rush{n}@example.ma") for n in range(12)]
    start = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        try:
            start.wait()
            services.sign_up(session, actor=person)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=sign_up, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert sorted(statuses) == ["confirmed"] * 3 + ["waitlisted"] * 9
    positions = [
        services.waitlist_position(r)
        for r in Registration.objects.filter(session=session, status="waitlisted")
    ]
    assert sorted(positions) == list(range(1, 10))


def test_concurrent_double_click_makes_one_registration(make_user):
    session = make_session(capacity=5)
    person = make_user("double@example.ma")
    start = threading.Barrier(4)
    outcomes = []

    def sign_up():
        try:
            start.wait()
            services.sign_up(session, actor=person)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ValidationError"] * 3 + ["ok"]
    assert Registration.objects.filter(session=session).count() == 1
