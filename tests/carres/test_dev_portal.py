"""`make run`'s portal, started the way `make run` starts it (carres.devservers, then
scripts/run-portal.sh, honcho and Procfile.dev's threaded runserver) on a free port, against
the test database and Redis: a crawl cannot use up PostgreSQL's connections, and the links it
builds (SITE_URL) carry the address it serves.
"""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from carres.testservers import BASE_DIR, database_url, free_port, get, stop_process, wait_until
from tests.factories.chambers import ensure_reference_data
from tests.factories.trainings import make_session

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


class PeakConnections:
    """The most connections to the test database seen at once, asked every 20 ms from a
    connection of its own (not counted, nor the test's own)."""

    def __init__(self):
        self.peak = 0
        self.database = connection.settings_dict["NAME"]
        self._stop = threading.Event()
        connection.ensure_connection()
        self._ours = connection.connection.info.backend_pid
        self._thread = threading.Thread(target=self._watch)

    def _watch(self):
        with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as watcher:
            while not self._stop.wait(0.02):
                count = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid NOT IN (pg_backend_pid(), %s)",
                    [self.database, self._ours],
                ).fetchone()[0]
                self.peak = max(self.peak, count)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(10)


def test_crawl_of_500_pages_by_10_clients_holds_few_database_connections(portal):
    ensure_reference_data()
    session = make_session()
    pages = [
        "/fr/",
        "/ar/",
        "/en/",
        "/fr/trainings/",
        "/ar/trainings/",
        f"/fr/trainings/sessions/{session.pk}/",
        f"/ar/trainings/sessions/{session.pk}/",
        "/fr/chambers/",
        "/ar/chambers/",
        "/fr/trademarks/search/",
        "/ar/diagnostic/",
        "/en/privacy/",
    ]
    crawl = [pages[i % len(pages)] for i in range(500)]

    # A new HTTP connection for every page, as a crawler's: runserver serves each in a new
    # thread, and a thread that kept its database connection would leave it open.
    with PeakConnections() as connections, ThreadPoolExecutor(10) as clients:
        statuses = [
            answer.status for answer in clients.map(lambda path: get(portal.port, path), crawl)
        ]

    assert {status: statuses.count(status) for status in set(statuses)} == {200: 500}
    print(f"peak database connections during the crawl: {connections.peak}")
    # About one per request being served (10 here; a thread that closes its connection just
    # after its answer can overlap the client's next request), however many pages are asked
    # for. Keeping them for CONN_MAX_AGE made it 89 here, of PostgreSQL's 100.
    assert connections.peak < 30


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
