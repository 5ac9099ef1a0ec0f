"""Reads for the privacy pages."""

from carres.models import dossier_models
from carres.personal_data import providers


def account_deletion_summary(user):
    """What deleting the account would erase and keep, for the confirmation page: the
    dossiers, then what each app's personal-data provider says it would erase."""
    unfiled, filed = [], []
    for model in dossier_models():
        for dossier in model.objects.filter(owner=user).order_by("created_at"):
            (filed if dossier.reference else unfiled).append(dossier)
    summary = {"unfiled": unfiled, "filed": filed}
    for provider in providers:
        if provider.summary is not None:
            summary.update(provider.summary(user))
    return summary
