from celery import shared_task


@shared_task(name="accounts.tasks.purge_expired_data")
def purge_expired_data():
    """Beat, every night: apply the retention periods the privacy notice states."""
    from accounts.retention import purge_expired_data as purge

    return purge()
