"""Real faults, not mocks: a worker SIGKILLed mid-PDF, and Redis down at submission.

Both end with the outbox sweeper (the `sweep-outbox` beat task) handing the lost work
back to a fresh worker, and both count the produced PDFs and e-mails.
"""

import json
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carres.celery import app
from carres.enums import DossierAction
from carres.models import GeneratedDocument, OutboxMessage
from carres.notifications import sweep_outbox
from carres.workflow import transition
from tests.conftest import wait_until
from tests.factories.companies import make_company_dossier

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def row_is_locked(pk):
    """True while another connection (the worker) holds the outbox row's lock."""
    with transaction.atomic():
        return not OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).exists()


def group_pids(pgid):
    """Live processes of a process group (zombies waiting for their reaper don't count)."""
    result = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True, check=False)
    live = []
    for pid in result.stdout.split():
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            continue
        if state != "Z":
            live.append(int(pid))
    return live


def mail_recipients(directory):
    return sorted(
        line.removeprefix("To: ")
        for path in directory.glob("*.log")
        if not path.name.startswith("worker")
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )


def backdate_outbox():
    """What the sweeper's grace period would do after 30 seconds of waiting."""
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=2))


def test_worker_killed_mid_pdf_then_sweeper_produces_it_once(
    celery_worker_factory, entrepreneur, tmp_path, request
):
    media = tmp_path / "media"
    slow = celery_worker_factory(
        pool="prefork",
        concurrency=1,
        env={"CARRES_TEST_PDF_DELAY": "60", "MEDIA_ROOT": str(media)},
        name="slow",
    )
    broker = redis.Redis.from_url(settings.REDIS_URL)
    request.addfinalizer(broker.close)
    unacked_before = set(broker.hkeys("unacked"))
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    pdf = OutboxMessage.objects.get(channel="pdf")

    # The prefork child has taken the task: the outbox row is locked, the PDF is being
    # rendered (then the hook holds it before storing).
    wait_until(lambda: row_is_locked(pdf.pk), 30)
    time.sleep(2)
    pids = group_pids(slow.pid)
    assert len(pids) == 2  # the main process and its pool child
    slow.kill()
    wait_until(lambda: group_pids(slow.pid) == [], 10)

    # Nothing half-done: PostgreSQL rolled the task's transaction back with its connection.
    wait_until(lambda: not row_is_locked(pdf.pk), 10)
    assert GeneratedDocument.objects.count() == 0
    assert not (media / "documents").exists() or list((media / "documents").iterdir()) == []
    assert OutboxMessage.objects.filter(pk=pdf.pk, sent_at__isnull=True).exists()

    # The killed task's message waits, unacknowledged, in Redis's `unacked` hash: kombu
    # re-delivers it only after the visibility timeout (an hour). The sweeper does not wait.
    killed = [
        (tag, headers["id"])
        for tag, payload in broker.hgetall("unacked").items()
        if tag not in unacked_before
        and (headers := json.loads(payload)[0]["headers"])["task"]
        == "carres.tasks.render_dossier_pdf"
        and headers["argsrepr"] == f"({pdf.pk},)"
    ]
    assert len(killed) == 1
    tag, task_id = killed[0]

    fresh = celery_worker_factory(pool="prefork", env={"MEDIA_ROOT": str(media)}, name="fresh")
    backdate_outbox()
    assert sweep_outbox() >= 1  # the PDF (and the e-mail, if the killed worker held it)
    wait_until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), 60)

    assert GeneratedDocument.objects.count() == 1
    assert [p.name for p in (media / "documents").iterdir()] == [
        GeneratedDocument.objects.get().file.name.removeprefix("documents/")
    ]
    assert mail_recipients(tmp_path) == [entrepreneur.email]

    # An hour later Redis hands the killed task back: it finds the row done, does nothing.
    assert f"[{task_id}] succeeded" not in fresh.log_text()
    broker.zadd("unacked_index", {tag: 0})
    with app.connection_for_write() as connection:
        connection.default_channel.qos.restore_visible(num=100, interval=1)
    wait_until(lambda: f"[{task_id}] succeeded" in fresh.log_text(), 30)

    assert GeneratedDocument.objects.count() == 1
    assert len(list((media / "documents").iterdir())) == 1
    assert mail_recipients(tmp_path) == [entrepreneur.email]
