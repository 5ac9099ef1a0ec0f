"""The suite runs in parallel (pytest-xdist): each worker on servers of its own, the demo
seeded once per worker (tests/settings.py, tests/conftest.py)."""

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests import conftest
from tests.settings import BASE_DIR, worker_environment

MEDIA = BASE_DIR / "var" / "media"
SHOW_SETTINGS = (
    "import tests.settings as s; "
    "print(s.CELERY_BROKER_URL, s.CACHES['default']['LOCATION'], s.MEDIA_ROOT)"
)


def test_each_worker_takes_two_redis_databases_after_the_configured_ones():
    environ = {"REDIS_URL": "redis://127.0.0.1:63799/0"}
    assert [worker_environment(environ, worker) for worker in ("gw0", "gw1")] == [
        {
            "REDIS_URL": "redis://127.0.0.1:63799/0",
            "CACHE_URL": "redis://127.0.0.1:63799/1",
            "MEDIA_ROOT": str(MEDIA / "xdist-gw0"),
            "CARRES_TEST_WORKER": "gw0",
        },
        {
            "REDIS_URL": "redis://127.0.0.1:63799/2",
            "CACHE_URL": "redis://127.0.0.1:63799/3",
            "MEDIA_ROOT": str(MEDIA / "xdist-gw1"),
            "CARRES_TEST_WORKER": "gw1",
        },
    ]


def test_a_worker_keeps_the_configured_servers_and_media_folder():
    environ = {
        "REDIS_URL": "redis://:secret@redis.example:6380/10",
        "CACHE_URL": "redis://cache.example:6381/11",
        "MEDIA_ROOT": "/srv/media",
    }
    assert worker_environment(environ, "gw2") == {
        "REDIS_URL": "redis://:secret@redis.example:6380/14",
        "CACHE_URL": "redis://cache.example:6381/15",
        "MEDIA_ROOT": "/srv/media/xdist-gw2",
        "CARRES_TEST_WORKER": "gw2",
    }


def show_settings(environ):
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout.split()


def test_a_server_started_by_a_worker_stays_on_the_workers_databases():
    """A Celery worker or gunicorn started by a test inherits the worker's environment and
    loads tests.settings too: it must not move to other databases a second time."""
    environ = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/10",
        "CACHE_URL": "redis://127.0.0.1:6379/11",
        "MEDIA_ROOT": "/srv/media",
        "PYTEST_XDIST_WORKER": "gw1",
    }
    environ.pop("CARRES_TEST_WORKER", None)
    worker = {**environ, **worker_environment(environ, "gw1")}

    moved = ["redis://127.0.0.1:6379/12", "redis://127.0.0.1:6379/13", "/srv/media/xdist-gw1"]
    assert show_settings(environ) == moved
    assert show_settings(worker) == moved
    # A private Redis that a fault test hands to its Celery worker is kept as it is.
    private = {**worker, "REDIS_URL": "redis://127.0.0.1:40001/0"}
    assert show_settings(private)[0] == "redis://127.0.0.1:40001/0"


@pytest.mark.skipif(
    "PYTEST_XDIST_WORKER" not in os.environ, reason="only an xdist worker moves (make test)"
)
def test_this_xdist_worker_runs_on_its_own_databases():
    worker = os.environ["PYTEST_XDIST_WORKER"]
    assert os.environ["CARRES_TEST_WORKER"] == worker
    assert (
        settings.CELERY_BROKER_URL,
        settings.CACHES["default"]["LOCATION"],
        str(settings.MEDIA_ROOT),
    ) == (os.environ["REDIS_URL"], os.environ["CACHE_URL"], os.environ["MEDIA_ROOT"])
    assert str(settings.MEDIA_ROOT).endswith(f"/xdist-{worker}")


def test_the_tests_reading_the_demo_are_moved_to_the_end():
    items = [
        SimpleNamespace(nodeid=name, fixturenames=fixtures)
        for name, fixtures in [("a", ["demo", "db"]), ("b", ["db"]), ("c", ["demo"]), ("d", [])]
    ]
    conftest.pytest_collection_modifyitems(items)
    assert [item.nodeid for item in items] == ["b", "d", "a", "c"]


def test_the_tests_reading_the_demo_run_last(request):
    reads_demo = ["demo" in item.fixturenames for item in request.session.items]
    assert reads_demo == sorted(reads_demo)


def test_a_test_after_the_demo_is_stopped(monkeypatch):
    monkeypatch.setattr(conftest, "_demo_is_open", True)
    late = SimpleNamespace(nodeid="tests/x.py::test_late", fixturenames=["db"])
    with pytest.raises(RuntimeError, match="test_late would run on the demo's database"):
        conftest.pytest_runtest_setup(late)
    conftest.pytest_runtest_setup(SimpleNamespace(nodeid="y", fixturenames=["demo", "db"]))
