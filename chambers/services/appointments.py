"""Meetings on a support request, both ways: the advisor proposes a slot or the entrepreneur
proposes up to three; the other party accepts one or declines it. An appointment's status has
one writer, this module; each answer locks the request first (see _lock_appointment)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chambers import rules
from chambers.enums import AppointmentStatus, EventKind
from chambers.models import Appointment
from chambers.services.requests import _answer, _lock, _log

MAX_SLOTS = 3


@transaction.atomic
def propose_appointment(request, *, actor, starts_at, place="", online_url="", duration_minutes=60):
    """The advisor proposes a meeting. Side effects: the request moves to in progress if it
    was only assigned, the first answer is recorded, and the entrepreneur is notified."""
    _check_slot(starts_at, place, online_url)
    request = _lock(request)
    _answer(request, actor=actor)
    appointment = _new_slot(request, starts_at, actor, place, online_url, duration_minutes)
    _log(request, EventKind.APPOINTMENT, actor=actor, appointment=appointment)
    return appointment


def _new_slot(request, starts_at, actor, place, online_url, duration_minutes):
    return Appointment.objects.create(
        request=request,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online_url=online_url,
        proposed_by=actor,
    )


def _check_slot(starts_at, place, online_url):
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Le rendez-vous doit être dans le futur.")})
    if not place and not online_url:
        raise ValidationError({"place": _("Indiquez un lieu ou un lien de visioconférence.")})


@transaction.atomic
def propose_slots(request, *, actor, slots, place="", online_url="", duration_minutes=60):
    """The entrepreneur proposes one to three slots (at the chamber unless they name a place
    or a link). Side effects: one proposed appointment per slot, one "slots" event, and the
    advisor in charge is notified (in-app and by e-mail)."""
    request = _lock(request)
    if not rules.can_propose_slots(actor, request):
        raise PermissionDenied
    slots = sorted(set(slots))
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise ValidationError(_("Proposez entre un et trois créneaux."))
    if not place and not online_url:
        place = request.chamber.address or request.chamber.name
    for starts_at in slots:
        _check_slot(starts_at, place, online_url)
    appointments = [
        _new_slot(request, starts_at, actor, place, online_url, duration_minutes)
        for starts_at in slots
    ]
    _log(request, EventKind.SLOTS, actor=actor, appointment=appointments[0])
    return appointments


def _lock_appointment(appointment):
    """Lock the request, then the slot: two answers at once (the entrepreneur accepting one
    slot while the advisor accepts another) are serialised, and one of them is refused."""
    request = _lock(appointment.request)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    appointment.request = request
    return appointment


@transaction.atomic
def accept_appointment(appointment, *, actor):
    """The party who did not propose the slot accepts it. Side effects, in order: the other
    open or accepted slots of the request are superseded, the slot is accepted, an advisor's
    acceptance counts as the chamber's answer, and both parties are sent the calendar
    invitation with an in-app notification."""
    appointment = _lock_appointment(appointment)
    request = appointment.request
    if not rules.can_answer_appointment(actor, appointment):
        raise PermissionDenied
    if appointment.starts_at <= timezone.now():
        raise ValidationError(_("Ce créneau est passé."))
    if actor.pk != request.entrepreneur_id:
        _answer(request, actor=actor)
    now = timezone.now()
    request.appointments.exclude(pk=appointment.pk).filter(
        status__in=[AppointmentStatus.PROPOSED, AppointmentStatus.ACCEPTED]
    ).update(status=AppointmentStatus.SUPERSEDED, answered_at=now)
    appointment.status = AppointmentStatus.ACCEPTED
    appointment.answered_at = now
    appointment.save(update_fields=["status", "answered_at"])
    _log(request, EventKind.APPOINTMENT_ACCEPTED, actor=actor, appointment=appointment)
    return appointment


@transaction.atomic
def decline_appointment(appointment, *, actor, comment=""):
    """The party who did not propose the slot declines it; the proposer is told."""
    appointment = _lock_appointment(appointment)
    if not rules.can_answer_appointment(actor, appointment):
        raise PermissionDenied
    appointment.status = AppointmentStatus.DECLINED
    appointment.answered_at = timezone.now()
    appointment.save(update_fields=["status", "answered_at"])
    _log(
        appointment.request,
        EventKind.APPOINTMENT_DECLINED,
        actor=actor,
        comment=comment,
        appointment=appointment,
    )
    return appointment
