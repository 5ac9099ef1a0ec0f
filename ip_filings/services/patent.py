"""Every write on a patent pre-filing. Status changes go through carres.workflow.transition."""

from django.db import transaction

from carres.enums import DossierAction
from carres.models import DossierEvent
from carres.workflow import lock_for_edit
from ip_filings.enums import ApplicantProfile
from ip_filings.models import PatentApplicant, PatentClaim, PatentFiling, PatentInventor

SIMPLE_FIELDS = [
    "kind",
    "invention_title",
    "technical_field",
    "abstract",
    "description",
    "priority_country",
    "priority_number",
    "priority_date",
    "programme",
]


def create_patent_filing(*, owner, data):
    """A new draft owned by `owner`: the owner is its first applicant; a 'created' event."""
    with transaction.atomic():
        filing = PatentFiling.objects.create(
            owner=owner, **{name: data[name] for name in SIMPLE_FIELDS if name in data}
        )
        PatentApplicant.objects.create(
            filing=filing,
            name=owner.get_full_name() or owner.email,
            profile=data.get("applicant_profile") or ApplicantProfile.INDIVIDUAL,
        )
        DossierEvent.objects.create(
            dossier=filing, actor=owner, action=DossierAction.CREATE, to_status=filing.status
        )
    return filing


def update_patent_filing(filing, *, actor, data):
    """Save one wizard step's plain fields; refused once the dossier is no longer editable."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        fields = [name for name in SIMPLE_FIELDS if name in data]
        for name in fields:
            setattr(locked, name, data[name])
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def replace_claims(filing, *, actor, claims):
    """`claims` is [(text, refers_to)] in order; numbers are 1..n."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        locked.claims.all().delete()
        PatentClaim.objects.bulk_create(
            PatentClaim(filing=locked, number=i, text=text, refers_to=refers_to)
            for i, (text, refers_to) in enumerate(claims, start=1)
        )
        locked.save(update_fields=["updated_at"])
    return locked


def replace_inventors(filing, *, actor, inventors):
    """`inventors` is [{"name", "address", "mention"}] in order."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        locked.inventors.all().delete()
        PatentInventor.objects.bulk_create(
            PatentInventor(filing=locked, order=i, **row) for i, row in enumerate(inventors)
        )
        locked.save(update_fields=["updated_at"])
    return locked


def replace_applicants(filing, *, actor, applicants):
    """`applicants` is [{"name", "profile", "share"}] in order."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        locked.applicants.all().delete()
        PatentApplicant.objects.bulk_create(
            PatentApplicant(filing=locked, order=i, **row) for i, row in enumerate(applicants)
        )
        locked.save(update_fields=["updated_at"])
    return locked


def remove_drawing(filing, *, actor, attachment_id):
    """Delete one of the draft's drawings; its file goes once the transaction commits."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        attachment = locked.attachments.filter(pk=attachment_id, uploaded_by=actor).first()
        if attachment is None:
            return False
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        locked.save(update_fields=["updated_at"])
        transaction.on_commit(lambda: storage.delete(name))
    return True
