"""Reads for the privacy pages."""

from django.utils import timezone


def account_deletion_summary(user):
    """What deleting the account would erase and keep, for the confirmation page."""
    from carres.models import dossier_models
    from chambers.models import SupportRequest
    from trainings.enums import ACTIVE
    from trainings.models import Registration

    unfiled, filed = [], []
    for model in dossier_models():
        for dossier in model.objects.filter(owner=user).order_by("created_at"):
            (filed if dossier.reference else unfiled).append(dossier)
    return {
        "unfiled": unfiled,
        "filed": filed,
        "upcoming_registrations": Registration.objects.filter(
            user=user, status__in=ACTIVE, session__starts_at__gt=timezone.now()
        )
        .select_related("session__training")
        .order_by("session__starts_at"),
        "open_requests": SupportRequest.objects.filter(entrepreneur=user)
        .exclude(status="closed")
        .count(),
    }
