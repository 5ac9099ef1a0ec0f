"""The portal in its production shape, on loopback, for the load test.

    .venv/bin/python -m bench serve start --database carres_bench [--port 8601]
    .venv/bin/python -m bench serve stop

`start` collects the static files (whitenoise's compressed manifest storage, as the
Dockerfile does), then starts gunicorn with the deployment's gunicorn.conf.py (sync
workers, two per core) and the two Celery workers of docker-compose.yml
(default + notifications, and documents with prefetch 1), with DEBUG off, on the bench
database and REDIS_URL; it returns once /healthz answers 200 and both workers are ready.
The process ids go to var/bench/serve.json; `stop` ends exactly those (SIGTERM, then
SIGKILL after 20 s) and removes the file. Logs: var/bench/logs/.

Two settings differ from a public deployment, on purpose: SECURE_COOKIES is off (the
load test speaks plain HTTP on loopback, where a TLS proxy would sit in front) and
TRUSTED_PROXY_COUNT is 1, so that the load test's users, who each send their own
X-Forwarded-For address as if behind that proxy, are rate-limited as separate people
rather than as one address. E-mails go to a dummy backend.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

from bench.common import RESULTS_DIR, database_url  # noqa: E402
from carres.testservers import local_production_env  # noqa: E402 (standard library only)

BIN = Path(sys.executable).parent
STATE = RESULTS_DIR / "serve.json"
LOGS = RESULTS_DIR / "logs"


def environment(database, port):
    return {
        **local_production_env(),
        "DATABASE_URL": database_url(database),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_COOKIES": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "WHITENOISE_USE_FINDERS": "false",
        "STATIC_ROOT": str(RESULTS_DIR / "static"),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(RESULTS_DIR / "media")),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def commands(port, env):
    return {
        "web": [
            str(BIN / "gunicorn"),
            "carres.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            # the deployment's own settings (sync workers, two per core)
            "--config",
            str(BASE_DIR / "gunicorn.conf.py"),
            "--access-logfile",
            str(LOGS / "access.log"),
            # the time gunicorn spent on each request, in ms, last (bench/load.py)
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s %(b)s %(M)s',
            "--error-logfile",
            str(LOGS / "web.log"),
            # gunicorn's control socket defaults to one path per user: others' servers use it too.
            "--no-control-socket",
        ],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "carres",
            "worker",
            "-Q",
            "default,notifications",
            "--concurrency",
            "2",
            "--hostname",
            "bench-worker@%h",
            "--loglevel",
            "INFO",
        ],
        "documents": [
            str(BIN / "celery"),
            "-A",
            "carres",
            "worker",
            "-Q",
            "documents",
            "--concurrency",
            "2",
            "--prefetch-multiplier",
            "1",
            "--hostname",
            "bench-documents@%h",
            "--loglevel",
            "INFO",
        ],
    }


def _ready(port, logs):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            if response.status != 200:
                return False
    except OSError:
        return False
    return all("ready." in log.read_text(errors="replace") for log in logs)


def start(database, port=8601, timeout=120):
    if STATE.exists():
        stop()
    LOGS.mkdir(parents=True, exist_ok=True)
    env = environment(database, port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    pids = {}
    worker_logs = []
    for name, command in commands(port, env).items():
        log = LOGS / f"{name}.log"
        log.write_text("")
        if name != "web":
            worker_logs.append(log)
        with open(log, "a") as handle:
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one
            )
        pids[name] = process.pid
    STATE.write_text(json.dumps({"pids": pids, "port": port, "database": database}))
    deadline = time.monotonic() + timeout
    while not _ready(port, worker_logs):
        if time.monotonic() > deadline:
            stop()
            raise RuntimeError(f"the portal did not start in {timeout} s: see {LOGS}")
        time.sleep(0.5)
    return pids


def stop():
    if not STATE.exists():
        return
    pids = json.loads(STATE.read_text())["pids"]
    for pid in pids.values():
        with suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for pid in pids.values():
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            with suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        else:
            with suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    STATE.unlink()


@contextmanager
def serving(database, port=8601):
    """The portal is up inside the block and stopped after it, whatever happens."""
    start(database, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--database", default="carres_bench")
    parser.add_argument("--port", type=int, default=8601)
    args = parser.parse_args()
    if args.action == "start":
        pids = start(args.database, args.port)
        print(f"serving http://127.0.0.1:{args.port}/ on {args.database}: {pids}")
    else:
        stop()


def command():
    return main()
