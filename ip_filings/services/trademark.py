"""Every write on a trademark filing. Status changes go through carres.workflow.transition."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from carres.enums import DossierAction
from carres.models import DossierEvent
from carres.uploads import display_file_name, validate_upload
from carres.workflow import TransitionError, lock_for_edit, submission_action, transition
from ip_filings.enums import MarkStatus
from ip_filings.models import FilingClass, MarkWatch, RegisteredMark, TrademarkFiling
from ip_filings.search import search_prior_marks
from ip_filings.services.fees import NoTariff, estimate_fee

LOGO_TYPES = {"image/png", "image/jpeg"}
REGISTRATION_YEARS = 10


def create_trademark_filing(*, owner, data):
    """A new draft owned by `owner`, the applicant prefilled with the owner's own details."""
    with transaction.atomic():
        filing = TrademarkFiling.objects.create(
            owner=owner,
            applicant_name=owner.get_full_name(),
            applicant_email=owner.email,
            **data,
        )
        DossierEvent.objects.create(
            dossier=filing, actor=owner, action=DossierAction.CREATE, to_status=filing.status
        )
    return filing


def update_trademark_filing(filing, *, actor, data):
    """Save one wizard step's plain fields; refused once submitted."""
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.fee_snapshot = fee_snapshot(locked)
        locked.save(update_fields=[*data, "fee_snapshot", "updated_at"])
    return locked


def set_logo(filing, *, actor, upload):
    """Store the logo (PNG or JPEG by content, decoded whole; SVG refused: it can carry
    script). Not quarantined like attachments: only pixels that Pillow decoded are
    accepted, and the logo is served as an image with nosniff."""
    from django.utils.translation import gettext as _

    mime = validate_upload(
        upload,
        allowed=LOGO_TYPES,
        type_message=_("Le logo doit être une image PNG ou JPEG (son contenu a été vérifié)."),
    )
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        old = locked.logo.name if locked.logo else None
        locked.logo_mime = mime
        locked.logo_name = display_file_name(upload.name)
        locked.logo_size = upload.size
        locked.logo.save("logo", upload, save=False)
        locked.save(update_fields=["logo", "logo_mime", "logo_name", "logo_size", "updated_at"])
        if old:
            storage = locked.logo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return locked


def set_filing_classes(filing, *, actor, classes):
    """Replace the claimed classes: `classes` is {number: (free terms, [NiceTerm])}.

    The caller (the form) has checked that every list term belongs to its class.
    """
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        locked.filing_classes.exclude(number__in=list(classes)).delete()
        for number, (terms, nice_terms) in classes.items():
            row, _created = FilingClass.objects.update_or_create(
                filing=locked, number=number, defaults={"terms": terms}
            )
            row.nice_terms.set(nice_terms)
        locked.fee_snapshot = fee_snapshot(locked, classes=list(classes))
        locked.save(update_fields=["fee_snapshot", "updated_at"])
    return locked


def fee_snapshot(filing, *, classes=None):
    """The fee estimate as stored on the dossier (JSON), or {} when no tariff is in force."""
    if classes is None:
        classes = list(filing.filing_classes.values_list("number", flat=True))
    try:
        estimate = estimate_fee(classes, filing.applicant_kind)
    except NoTariff:
        return {}
    return {
        "classes": list(estimate.classes),
        "first_class_fee": str(estimate.first_class_fee),
        "additional_class_fee": str(estimate.additional_class_fee),
        "subtotal": str(estimate.subtotal),
        "reduction_percent": str(estimate.reduction_percent),
        "reduction": str(estimate.reduction),
        "total": str(estimate.total),
        "currency": estimate.currency,
        "to_be_confirmed": estimate.to_be_confirmed,
        "tariff": estimate.tariff.label,
        "computed_at": timezone.now().isoformat(),
    }


