"""A real Celery worker in a process group of its own, and the e-mails it wrote to files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from carres.testservers.environment import BASE_DIR, local_production_env, stop_process


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
