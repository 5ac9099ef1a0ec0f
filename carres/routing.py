"""Which office (OMPIC or INPI) reviews a dossier: administrator-edited rules, default OMPIC."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.enums import Office
from carres.enums import DossierAction
from carres.kinds import run_transition_hooks
from carres.models import DossierEvent, RoutingRule
from carres.workflow import ReasonRequired, TransitionError, clean_comment

DEFAULT_OFFICE = Office.OMPIC


def rule_for(*, kind, profile="", programme=""):
    """The first active rule matching a dossier kind (reference prefix), applicant profile
    and programme, or None (the dossier then goes to DEFAULT_OFFICE)."""
    for rule in RoutingRule.objects.filter(is_active=True):
        if rule.matches(kind=kind, profile=profile, programme=programme):
            return rule
    return None


def office_for(dossier):
    """The office of the first active rule matching the dossier's kind, applicant profile and programme."""
    rule = rule_for(
        kind=type(dossier).reference_prefix,
        profile=getattr(dossier, "applicant_profile", "") or "",
        programme=getattr(dossier, "programme", "") or "",
    )
    return rule.office if rule else DEFAULT_OFFICE


def route_dossier(dossier):
    """Set `dossier.office` from the rules (called by the workflow at first submission; not saved)."""
    dossier.office = office_for(dossier)
    return dossier.office


def reassign_office(dossier, *, actor, office, reason):
    """An administrator sends a dossier to the other office; the reason goes on the timeline.

    Side effects, in order: row locked, office changed, examiner in charge cleared (the new
    office takes it afresh), lock_version bumped, an event written (visible to the owner).
    """
    reason = clean_comment(reason)
    if not (actor.is_authenticated and actor.is_administrator):
        raise TransitionError(_("Vous n'avez pas le droit de faire cela sur ce dossier."))
    if office not in Office.values:
        raise TransitionError()
    if not reason:
        raise ReasonRequired()
    model = type(dossier)
    with transaction.atomic():
        locked = model.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if locked.office == office:
            raise TransitionError(_("Le dossier est déjà traité par cet office."))
        previous = locked.get_office_display()
        # The timeline's comment holds the offices too: checked whole, within its maximum.
        comment = clean_comment(f"{previous} → {Office(office).label} : {reason}")
        locked.office = office
        locked.assigned_examiner = None
        locked.lock_version += 1
        locked.save(update_fields=["office", "assigned_examiner", "lock_version", "updated_at"])
        event = DossierEvent.objects.create(
            dossier=locked,
            actor=actor,
            action=DossierAction.REASSIGN,
            from_status=locked.status,
            to_status=locked.status,
            comment=comment,
        )
        # The same hooks and signal as a transition: the new office's examiners are told.
        run_transition_hooks(locked, event)
    for name in ("office", "assigned_examiner", "lock_version"):
        setattr(dossier, name, getattr(locked, name))
    return event
