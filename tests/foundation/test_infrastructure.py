"""The ground the portal stands on: PostgreSQL locale, Redis, Celery settings, health."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from carres.models import Heartbeat
from tests.conftest import BASE_DIR, wait_until


@pytest.mark.django_db
def test_trigram_similarity_matches_arabic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('نور', 'نور'), similarity('نور', 'قمر')")
        same, different = cursor.fetchone()
    assert same == 1.0
    assert different < 0.3


@pytest.mark.django_db
def test_search_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension ORDER BY extname")
        names = [row[0] for row in cursor.fetchall()]
    assert {"pg_trgm", "unaccent", "fuzzystrmatch"} <= set(names)


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_celery_visibility_timeout_outlasts_longest_task():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]


def test_connections_are_reused():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


@pytest.mark.django_db
def test_healthz_reports_every_dependency_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("down")
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_storage_fails(client, settings, tmp_path):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where a folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("down")


@pytest.mark.worker
def test_real_worker_runs_a_task_enqueued_on_commit(celery_worker_process):
    from django.db import transaction

    from carres.tasks import record_heartbeat

    with transaction.atomic():
        record_heartbeat.delay_on_commit("integration-test")
        # Not sent yet: nothing leaves before the transaction commits.
        assert not Heartbeat.objects.filter(name="integration-test").exists()
    beat = wait_until(lambda: Heartbeat.objects.filter(name="integration-test").first())
    assert beat.name == "integration-test"


def test_check_deploy_is_clean_under_production_variables():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "p" * 20 + "-production-secret-with-enough-entropy-1234567890",
        "MFA_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1rZXktZm9yLXRoZS10ZXN0cy0xMjM=",
        "SITE_URL": "https://portail.example.ma",
        "ALLOWED_HOSTS": "portail.example.ma",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_COOKIES": "true",
        "CLAMD_HOST": "clamav",
        "CNDP_DECLARATION": "D-GC-123/2026",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_cndp_number_is_unset(settings):
    from carres.checks import check_cndp_declaration

    settings.CNDP_DECLARATION = ""
    assert [message.id for message in check_cndp_declaration(None)] == ["carres.W003"]
    settings.CNDP_DECLARATION = "D-GC-123/2026"
    assert check_cndp_declaration(None) == []


def test_home_route_carries_language():
    assert reverse("home") == "/fr/"


def test_every_deployment_serves_with_one_gunicorn_configuration():
    """gunicorn.conf.py: sync workers, two per core unless GUNICORN_WORKERS says; the
    Dockerfile and docker-compose.yml rely on it (gunicorn reads it from the working
    directory) and the load test names it, so none of them sets workers of its own."""
    import runpy

    path = str(BASE_DIR / "gunicorn.conf.py")
    saved = os.environ.pop("GUNICORN_WORKERS", None)
    try:
        default = runpy.run_path(path)
        os.environ["GUNICORN_WORKERS"] = "3"
        chosen = runpy.run_path(path)
    finally:
        os.environ.pop("GUNICORN_WORKERS", None)
        if saved is not None:
            os.environ["GUNICORN_WORKERS"] = saved
    assert default["worker_class"] == "sync"
    assert default["workers"] == 2 * len(os.sched_getaffinity(0))
    assert chosen["workers"] == 3
    for name in ("Dockerfile", "docker-compose.yml"):
        text = (BASE_DIR / name).read_text()
        assert "gunicorn" in text and "--workers" not in text and "--worker-class" not in text
    serve = (BASE_DIR / "bench" / "serve.py").read_text()
    assert '"gunicorn.conf.py"' in serve and '"--threads"' not in serve
