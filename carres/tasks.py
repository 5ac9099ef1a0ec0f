from celery import shared_task
from django.utils import timezone

from carres.models import Heartbeat


@shared_task(name="carres.tasks.record_heartbeat")
def record_heartbeat(name="worker"):
    """Beat sends this every minute; /healthz reports how long ago a worker ran it."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
