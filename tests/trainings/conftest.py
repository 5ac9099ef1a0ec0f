import pytest
from celery import current_app


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process here (their e-mails land in mail.outbox); worker tests start a real one."""
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _default_language():
    """The test client leaves the last request's language active in this thread: reset it."""
    yield
    from django.utils import translation

    translation.activate("fr")


@pytest.fixture
def advisor(make_user):
    from tests.factories.trainings import make_advisor

    return make_advisor(make_user)
