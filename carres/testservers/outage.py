"""PostgreSQL restarted under load: what the clients of a running site saw around it."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from carres.testservers.environment import wait_until
from carres.testservers.postgres import PrivatePostgres
from carres.testservers.web import Answer, Load, WebServer, get

LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "')


@dataclass
class RestartReport:
    """What the clients saw around a PostgreSQL outage (times are time.monotonic())."""

    quiet_restart: list[Answer]  # the first requests after a restart nobody saw
    answers: list[Answer]  # everything during the loaded outage
    down_at: float  # PostgreSQL has stopped
    restart_at: float  # asked to start again
    up_at: float  # accepting connections again
    pids_before: tuple
    pids_after: tuple
    phases: dict  # seconds spent in each step

    def during_outage(self):
        """Answers to requests made and answered while PostgreSQL was certainly down."""
        return [a for a in self.answers if a.started >= self.down_at and a.ended <= self.restart_at]

    def after_restart(self):
        return [a for a in self.answers if a.started >= self.up_at]

    def failures(self):
        """Answers no client should ever get: a 500 or other error status, no answer at
        all, or a page leaking a traceback."""
        return [
            a
            for a in [*self.quiet_restart, *self.answers]
            if a.status not in (200, 503) or any(leak in a.body for leak in LEAKS)
        ]

    def recovery_seconds(self):
        """From PostgreSQL accepting connections again to the end of the last answer that
        was not a 200 (0 when the first answer after the restart was already a 200)."""
        late = [a.ended for a in self.after_restart() if a.status != 200]
        return max(late) - self.up_at if late else 0.0

    def figures(self):
        outage = self.during_outage()
        return {
            "requests": len(self.answers),
            "requests_during_outage": len(outage),
            "answered_503_during_outage": sum(a.status == 503 for a in outage),
            "outage_seconds": round(self.up_at - self.down_at, 2),
            "errors": len(self.failures()),
            "statuses": {
                str(status): sum(a.status == status for a in self.answers)
                for status in sorted({a.status for a in self.answers}, key=str)
            },
            "slowest_answer_seconds": round(max(a.ended - a.started for a in self.answers), 2),
            "recovery_seconds": round(self.recovery_seconds(), 2),
            "quiet_restart_first_requests": [a.status for a in self.quiet_restart],
            "same_web_processes": self.pids_before == self.pids_after,
            "phases_seconds": self.phases,
        }


def restart_postgres_under_load(
    postgres: PrivatePostgres,
    web: WebServer,
    paths,
    *,
    cookie=None,
    outage=2.0,
    after=4.0,
    clients=4,
) -> RestartReport:
    """Against a running `web` on `postgres`:

    1. warm up until every gunicorn worker holds a pooled connection;
    2. restart PostgreSQL (fast shutdown) with nobody asking, then ask once per worker
       and more: stale pooled connections must be replaced, not answered with errors;
    3. with `clients` clients asking all along, stop PostgreSQL (immediate shutdown: a
       crash), keep it down `outage` seconds, start it, keep asking `after` seconds.
    """
    phases = {}
    clock = time.monotonic()

    def phase(name):
        nonlocal clock
        phases[name] = round(time.monotonic() - clock, 2)
        clock = time.monotonic()

    pids_before = (web.process.pid, *web.worker_pids())
    warm = Load(web.port, paths, clients=web.workers * 2, cookie=cookie).start()
    wait_until(lambda: postgres.backends() >= web.workers, 30, 0.2)
    warm.stop()
    phase("warm_up")

    postgres.stop("fast")
    postgres.start()
    phase("quiet_restart")
    with ThreadPoolExecutor(web.workers * 2) as pool:
        quiet = list(
            pool.map(lambda path: get(web.port, path, cookie=cookie), paths * web.workers * 2)
        )
    # Every worker answered at least one of them, on a fresh connection.
    wait_until(lambda: postgres.backends() >= web.workers, 10, 0.2)
    phase("first_requests")

    load = Load(web.port, paths, clients=clients, cookie=cookie).start()
    time.sleep(1.5)
    postgres.stop("immediate")
    down_at = time.monotonic()
    phase("stop_immediate")
    time.sleep(outage)
    restart_at = time.monotonic()
    postgres.start()
    up_at = time.monotonic()
    phase("outage_and_start")
    time.sleep(after)
    answers = load.stop()
    phase("after")
    pids_after = (web.process.pid, *web.worker_pids())
    return RestartReport(
        quiet, answers, down_at, restart_at, up_at, pids_before, pids_after, phases
    )
