"""What every server of carres.testservers needs: the local production environment, free
ports, waiting for a condition, stopping a process for good."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]  # the checkout: the servers run from there


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


def database_url(settings_dict) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
