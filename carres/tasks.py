from celery import shared_task
from django.utils import timezone

from carres.antivirus import ClamdUnavailable
from carres.mail import EMAIL_RETRY
from carres.models import Heartbeat


@shared_task(name="carres.tasks.record_heartbeat")
def record_heartbeat(name="worker"):
    """Beat sends this every minute; /healthz reports how long ago a worker ran it."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


@shared_task(name="carres.tasks.send_outbox_email", **EMAIL_RETRY)
def send_outbox_email(outbox_id):
    """One notification e-mail from the outbox; a second run finds it sent and does nothing."""
    from carres.notifications import deliver_email

    deliver_email(outbox_id)


@shared_task(name="carres.tasks.send_daily_digests", **EMAIL_RETRY)
def send_daily_digests():
    """Beat, once a day: one digest e-mail per person who chose it; a rerun sends nothing."""
    from carres.notifications import send_daily_digests as send

    return send()


@shared_task(
    name="carres.tasks.render_dossier_pdf",
    autoretry_for=(OSError,),
    retry_backoff=5,
    max_retries=5,
)
def render_dossier_pdf(outbox_id):
    """The PDF dossier for the state the dossier is in (documents queue)."""
    from carres.pdf import deliver_pdf

    deliver_pdf(outbox_id)


@shared_task(name="carres.tasks.sweep_outbox")
def sweep_outbox():
    """Beat: hand to the workers what could not be queued (Redis was down) or was lost."""
    from carres.notifications import sweep_outbox as sweep

    return sweep()


@shared_task(
    name="carres.tasks.scan_attachment",
    autoretry_for=(ClamdUnavailable,),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    # About five minutes of retries; past them the file stays quarantined and the
    # beat sweeper queues it again, so a long antivirus outage never releases a file.
    max_retries=6,
)
def scan_attachment(attachment_id):
    """Check a quarantined upload (content, antivirus): release it or reject it, once."""
    from carres.quarantine import scan_attachment as scan

    return scan(attachment_id)


@shared_task(name="carres.tasks.sweep_quarantine")
def sweep_quarantine():
    """Beat: scan again what is still quarantined (broker down at upload, long clamd outage)."""
    from carres.quarantine import sweep_quarantine as sweep

    return sweep()
