"""`make run`'s portal, started the way `make run` starts it (carres.devservers, then
scripts/run-portal.sh, honcho and Procfile.dev's threaded runserver) on a free port, against
the test database and Redis: the links it builds (SITE_URL) carry the address it serves.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.factories.trainings import make_session
from tests.servers import BASE_DIR, database_url, free_port, get, stop_process, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

RUN_PORTAL_WEB = ["./scripts/run-portal.sh", "web"]


class DevPortal:
    """`python -m carres.devservers run -- ./scripts/run-portal.sh web` (`make run` without
    the Celery processes and the demo data) on the test database and Redis."""

    def __init__(self, directory, *, env=None):
        self.port = free_port()
        self.log_path = directory / f"portal-{self.port}.log"
        self.env = {
            **{name: value for name, value in os.environ.items() if name != "SITE_URL"},
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "CACHE_URL": settings.CACHES["default"]["LOCATION"],
            "PORT": str(self.port),
            "SEED_DEMO": "false",
            **(env or {}),
        }

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "carres.devservers", "run", "--", *RUN_PORTAL_WEB],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: self.answers() or self.process.poll() is not None, 90, 0.2)
        if self.process.poll() is not None:
            raise RuntimeError(self.log_path.read_text())
        return self

    def answers(self):
        return get(self.port, "/healthz", timeout=5).status == 200

    def stop(self):
        stop_process(self.process)  # devservers stops honcho, which stops runserver
        self.log.close()


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        portal = DevPortal(tmp_path_factory.mktemp("portal")).start()
    yield portal
    portal.stop()


def test_calendar_file_links_to_the_port_the_portal_serves(portal):
    session = make_session()

    answer = get(portal.port, f"/fr/trainings/sessions/{session.pk}/calendar.ics")

    assert answer.status == 200
    assert f"\r\nURL:http://127.0.0.1:{portal.port}/fr/trainings/sessions/{session.pk}/\r\n" in (
        answer.body
    )


def test_calendar_file_links_to_site_url_when_it_is_set(tmp_path):
    portal = DevPortal(tmp_path, env={"SITE_URL": "https://portail.example.ma"}).start()
    try:
        session = make_session()
        answer = get(portal.port, f"/fr/trainings/sessions/{session.pk}/calendar.ics")
    finally:
        portal.stop()

    assert answer.status == 200
    assert f"\r\nURL:https://portail.example.ma/fr/trainings/sessions/{session.pk}/\r\n" in (
        answer.body
    )
