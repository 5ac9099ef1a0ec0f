"""`python -m carres.devservers run` (what `make run` and `make test` go through), for real:
embedded PostgreSQL and Redis in a VAR folder of their own on free ports (never the servers
of the run these tests may be running inside), a command stopped by each signal a terminal or
a process manager sends, and another checkout's servers on the ports.
"""

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psutil
import pytest

from carres.devservers import FORWARD
from carres.testservers import BASE_DIR, RedisServer, free_port, stop_process, wait_until


class Checkout:
    """The embedded servers' settings of one checkout: its VAR folder and its two ports."""

    def __init__(self, var: Path):
        self.var = var
        self.pg_port = free_port()
        self.redis_port = free_port()

    @property
    def env(self):
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}
        }
        env.update(
            CARRES_VAR_DIR=str(self.var),
            CARRES_PG_PORT=str(self.pg_port),
            CARRES_REDIS_PORT=str(self.redis_port),
        )
        return env

    def devservers(self, *arguments, **options):
        """`python -m carres.devservers ARGUMENTS` for this checkout, in a session of its own
        (as `make run` is in a terminal's: the test's signals reach it alone)."""
        return subprocess.Popen(
            [sys.executable, "-m", "carres.devservers", *arguments],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            **options,
        )

    def start(self):
        process = self.devservers("start")
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors

    def stop(self):
        if (self.var / "pgdata" / "postmaster.pid").exists() or (
            self.var / "redis" / "redis.pid"
        ).exists():
            self.devservers("stop").communicate(timeout=60)

    def postgres_pids(self):
        """The postmaster (from its postmaster.pid) and its children."""
        pidfile = self.var / "pgdata" / "postmaster.pid"
        postmaster = psutil.Process(int(pidfile.read_text().split()[0]))
        return [postmaster.pid, *(child.pid for child in postmaster.children())]

    def redis_pid(self):
        return int((self.var / "redis" / "redis.pid").read_text())


def _listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _alive(pids):
    return [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).is_running()]


@pytest.fixture(scope="module")
def initialised_var():
    """A VAR whose PostgreSQL is initialised with the `carres` database (initdb costs seconds:
    done once, then copied). Under the system's temporary folder, not pytest's: as root the
    server runs as another user (see carres.testservers.PrivatePostgres)."""
    directory = Path(tempfile.mkdtemp(prefix="carres-devservers-"))
    checkout = Checkout(directory / "var")
    checkout.start()
    checkout.stop()
    yield checkout.var
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def make_checkout(initialised_var):
    """`make_checkout()`: a checkout with its own copy of the initialised VAR and free ports;
    its servers are stopped and its folder deleted at teardown."""
    made = []

    def make():
        directory = Path(tempfile.mkdtemp(prefix="carres-devservers-"))
        checkout = Checkout(directory / "var")
        shutil.copytree(initialised_var, checkout.var, symlinks=True)
        made.append(checkout)
        return checkout

    yield make
    for checkout in made:
        checkout.stop()
        shutil.rmtree(checkout.var.parent, ignore_errors=True)


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda signum: signum.name
)
def test_run_stopped_by_a_signal_stops_the_command_then_its_servers(make_checkout, signum):
    checkout = make_checkout()
    seen = checkout.var / "seen"
    # A command with two processes that a signal to its group alone would not stop: a
    # background job (a shell's ignore SIGINT) and one in a session of its own (as honcho
    # starts each of its processes).
    command = (
        f"sleep 300 & echo $! >> {seen}/pids; "
        f"setsid sleep 300 & echo $! >> {seen}/pids; "
        f'echo $$ >> {seen}/pids; echo "$DATABASE_URL $REDIS_URL" > {seen}/urls; wait'
    )
    seen.mkdir()
    run = checkout.devservers("run", "--", "sh", "-c", command)
    try:
        wait_until(lambda: (seen / "urls").exists() or run.poll() is not None, 60, 0.1)
        assert run.poll() is None
        assert (seen / "urls").read_text().split() == [
            f"postgres://postgres@127.0.0.1:{checkout.pg_port}/carres",
            f"redis://127.0.0.1:{checkout.redis_port}/0",
        ]
        wait_until(lambda: len((seen / "pids").read_text().split()) == 3, 10, 0.05)
        pids = [
            *map(int, (seen / "pids").read_text().split()),
            *checkout.postgres_pids(),
            checkout.redis_pid(),
        ]
        assert _alive(pids) == pids

        run.send_signal(signum)
        run.communicate(timeout=60)
    finally:
        stop_process(run, ask=signal.SIGKILL)
        run.communicate()

    assert run.returncode == 128 + FORWARD[signum]
    assert _alive(pids) == []
    assert not _listening(checkout.pg_port)
    assert not _listening(checkout.redis_port)
    assert not (checkout.var / "pgdata" / "postmaster.pid").exists()


