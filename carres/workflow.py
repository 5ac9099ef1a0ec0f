"""The review workflow every dossier shares, and the ONE function that changes a status.

draft ──submit──> submitted ──take──> in_review ──accept──> accepted
  ^                                      │  └──reject──> rejected
  └──────resubmit── changes_requested <──┘ (request changes, with a reason)
draft / submitted / changes_requested ──withdraw──> withdrawn
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carres import rules
from carres.enums import DECIDED_STATUSES, DossierAction, DossierStatus, ScanStatus
from carres.kinds import kind_for, run_transition_hooks
from carres.models import DossierEvent
from carres.references import allocate_reference
from carres.validators import validate_field

OWNER = "owner"
EXAMINER = "examiner"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    by: str
    needs_reason: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            DossierAction.SUBMIT, frozenset({DossierStatus.DRAFT}), DossierStatus.SUBMITTED, OWNER
        ),
        Transition(
            DossierAction.RESUBMIT,
            frozenset({DossierStatus.CHANGES_REQUESTED}),
            DossierStatus.SUBMITTED,
            OWNER,
        ),
        Transition(
            DossierAction.TAKE,
            frozenset({DossierStatus.SUBMITTED}),
            DossierStatus.IN_REVIEW,
            EXAMINER,
        ),
        Transition(
            DossierAction.ACCEPT,
            frozenset({DossierStatus.IN_REVIEW}),
            DossierStatus.ACCEPTED,
            EXAMINER,
        ),
        Transition(
            DossierAction.REJECT,
            frozenset({DossierStatus.IN_REVIEW}),
            DossierStatus.REJECTED,
            EXAMINER,
            needs_reason=True,
        ),
        Transition(
            DossierAction.REQUEST_CHANGES,
            frozenset({DossierStatus.IN_REVIEW}),
            DossierStatus.CHANGES_REQUESTED,
            EXAMINER,
            needs_reason=True,
        ),
        Transition(
            DossierAction.WITHDRAW,
            frozenset(
                {DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.CHANGES_REQUESTED}
            ),
            DossierStatus.WITHDRAWN,
            OWNER,
        ),
    ]
}


class TransitionError(Exception):
    """A transition that does not exist, or that this actor may not make. `str()` is translated."""

    default_message = _("Cette action n'est pas possible sur ce dossier.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


def clean_comment(comment):
    """A comment or reason as the timeline stores it: stripped, and checked by the field's
    validators (no control or bidi character, 5,000 characters at most), for the doors that
    take it without a form (the back office's buttons)."""
    comment = (comment or "").strip()
    try:
        validate_field(DossierEvent, "comment", comment)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    return comment


class DossierMoved(TransitionError):
    default_message = _(
        "Le dossier a changé entre-temps (quelqu'un d'autre a agi) : rechargez la page."
    )


class NotEditable(TransitionError):
    default_message = _("Ce dossier ne peut plus être modifié.")


class ReasonRequired(TransitionError):
    default_message = _("Indiquez le motif : l'entrepreneur le lira.")


class IncompleteDossier(TransitionError):
    """Submission refused; `errors` is {field name: [translated messages]}."""

    default_message = _("Le dossier est incomplet : corrigez les champs signalés.")

    def __init__(self, errors):
        self.errors = errors
        super().__init__()


class AttachmentsInQuarantine(TransitionError):
    """Submission refused while an attachment still waits for its check (carres.quarantine).

    Refused rather than held: the owner is on the page, the check takes seconds, and a
    submission that went through later on its own would surprise them."""

    default_message = _(
        "Un document est encore en cours de vérification (contrôle antivirus) : le dossier "
        "n'a pas été soumis. Rechargez la page dans un instant et soumettez-le à nouveau."
    )


def lock_for_edit(dossier, *, actor, expected_version=None):
    """The dossier's row, locked for an edit by its owner, inside the caller's transaction.

    The lock keeps an edit from landing between a concurrent transition's checks and its
    save. Raises TransitionError when `actor` is not the owner, DossierMoved when the page
    was read at another `expected_version` (None: the page carries none, no check), and
    NotEditable once the dossier has left the editable statuses."""
    locked = type(dossier).objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if not rules.is_owner(actor, locked):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if expected_version is not None and locked.lock_version != int(expected_version):
        raise DossierMoved()
    if not locked.is_editable:
        raise NotEditable()
    return locked


def posted_version(data):
    """The `lock_version` a page posted with a form (the version its reader saw).

    None when the form carries none; a value that is not a whole number is a page that
    cannot be trusted, and is treated as stale (DossierMoved), never as a server error."""
    raw = (data.get("lock_version") or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise DossierMoved()
    return int(raw)


def submission_action(dossier):
    """The owner's sending of `dossier`: a resubmission once changes were asked for."""
    if dossier.status == DossierStatus.CHANGES_REQUESTED:
        return DossierAction.RESUBMIT
    return DossierAction.SUBMIT


def may(user, dossier, spec):
    if spec.by == OWNER:
        return rules.is_owner(user, dossier)
    return rules.is_office_examiner(user, dossier)


def available_actions(dossier, user):
    """The actions `user` may take on `dossier` now, for buttons."""
    return [
        spec.action
        for spec in TRANSITIONS.values()
        if dossier.status in spec.sources and may(user, dossier, spec)
    ]


def transition(dossier, action, *, actor, comment="", expected_version=None):
    """Move `dossier` by `action` on behalf of `actor`; return the timeline event.

    In one transaction: lock the dossier row, check the transition exists from the
    current status and that `actor` may make it (else TransitionError, or DossierMoved
    if the status or `expected_version` differs from what the actor saw), validate the
    whole dossier on submission (AttachmentsInQuarantine while a file is still being
    checked, IncompleteDossier), give a reference at first
    submission, save the status with update_fields and a bumped lock_version, write the
    DossierEvent, run the kind's hooks for the action and send `dossier_transitioned`
    (carres.kinds; a hook that raises undoes everything), then record notifications and
    outbox rows (PDF, e-mails) that are dispatched to Celery once the transaction commits.
    """
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise TransitionError(_("Cette action n'existe pas."))
    comment = clean_comment(comment)
    model = type(dossier)
    with transaction.atomic():
        # Two examiners clicking "take" at once queue on this lock; the second one
        # then reads the committed status and is told the dossier has moved.
        locked = model.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if not may(actor, locked, spec):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if expected_version is not None and locked.lock_version != int(expected_version):
            raise DossierMoved()
        if locked.status not in spec.sources:
            if locked.status != dossier.status:
                raise DossierMoved()
            raise TransitionError()
        if spec.needs_reason and not comment:
            raise ReasonRequired()
        if spec.target == DossierStatus.SUBMITTED:
            if locked.attachments.filter(scan_status=ScanStatus.PENDING).exists():
                raise AttachmentsInQuarantine()
            errors = kind_for(locked).submission_errors(locked)
            if errors:
                raise IncompleteDossier(errors)

        now = timezone.now()
        from_status = locked.status
        locked.status = spec.target
        locked.lock_version += 1
        fields = ["status", "lock_version", "updated_at"]
        if spec.target == DossierStatus.SUBMITTED:
            locked.submitted_at = now
            fields.append("submitted_at")
            if locked.first_submitted_at is None:
                # Kept from the first submission on: the queue's order and the deadline.
                locked.first_submitted_at = now
                fields.append("first_submitted_at")
            if not locked.reference:
                locked.reference = allocate_reference(model.reference_prefix)
                fields.append("reference")
                # First submission: the routing rules choose the reviewing office.
                from carres.routing import route_dossier

                route_dossier(locked)
                fields.append("office")
        if spec.by == EXAMINER:
            locked.assigned_examiner = actor
            fields.append("assigned_examiner")
        if spec.target in DECIDED_STATUSES:
            locked.decided_at = now
            fields.append("decided_at")
        locked.save(update_fields=fields)
        event = DossierEvent.objects.create(
            dossier=locked,
            actor=actor,
            action=spec.action,
            from_status=from_status,
            to_status=spec.target,
            comment=comment,
            created_at=now,
        )
        # The kind's hooks (e.g. an accepted mark enters the register) and the signal:
        # whatever door the action came through, the same side effects happen.
        run_transition_hooks(locked, event)
        from carres.notifications import record_side_effects

        record_side_effects(locked, event)

    for name in fields:
        setattr(dossier, name, getattr(locked, name))
    return event


def add_internal_note(dossier, *, actor, comment):
    """A staff note on the timeline (internal=True): the entrepreneur never sees it."""
    comment = clean_comment(comment)
    if not rules.is_office_examiner(actor, dossier):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if not comment:
        raise ReasonRequired(_("La note est vide."))
    return DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        action=DossierAction.NOTE,
        from_status=dossier.status,
        to_status=dossier.status,
        comment=comment,
        internal=True,
    )
