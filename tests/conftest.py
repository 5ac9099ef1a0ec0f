"""Fixtures shared by the whole suite: users by role, the demo, a real Celery worker, a real
browser."""

import io
import os
from pathlib import Path

import pytest

from carres.testservers import wait_until  # noqa: F401 - tests import it from here
from tests.hypothesis_profiles import load_profile

load_profile()  # every @given in the suite runs under HYPOTHESIS_PROFILE (default: ci)

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by the test itself (arrange / assert) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    from django.core.cache import cache

    cache.clear()  # rate-limit counters start from zero in every test
    from django.utils import translation

    # LocaleMiddleware leaves the last request's language active in the thread: a test that
    # follows an Arabic page would otherwise read Arabic messages, depending on the order.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def staff_client(client):
    """`staff_client(user)`: the test client signed in as `user` with a TOTP device, as staff
    pages ask of every staff member (accounts.middleware.StaffTwoFactorMiddleware)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def login(user):
        TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
        return client

    return login


@pytest.fixture
def eager_celery():
    """Run queued tasks inline, so that on-commit side effects can be observed in mail.outbox."""
    from carres.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def make_user(db):
    from tests.factories.accounts import make_user as factory

    return factory


@pytest.fixture
def entrepreneur(make_user):
    return make_user("salma@example.ma", first_name="Salma", last_name="Bennani")


@pytest.fixture
def outsider(make_user):
    return make_user("outsider@example.ma", first_name="Omar", last_name="Outsider")


@pytest.fixture
def examiner(make_user):
    from accounts.enums import Office, Role

    return make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def other_examiner(make_user):
    from accounts.enums import Office, Role

    return make_user("examiner2@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


@pytest.fixture
def inpi_examiner(make_user):
    from accounts.enums import Office, Role

    return make_user("examiner@inpi.fr", role=Role.EXAMINER, office=Office.INPI)


@pytest.fixture
def dossier(entrepreneur):
    """A complete company-creation draft: the machinery's first user."""
    from tests.factories.companies import make_company_dossier

    return make_company_dossier(entrepreneur)


# --- the demo, seeded once per test process ---------------------------------------------
_demo_is_open = False


def _reads_demo(item):
    return "demo" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """The tests that read the demo run last, so that no other test ever sees it: in each
    xdist worker too (`--dist load` hands a worker its tests in this order).

    Stable: the others keep pytest-django's order, every `db` test before the transactional
    ones, whose flush at the end empties the reference data that the migrations loaded."""
    items.sort(key=_reads_demo)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _demo_is_open and not _reads_demo(item):
        raise RuntimeError(
            f"{item.nodeid} would run on the demo's database: the tests reading the `demo` "
            "fixture must run last (use --dist load, not loadscope or loadfile)"
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, and before it drops the test database, the end of any connection that
    a test left open on it: under xdist, one idle session of a test's thread was seen to make
    DROP DATABASE fail at the very end of an otherwise green run."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The database as `manage.py seed_demo` leaves it when run twice (the second run must
    not duplicate anything): seeded once per test process, inside a transaction rolled back
    at the end of the session. Each test reads it in a savepoint of its own (pytest-django's
    `db`, not `transactional_db`), so what a test writes is undone too."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    global _demo_is_open
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        _demo_is_open = True
        try:
            call_command("seed_demo", "--allow-production", stdout=io.StringIO())
            call_command("seed_demo", "--allow-production", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            _demo_is_open = False


# --- a real Celery worker on the real Redis, in its own process ---------------------
@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    """`start(**options)` starts a real worker against the test database and waits until it
    is ready; every worker still running at teardown is stopped.

    Options: pool ("solo" or "prefork"), concurrency, queues, broker_url (default: REDIS_URL),
    env (extra environment, e.g. a test hook), name (log file and node name).
    E-mails go to files in `tmp_path`. Files go to the usual MEDIA_ROOT (a test that counts
    them passes env={"MEDIA_ROOT": ...}).
    """
    from django.conf import settings
    from django.db import connection

    from carres.testservers import database_url, start_worker

    workers = []

    def start(
        *,
        pool="solo",
        concurrency=1,
        queues="default,documents,notifications",
        broker_url=None,
        env=None,
        name=None,
    ):
        name = name or f"worker{len(workers)}"
        worker = start_worker(
            database_url=database_url(connection.settings_dict),
            broker_url=broker_url or settings.REDIS_URL,
            mail_dir=tmp_path,
            log_path=tmp_path / f"{name}.log" if name != "worker0" else tmp_path / "worker.log",
            hostname=f"test-{os.getpid()}-{name}@%h",
            pool=pool,
            concurrency=concurrency,
            queues=queues,
            env=env,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if not worker.stopped:
            worker.stop()


@pytest.fixture
def celery_worker_process(celery_worker_factory, tmp_path):
    """One solo worker on the test Redis; yields its `subprocess.Popen` once it is ready."""
    worker = celery_worker_factory()
    (tmp_path / "ready").touch()
    yield worker.process


# --- a real browser -------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run ./scripts/system-packages.sh --with-browser"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
