from celery import shared_task

from companies import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render_name_certificate(reservation_id):
    """Idempotent: a reservation keeps one certificate file."""
    from companies.pdf import render_certificate

    render_certificate(reservation_id)


@shared_task
def release_expired_reservations():
    return services.release_expired_reservations()
