from celery import shared_task

from carres.statistics.compute import rebuild_statistics


@shared_task(ignore_result=True)
def rebuild_public_statistics():
    """Nightly: every data set and decision estimate, recomputed into their tables
    (idempotent: an unchanged data set keeps its rows)."""
    rebuild_statistics()