def test_run_reuses_this_checkouts_own_servers_and_leaves_them_running(make_checkout):
    checkout = make_checkout()
    checkout.start()
    pids = [*checkout.postgres_pids()[:1], checkout.redis_pid()]

    run = checkout.devservers("run", "--", "sh", "-c", 'echo "$DATABASE_URL $REDIS_URL"')
    output, errors = run.communicate(timeout=60)

    assert run.returncode == 0, errors
    assert output.split() == [
        f"postgres://postgres@127.0.0.1:{checkout.pg_port}/carres",
        f"redis://127.0.0.1:{checkout.redis_port}/0",
    ]
    assert _alive(pids) == pids
    assert _listening(checkout.pg_port)
    assert _listening(checkout.redis_port)


def test_run_refuses_another_checkouts_postgres_on_its_port(make_checkout):
    other, checkout = make_checkout(), make_checkout()
    other.start()
    checkout.pg_port = other.pg_port
    theirs = other.postgres_pids()

    run = checkout.devservers("run", "--", "touch", str(checkout.var / "ran"))
    _, errors = run.communicate(timeout=60)

    assert run.returncode == 1
    assert errors == (
        f"carres.devservers: 127.0.0.1:{other.pg_port} is held by the PostgreSQL of "
        f"{other.var / 'pgdata'}; this checkout's PostgreSQL keeps its data in "
        f"{checkout.var / 'pgdata'}. Stop that server, or give this checkout ports of its own: "
        "export CARRES_PG_PORT=... CARRES_REDIS_PORT=... (see carres/devservers.py).\n"
    )
    assert not (checkout.var / "ran").exists()
    # Its own Redis, started first, was stopped again; the other checkout's server is untouched.
    assert not _listening(checkout.redis_port)
    assert _alive(theirs) == theirs


class QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


class WebServer(http.server.HTTPServer):
    """Something else on the port: a web server, answering 400 to Redis's commands."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), QuietHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()


@pytest.mark.parametrize("holder", ["redis", "web"])
def test_run_refuses_a_redis_port_held_by_another_server(make_checkout, holder):
    checkout = make_checkout()
    directory = Path(tempfile.mkdtemp(prefix="carres-other-redis-"))
    if holder == "redis":
        server = RedisServer(directory, port=checkout.redis_port)
        server.start()
        expected = f"the Redis of {directory}"
    else:
        server = WebServer(checkout.redis_port)
        expected = "a server that is not this checkout's Redis"
    try:
        run = checkout.devservers("run", "--", "touch", str(checkout.var / "ran"))
        _, errors = run.communicate(timeout=60)
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)

    assert run.returncode == 1
    assert errors.startswith(
        f"carres.devservers: 127.0.0.1:{checkout.redis_port} is held by {expected}; this "
        f"checkout's Redis keeps its data in {checkout.var / 'redis'}. Stop that server"
    )
    assert not (checkout.var / "ran").exists()
    # Refused before anything was started.
    assert not _listening(checkout.pg_port)


def test_run_in_a_terminal_gives_the_command_no_terminal_input():
    """The command's process group is not the terminal's foreground one: reading the terminal
    would stop it (SIGTTIN) for good. It reads an empty stdin instead and finishes."""
    terminal, device = os.openpty()
    env = {**os.environ, "DATABASE_URL": "postgres://unused", "REDIS_URL": "redis://unused"}
    command = [sys.executable, "-c", "import sys; print('read', repr(sys.stdin.read()))"]
    # setsid --ctty: a new session whose controlling terminal is `device`, as a shell's.
    run = subprocess.Popen(
        ["setsid", "--ctty", sys.executable, "-m", "carres.devservers", "run", "--", *command],
        cwd=BASE_DIR,
        env=env,
        stdin=device,
        stdout=device,
        stderr=device,
    )
    os.close(device)
    try:
        assert run.wait(30) == 0
        assert os.read(terminal, 1000).decode() == "read ''\r\n"
    finally:
        stop_process(run, ask=signal.SIGKILL)
        os.close(terminal)
