"""PostgreSQL restarted under load, for real: a private PostgreSQL (never the machine's),
the site under gunicorn on it, clients asking all along.

While the database is down every answer is the translated 503 page (no 500, no
traceback, nobody left hanging); once it is back every answer is a 200 within
seconds, from the same gunicorn processes, and a restart nobody witnessed costs no
error at all (CONN_HEALTH_CHECKS replaces the stale pooled connections).
"""

import os
import socket
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from carres.testservers import BASE_DIR, PrivatePostgres, WebServer, restart_postgres_under_load

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

# Public pages and a signed-in one (its session is read from the database in a middleware).
PATHS = ["/fr/trainings/", "/ar/chambers/", "/en/trainings/", "/fr/dashboard/"]
UNAVAILABLE = {
    "fr": "Service momentanément indisponible",
    "ar": "الخدمة غير متاحة مؤقتًا",
    "en": "Service temporarily unavailable",
}


@pytest.fixture
def postgres():
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def site(postgres, entrepreneur, tmp_path):
    """The site under gunicorn on a copy of the test database holding a session of the
    entrepreneur's; yields (web server, session cookie)."""
    client = Client()
    client.force_login(entrepreneur)
    postgres.load_from(connection.settings_dict, tmp_path)
    web = WebServer(tmp_path, database_url=postgres.url)
    web.start()
    yield web, f"sessionid={client.cookies['sessionid'].value}"
    web.stop()


def test_postgres_restart_under_load_answers_503_then_200_from_the_same_processes(postgres, site):
    web, cookie = site

    report = restart_postgres_under_load(postgres, web, PATHS, cookie=cookie)

    # A restart nobody saw: each worker's pooled connection is dead, CONN_HEALTH_CHECKS
    # replaces it on its next request, which is served.
    assert {answer.status for answer in report.quiet_restart} == {200}
    # No 500, no other status (a 302 to the login page would be a lost session), every
    # request answered, no traceback in any page.
    assert report.failures() == []
    outage = report.during_outage()
    assert len(outage) >= 8
    assert {answer.status for answer in outage} == {503}
    for answer in outage:
        language = answer.path.split("/")[1]
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in answer.body
        assert f"<h1>{UNAVAILABLE[language]}</h1>" in answer.body
        assert answer.headers["Retry-After"] == "5"
        assert "no-store" in answer.headers["Cache-Control"]
    # Nobody waited on a hung worker.
    assert max(answer.ended - answer.started for answer in report.answers) < 5
    assert report.recovery_seconds() < 3
    settled = [a for a in report.after_restart() if a.started > report.up_at + 3]
    assert len(settled) >= 4
    assert {answer.status for answer in settled} == {200}
    assert report.pids_after == report.pids_before


def test_a_database_that_never_answers_gives_up_after_the_connect_timeout():
    """A host that takes the TCP connection and then says nothing (a failover in progress,
    a saturated proxy) must not hold a web worker: DATABASE_CONNECT_TIMEOUT ends the wait
    (without it this connection attempt would wait forever, and the test time out)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nobody ever answers
        port = silent.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection\n"
                "try:\n"
                "    connection.ensure_connection()\n"
                "except Exception as error:\n"
                "    print(type(error).__name__, error)",
            ],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/carres",
                "DATABASE_CONNECT_TIMEOUT": "2",
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )

    assert result.stdout.splitlines()[-1] == "OperationalError connection timeout expired"