def search_report_rows(matches):
    return [
        {
            "number": match.mark.number,
            "mark": match.mark.mark_text,
            "owner": match.mark.owner_name,
            "classes": list(match.mark.classes),
            "status": match.mark.status,
            "score": match.score,
            "kind": match.kind,
            "risk": match.risk,
            "reason": match.reason,
            "shared_classes": list(match.shared_classes),
        }
        for match in matches
    ]


def attach_prior_search(filing, *, actor):
    """Run the prior-mark search for the filing's mark and classes; store it as a snapshot."""
    text = filing.mark_text or filing.transliteration
    matches = search_prior_marks(text, filing.class_numbers or None, limit=20) if text else []
    with transaction.atomic():
        locked = lock_for_edit(filing, actor=actor)
        locked.prior_search = search_report_rows(matches)
        locked.prior_search_at = timezone.now()
        locked.save(update_fields=["prior_search", "prior_search_at", "updated_at"])
    return locked


def submit_trademark_filing(filing, *, actor, expected_version=None):
    """Submit, or resubmit after changes were asked for, through the workflow (whose hooks,
    below, snapshot the fee and check the watches)."""
    event = transition(
        filing, submission_action(filing), actor=actor, expected_version=expected_version
    )
    filing.fee_snapshot = TrademarkFiling.objects.values_list("fee_snapshot", flat=True).get(
        pk=filing.pk
    )
    return event


def accept_trademark_filing(filing, *, actor, comment=""):
    """Accept through the workflow; its hook below puts the mark on the register."""
    event = transition(filing, DossierAction.ACCEPT, actor=actor, comment=comment)
    filing.registered_mark = RegisteredMark.objects.filter(filing=filing).first()
    return event


# --- transition hooks (ip_filings.apps registers them; they run whatever the door) ---
def snapshot_fee_on_submission(filing, event):
    """The estimate as it stands on the day of (re)submission is the one the PDF shows;
    the watchers are checked against the filed mark after commit."""
    from ip_filings import tasks

    filing.fee_snapshot = fee_snapshot(filing)
    TrademarkFiling.objects.filter(pk=filing.pk).update(fee_snapshot=filing.fee_snapshot)
    tasks.match_watches_for_filing.delay_on_commit(filing.pk)


def enter_register(filing, event):
    """On acceptance the mark enters the register, so later searches and watches find it.

    Side effects, in order: a RegisteredMark numbered by the dossier's reference, status
    registered, filed on the submission date, registered today, expiring ten years later;
    the dossier points at it; after commit, the watchers are checked against it."""
    from ip_filings import tasks

    if filing.registered_mark_id:
        return
    today = timezone.localdate()
    mark = RegisteredMark.objects.create(
        number=filing.reference,
        mark_text=filing.mark_text or filing.transliteration or filing.reference,
        classes=filing.class_numbers,
        owner_name=filing.applicant_name or filing.owner.get_full_name(),
        status=MarkStatus.REGISTERED,
        filed_on=timezone.localdate(filing.submitted_at) if filing.submitted_at else today,
        registered_on=today,
        expires_on=today + relativedelta(years=REGISTRATION_YEARS),
    )
    filing.registered_mark = mark
    filing.save(update_fields=["registered_mark", "updated_at"])
    tasks.match_watches_for_marks.delay_on_commit([mark.pk])


def create_mark_watch(*, user, text, classes, threshold):
    return MarkWatch.objects.create(
        user=user, text=text, classes=sorted(set(classes)), threshold=threshold
    )


def delete_mark_watch(watch, *, actor):
    if watch.user_id != actor.pk:
        raise TransitionError()
    watch.delete()


def renewal_due_marks(today=None):
    """Registered marks of the site's owners expiring within six months, not yet reminded."""
    today = today or timezone.localdate()
    return RegisteredMark.objects.filter(
        status=MarkStatus.REGISTERED,
        filing__isnull=False,
        expires_on__gt=today,
        expires_on__lte=today + relativedelta(months=6),
        renewal_reminder__isnull=True,
    )
