"""Real faults, not mocks: a worker SIGKILLed mid-PDF, and Redis down at submission.

Both end with the outbox sweeper (the `sweep-outbox` beat task) handing the lost work
back to a fresh worker, and both count the produced PDFs and e-mails.
"""

import json
import os
import signal
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
from carres.testservers import RedisServer
from carres.workflow import transition
from tests.conftest import wait_until
from tests.factories.companies import make_company_dossier

pytestmark = [pytest.mark.worker, pytest.mark.fault, pytest.mark.django_db(transaction=True)]


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


@pytest.fixture
def dedicated_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker_at(dedicated_redis):
    """Point this process's Celery app (publishers) at the dedicated Redis for the test."""
    saved = app.conf.broker_url
    app.conf.broker_url = dedicated_redis.url
    app._pool = None
    app.amqp._producer_pool = None
    yield dedicated_redis
    app.conf.broker_url = saved
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def test_dispatch_with_redis_down_answers_at_once_and_leaves_rows(broker_at, entrepreneur):
    from carres.notifications import dispatch_outbox

    dossier = make_company_dossier(entrepreneur)
    broker_at.stop()
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)  # dispatches on commit
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))

    started = time.monotonic()
    dispatch_outbox(ids)

    assert time.monotonic() - started < 1
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2


def test_redis_down_at_submission_then_sweeper_delivers_100_exactly_once(
    broker_at, celery_worker_factory, client, make_user, tmp_path
):
    owners = [make_user(f"owner{i}@example.ma") for i in range(100)]
    dossiers = [make_company_dossier(owner) for owner in owners]
    broker_at.stop()

    started = time.monotonic()
    statuses = []
    for dossier in dossiers:
        client.force_login(dossier.owner)
        response = client.post(
            f"/fr/companies/{dossier.pk}/transition/",
            {"action": "submit", "lock_version": dossier.lock_version},
        )
        statuses.append(response.status_code)
    submit_seconds = time.monotonic() - started

    # Every submission was answered and saved, its side effects waiting in the outbox.
    assert statuses == [302] * 100
    assert submit_seconds < 30  # kombu's default reconnection loop would take ~20 minutes
    model = type(dossiers[0])
    assert list(model.objects.values_list("status", flat=True).distinct()) == ["submitted"]
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 200

    broker_at.start()
    celery_worker_factory(pool="prefork", concurrency=2, broker_url=broker_at.url)
    backdate_outbox()
    assert sweep_outbox() == 200
    wait_until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), 120)
    backdate_outbox()
    assert sweep_outbox() == 0

    assert mail_recipients(tmp_path) == sorted(f"owner{i}@example.ma" for i in range(100))
    assert GeneratedDocument.objects.count() == 100
    assert sorted(GeneratedDocument.objects.values_list("object_id", flat=True)) == sorted(
        d.pk for d in dossiers
    )


def test_pool_child_killed_mid_pdf_is_redelivered_at_once(
    celery_worker_factory, entrepreneur, tmp_path
):
    """The OOM killer's case: only the prefork child dies. The main process sees the
    WorkerLostError and, with acks_late + reject_on_worker_lost, requeues the task: a new
    child produces the PDF once, without waiting for the sweeper."""
    media = tmp_path / "media"
    worker = celery_worker_factory(
        pool="prefork",
        concurrency=1,
        env={
            "CARRES_TEST_PDF_DELAY": "60",
            "CARRES_TEST_PDF_DELAY_ONCE": str(tmp_path / "delayed-once"),
            "MEDIA_ROOT": str(media),
        },
    )
    dossier = make_company_dossier(entrepreneur)
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    pdf = OutboxMessage.objects.get(channel="pdf")
    wait_until(lambda: row_is_locked(pdf.pk), 30)
    time.sleep(2)
    [child] = [pid for pid in group_pids(worker.pid) if pid != worker.pid]

    os.kill(child, signal.SIGKILL)

    wait_until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), 60)
    assert "WorkerLostError" in worker.log_text()
    assert GeneratedDocument.objects.count() == 1
    assert len(list((media / "documents").iterdir())) == 1
    assert mail_recipients(tmp_path) == [entrepreneur.email]
