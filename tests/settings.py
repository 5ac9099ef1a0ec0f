"""The settings the tests run under: production's own (`carres.settings`, DEBUG off), given
the secrets and address that production must provide, each pytest-xdist worker on its own.

Secrets: carres.testservers.LOCAL_PRODUCTION_ENV (public values, plain HTTP), set in this
process's environment, so the workers, gunicorn and `manage.py` processes the tests start
inherit them. Also the benchmarks' settings.

`make test` runs the suite in several processes (pytest-xdist's workers gw0, gw1, ...).
pytest-django gives each its own test database (test_<name>_gw0, ...). What else they
would share, each worker moves to a copy of its own before the settings are read:

- Redis databases, for the broker and for the cache: worker gwN uses the database numbers of
  REDIS_URL and CACHE_URL plus 2N (gw0 the configured ones; with the embedded Redis of
  `make test`, 0 and 1 for gw0, 2 and 3 for gw1). Sharing the broker, one worker's Celery
  workers would take the other's tasks; sharing the cache, one worker's `cache.clear()`
  (tests/conftest.py) would reset the other's rate-limit counters in the middle of a test.
- MEDIA_ROOT: `<MEDIA_ROOT>/xdist-gwN`, so a test that lists the stored files sees its own.

The new values go into os.environ, so the servers a test starts (Celery workers, gunicorn)
inherit them. They load these settings too: CARRES_TEST_WORKER tells them the move is made,
so that they neither move a second time nor away from a private Redis a test gave them.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from carres.testservers import local_production_env

os.environ.update(local_production_env())

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_DATABASES_PER_WORKER = 2  # the broker's and the cache's


def worker_environment(environ, worker):
    """The variables that give the xdist worker named `worker` ("gw1") servers of its own."""
    from carres.devservers import DEFAULT_REDIS_URL

    index = int(worker.removeprefix("gw"))
    shift = REDIS_DATABASES_PER_WORKER * index
    broker = urlsplit(environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    # As carres.settings: without CACHE_URL, the cache is database 1 of the broker's server.
    cache = urlsplit(environ.get("CACHE_URL") or urlunsplit(broker._replace(path="/1")))
    media = Path(environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
    return {
        "REDIS_URL": _with_database(broker, shift),
        "CACHE_URL": _with_database(cache, shift),
        "MEDIA_ROOT": str(media / f"xdist-{worker}"),
        "CARRES_TEST_WORKER": worker,
    }


def _with_database(url, shift):
    database = int(url.path.strip("/") or 0) + shift
    return urlunsplit(url._replace(path=f"/{database}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("CARRES_TEST_WORKER") != _worker:
    os.environ.update(worker_environment(os.environ, _worker))

from carres.settings import *  # noqa: E402, F403
