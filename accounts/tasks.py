from celery import shared_task


@shared_task(name="accounts.tasks.purge_expired_data")
def purge_expired_data():
    """Beat, every night: apply the retention periods the privacy notice states."""
    from accounts.retention import purge_expired_data as purge

    return purge()


@shared_task(
    name="accounts.tasks.render_personal_data_pdf",
    autoretry_for=(OSError,),
    retry_backoff=5,
    max_retries=5,
)
def render_personal_data_pdf(export_id):
    """The PDF of a user's own data (documents queue); stored once per request."""
    from accounts.services import store_pdf_export

    store_pdf_export(export_id)
