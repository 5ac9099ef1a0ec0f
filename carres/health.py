"""/healthz: is the database, Redis and file storage reachable? 200 when all are, 503 otherwise."""

import uuid

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from carres.models import Heartbeat


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def _storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS = {"database": _database, "redis": _redis, "storage": _storage}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "down"; the class name says why
            results[name] = f"down: {exc.__class__.__name__}"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": results, "worker": _worker_last_seen()},
        status=200 if healthy else 503,
    )


def _worker_last_seen():
    """Informative only: a late worker delays PDFs and e-mails but the site still serves."""
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except Exception:
        return None
    return None if beat is None else beat.seen_at.isoformat()
