"""The web site under gunicorn in the production shape, and clients that record every answer."""

from __future__ import annotations

import http.client
import itertools
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from carres.testservers.environment import (
    BASE_DIR,
    free_port,
    local_production_env,
    stop_process,
    wait_until,
)


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
