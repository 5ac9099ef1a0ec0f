"""Every write on a company dossier. Status changes go through carres.workflow.transition."""

from django.db import transaction

from carres.enums import DossierAction
from carres.models import DossierEvent
from carres.workflow import DossierMoved, TransitionError
from companies.models import CompanyDossier

CONTENT_FIELDS = [
    "legal_form",
    "name_1",
    "name_2",
    "name_3",
    "activity",
    "capital",
    "head_office_city",
    "head_office_address",
]


def create_company_dossier(*, owner, data):
    """A new draft owned by `owner`, with a 'created' event on its timeline."""
    with transaction.atomic():
        dossier = CompanyDossier.objects.create(
            owner=owner, **{name: data.get(name, "") for name in CONTENT_FIELDS if name in data}
        )
        DossierEvent.objects.create(
            dossier=dossier,
            actor=owner,
            action=DossierAction.CREATE,
            to_status=dossier.status,
        )
    return dossier


def update_company_dossier(dossier, *, actor, data, expected_version):
    """Save the entrepreneur's edits; refused once submitted, or if the form is stale."""
    with transaction.atomic():
        # Lock: an edit must not land between a concurrent transition's check and save.
        locked = CompanyDossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.owner_id != actor.pk:
            raise TransitionError()
        if locked.lock_version != int(expected_version):
            raise DossierMoved()
        if not locked.is_editable:
            raise TransitionError()
        for name in CONTENT_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.lock_version += 1
        locked.save(update_fields=[*CONTENT_FIELDS, "lock_version", "updated_at"])
    return locked
