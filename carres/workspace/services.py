"""What examiners do to a dossier from the workspace: claim, take, assign, release, ask a
colleague's opinion and answer one."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carres import rules
from carres.enums import DossierAction, DossierStatus, NotificationVerb
from carres.models import (
    DossierEvent,
    OpinionRequest,
)
from carres.workflow import (
    ReasonRequired,
    TransitionError,
    clean_comment,
    transition,
)
from carres.workspace.selectors import OPEN_STATUSES


def _lock(dossier):
    return type(dossier).objects.select_for_update(of=("self",)).get(pk=dossier.pk)


def _hand_over(locked, *, actor, examiner, action, comment=""):
    """`examiner` (None: nobody) is now in charge of the locked dossier, and its internal
    timeline says who did it (claim, assign, release: the status does not change)."""
    locked.assigned_examiner = examiner
    locked.save(update_fields=["assigned_examiner", "updated_at"])
    DossierEvent.objects.create(
        dossier=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=locked.status,
        comment=comment,
        internal=True,
    )


def claim_dossier(dossier, *, actor):
    """`actor` becomes the examiner in charge, unless a colleague already is (compare-and-swap)."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not rules.is_office_examiner(actor, locked):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if locked.assigned_examiner_id not in (None, actor.pk):
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        _hand_over(locked, actor=actor, examiner=actor, action=DossierAction.CLAIM)
    dossier.assigned_examiner = actor
    return dossier


def take_dossier(dossier, *, actor):
    """The one "take" step: `actor` becomes the examiner in charge and, when the dossier was
    only submitted, its review starts (the TAKE transition: the owner sees "en examen").

    A dossier a colleague holds is refused; one given back to the queue while in review is
    simply claimed again. Returns the dossier."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not rules.is_office_examiner(actor, locked):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if locked.assigned_examiner_id not in (None, actor.pk):
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        if locked.status == DossierStatus.SUBMITTED:
            transition(locked, DossierAction.TAKE, actor=actor)
        elif locked.status == DossierStatus.IN_REVIEW:
            if locked.assigned_examiner_id is None:
                claim_dossier(locked, actor=actor)
        else:
            raise TransitionError()
    for name in ("status", "assigned_examiner", "lock_version"):
        setattr(dossier, name, getattr(locked, name))
    return dossier


def assign_dossier(dossier, *, actor, examiner):
    """Give `dossier` to `examiner`, an examiner of its office. Any examiner of the office may
    give an unassigned dossier; one held already is given on by its holder or an administrator."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not (rules.is_office_examiner(actor, locked) or actor.is_administrator):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if examiner is None or not (
            examiner.is_active and rules.is_office_examiner(examiner, locked)
        ):
            raise TransitionError(_("Choisissez un examinateur du même office."))
        if locked.assigned_examiner_id not in (None, actor.pk) and not actor.is_administrator:
            raise TransitionError(_("Un collègue a déjà pris ce dossier."))
        if locked.status not in OPEN_STATUSES:
            raise TransitionError()
        _hand_over(
            locked,
            actor=actor,
            examiner=examiner,
            action=DossierAction.ASSIGN,
            comment=examiner.get_full_name() or examiner.email,
        )
    dossier.assigned_examiner = examiner
    return dossier


def release_dossier(dossier, *, actor):
    """The examiner in charge (or an administrator) gives the dossier back to the queue."""
    with transaction.atomic():
        locked = _lock(dossier)
        if not (rules.is_examiner_in_charge(actor, locked) or actor.is_administrator):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        _hand_over(locked, actor=actor, examiner=None, action=DossierAction.RELEASE)
    dossier.assigned_examiner = None
    return dossier


def request_opinion(dossier, *, actor, colleague, comment):
    """An internal note addressed to another examiner of the same office, who is notified.

    Side effects, in order: an internal timeline event (never shown to the owner), the
    pending OpinionRequest the colleague answers (answer_opinion), an in-app notification
    and an outbox e-mail for the colleague, dispatched after commit.
    """
    from carres.notifications import dispatch_outbox, notify

    comment = clean_comment(comment)
    question = comment
    if not rules.is_office_examiner(actor, dossier):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if (
        colleague is None
        or colleague.pk == actor.pk
        or not rules.is_office_examiner(colleague, dossier)
    ):
        raise TransitionError(_("Choisissez un examinateur du même office."))
    if not comment:
        raise ReasonRequired(_("La note est vide."))
    # The colleague's name goes in front: the whole comment is checked against its maximum.
    comment = clean_comment(f"@{colleague.get_full_name() or colleague.email} : {comment}")
    with transaction.atomic():
        event = DossierEvent.objects.create(
            dossier=dossier,
            actor=actor,
            action=DossierAction.OPINION,
            from_status=dossier.status,
            to_status=dossier.status,
            comment=comment,
            internal=True,
        )
        OpinionRequest.objects.create(
            content_type=ContentType.objects.get_for_model(dossier),
            object_id=dossier.pk,
            asked_by=actor,
            colleague=colleague,
            question=question,
            created_at=event.created_at,
        )
        outbox = notify(
            dossier,
            recipient=colleague,
            verb=NotificationVerb.OPINION_REQUESTED,
            key=f"opinion:{event.pk}:{colleague.pk}",
        )
        if outbox is not None:  # None: the recipient reads a daily digest
            transaction.on_commit(lambda: dispatch_outbox([outbox.pk]))
    return event


# --- views ---------------------------------------------------------------------------


def answer_opinion(opinion, *, actor, answer):
    """The asked colleague answers `opinion` (an OpinionRequest), once.

    Only that colleague, still an examiner of the dossier's office, may answer. Side effects,
    in order: the request marked answered (row locked: a double post answers once), an
    internal OPINION_ANSWER timeline event (never shown to the owner), an in-app notification
    and an outbox e-mail for the asker, dispatched after commit (or in their daily digest).
    """
    from carres.notifications import dispatch_outbox, notify

    answer = clean_comment(answer)
    if not answer:
        raise ReasonRequired(_("L'avis est vide."))
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=opinion.pk)
        dossier = locked.dossier
        if (
            dossier is None
            or locked.colleague_id != actor.pk
            or not rules.is_office_examiner(actor, dossier)
        ):
            raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
        if locked.answered_at is not None:
            raise TransitionError(_("Vous avez déjà répondu à cette demande d'avis."))
        asker = locked.asked_by
        name = (asker.get_full_name() or asker.email) if asker else ""
        comment = clean_comment(f"@{name} : {answer}" if name else answer)
        locked.answer, locked.answered_at = answer, timezone.now()
        locked.save(update_fields=["answer", "answered_at"])
        DossierEvent.objects.create(
            dossier=dossier,
            actor=actor,
            action=DossierAction.OPINION_ANSWER,
            from_status=dossier.status,
            to_status=dossier.status,
            comment=comment,
            internal=True,
        )
        if asker is not None and asker.is_active:
            outbox = notify(
                dossier,
                recipient=asker,
                verb=NotificationVerb.OPINION_ANSWERED,
                key=f"opinion-answer:{locked.pk}:{asker.pk}",
            )
            if outbox is not None:
                transaction.on_commit(lambda: dispatch_outbox([outbox.pk]))
    opinion.answer, opinion.answered_at = locked.answer, locked.answered_at
    return opinion
