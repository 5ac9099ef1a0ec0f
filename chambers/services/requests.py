"""Every write on chambers' support requests. One function per use case, in a transaction.

A request's status has one writer, `_move`: it locks the row (select_for_update) so that two
advisors clicking "take" at once cannot both win, refuses transitions that do not exist,
saves with update_fields, logs the event on the request's timeline and queues the
entrepreneur's notification once the transaction commits.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carres.selectors import owns_dossier
from chambers import rules
from chambers.enums import EventKind, Outcome, RequestStatus
from chambers.models import (
    Appointment,
    Feedback,
    InternalNote,
    ReminderLog,
    SupportMessage,
    SupportRequest,
    SupportRequestEvent,
)
from chambers.selectors import (
    chamber_managers,
    chambers_serving,
    overdue_requests,
    route_chamber,
    route_relay,
)

TRANSITIONS = {
    RequestStatus.NEW: {RequestStatus.ASSIGNED, RequestStatus.CLOSED},
    RequestStatus.ASSIGNED: {
        RequestStatus.ASSIGNED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.CLOSED,
    },
    RequestStatus.IN_PROGRESS: {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}
# Events the entrepreneur is told about (in-app and by e-mail), except those of their own in
# OWN_SILENT; events the advisor in charge is told about, except their own unless BOTH_PARTIES.
ENTREPRENEUR_EVENTS = {
    EventKind.CREATED,
    EventKind.ASSIGNED,
    EventKind.APPOINTMENT,
    EventKind.MESSAGE,
    EventKind.CLOSED,
    EventKind.APPOINTMENT_ACCEPTED,
    EventKind.APPOINTMENT_DECLINED,
}
OWN_SILENT = {EventKind.MESSAGE, EventKind.APPOINTMENT_DECLINED}
ADVISOR_EVENTS = {
    EventKind.SLOTS,
    EventKind.APPOINTMENT_ACCEPTED,
    EventKind.APPOINTMENT_DECLINED,
}
BOTH_PARTIES = {EventKind.APPOINTMENT_ACCEPTED}  # each gets the calendar invitation


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _log(request, kind, *, actor, from_status="", comment="", appointment=None):
    """Write the timeline event and queue, after commit, one notification task per party
    to tell (chambers.tasks.send_request_notification: in-app, then e-mail)."""
    event = SupportRequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=request.status,
        comment=comment,
        appointment=appointment,
    )
    actor_id = actor.pk if actor is not None else None
    from chambers.tasks import send_request_notification

    own = actor_id == request.entrepreneur_id
    if kind in ENTREPRENEUR_EVENTS and not (own and kind in OWN_SILENT):
        send_request_notification.delay_on_commit(event.pk)
    advisor_id = request.assignee_id
    if (
        advisor_id is not None
        and kind in ADVISOR_EVENTS
        and (actor_id != advisor_id or kind in BOTH_PARTIES)
    ):
        send_request_notification.delay_on_commit(event.pk, party="advisor")
    return event


def _lock(request):
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _move(request, to_status, kind, *, actor, comment="", **fields):
    """Change the status of a locked request and log it."""
    if to_status not in TRANSITIONS[request.status]:
        raise ValidationError(_("Cette action n'est plus possible pour cette demande."))
    from_status = request.status
    request.status = to_status
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=["status", *fields])
    return _log(request, kind, actor=actor, from_status=from_status, comment=comment)


@transaction.atomic
def create_support_request(
    entrepreneur, *, topic, region, language, message, dossier_reference="", chamber=None
):
    """An entrepreneur asks for help. Side effects, in order: the request is routed (to the
    chosen chamber if it serves the region, else by the routing rules), its first-answer due
    day is set from the chamber's service level (a cited dossier must be the entrepreneur's own), a "created" event is logged and the
    entrepreneur is sent an acknowledgement."""
    if dossier_reference and not owns_dossier(entrepreneur, dossier_reference):
        raise ValidationError(
            {"dossier_reference": _("Une demande ne peut citer que l'un de vos dossiers.")}
        )
    chosen = chamber is not None
    if chosen and not chambers_serving(region).filter(pk=chamber.pk).exists():
        raise ValidationError({"chamber": _("Cette chambre ne sert pas la région choisie.")})
    chamber = chamber or route_chamber(region, topic)
    # A rule may send the entrepreneur to a relay (a university's technology-transfer office).
    relay = None if chosen else route_relay(region, topic)
    if chamber is None:
        raise ValidationError({"region": _("Aucune chambre ne sert encore cette région.")})
    request = SupportRequest.objects.create(
        entrepreneur=entrepreneur,
        topic=topic,
        region=region,
        language=language,
        message=message,
        dossier_reference=dossier_reference,
        chamber=chamber,
        chamber_chosen_by_entrepreneur=chosen,
        relay=relay,
        first_answer_due=add_working_days(timezone.localdate(), chamber.first_answer_days),
    )
    _log(request, EventKind.CREATED, actor=entrepreneur)
    return request


@transaction.atomic
def take_request(request, *, actor):
    """An advisor of the chamber takes a new request: it is assigned to them."""
    request = _lock(request)
    if not rules.can_take_request(actor, request):
        raise PermissionDenied
    _move(request, RequestStatus.ASSIGNED, EventKind.ASSIGNED, actor=actor, assignee=actor)
    return request


@transaction.atomic
def assign_request(request, *, assignee, actor):
    """A chamber manager (or an administrator) assigns or reassigns a request to an advisor of
    the chamber. An in-progress request stays in progress with its new advisor."""
    request = _lock(request)
    if not rules.can_assign_request(actor, request):
        raise PermissionDenied
    member = rules.membership(assignee)
    if member is None or member.chamber_id != request.chamber_id:
        raise ValidationError({"assignee": _("Ce conseiller n'appartient pas à cette chambre.")})
    to_status = (
        RequestStatus.IN_PROGRESS
        if request.status == RequestStatus.IN_PROGRESS
        else RequestStatus.ASSIGNED
    )
    _move(request, to_status, EventKind.ASSIGNED, actor=actor, assignee=assignee)
    return request


def _answer(request, *, actor):
    """The first thing the chamber says to the entrepreneur starts the work on the request."""
    if not rules.can_work_on_request(actor, request):
        raise PermissionDenied
    if request.status == RequestStatus.ASSIGNED:
        _move(request, RequestStatus.IN_PROGRESS, EventKind.STARTED, actor=actor)
    if request.first_answered_at is None:
        request.first_answered_at = timezone.now()
        request.save(update_fields=["first_answered_at"])


@transaction.atomic
def start_request(request, *, actor):
    """The assignee starts working on an assigned request (assigned -> in progress)."""
    request = _lock(request)
    if not rules.can_work_on_request(actor, request):
        raise PermissionDenied
    _move(request, RequestStatus.IN_PROGRESS, EventKind.STARTED, actor=actor)
    return request


@transaction.atomic
def post_message(request, *, actor, body):
    """A message between the entrepreneur and the chamber. From the chamber, it is an answer
    (see chambers.services.appointments); from the entrepreneur, it only needs the request to be open."""
    request = _lock(request)
    if actor.pk == request.entrepreneur_id:
        if not request.is_open:
            raise ValidationError(_("Cette demande est clôturée."))
    else:
        _answer(request, actor=actor)
    message = SupportMessage.objects.create(request=request, author=actor, body=body)
    _log(request, EventKind.MESSAGE, actor=actor)
    return message


@transaction.atomic
def add_internal_note(request, *, actor, body):
    """A note for the chamber only: no event on the entrepreneur's timeline, no e-mail."""
    if not rules.can_see_request(actor, request) or (
        not request.is_open and not actor.is_administrator
    ):
        raise PermissionDenied
    return InternalNote.objects.create(request=request, author=actor, body=body)


@transaction.atomic
def close_request(request, *, actor, outcome, comment=""):
    """The advisor closes the request with an outcome; the entrepreneur is told and may rate."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choisissez une issue.")})
    request = _lock(request)
    if not rules.can_work_on_request(actor, request):
        raise PermissionDenied
    _move(
        request,
        RequestStatus.CLOSED,
        EventKind.CLOSED,
        actor=actor,
        comment=comment,
        outcome=outcome,
        closed_at=timezone.now(),
    )
    return request


@transaction.atomic
def rate_request(request, *, actor, rating, comment=""):
    """The entrepreneur rates the help once the request is closed; only once."""
    request = _lock(request)
    if not rules.can_rate_request(actor, request):
        raise ValidationError(_("Vous pourrez donner votre avis une fois la demande clôturée."))
    if Feedback.objects.filter(request=request).exists():
        raise ValidationError(_("Vous avez déjà donné votre avis sur cette demande."))
    feedback = Feedback.objects.create(
        request=request, chamber_id=request.chamber_id, rating=rating, comment=comment
    )
    _log(request, EventKind.RATED, actor=actor)
    return feedback


def remind_overdue_requests(today=None):
    """Once a day: for each overdue request, record today's reminder (the (request, day)
    row is unique, so a second run the same day finds it and does nothing) and queue the
    e-mail to the assignee and the chamber's managers. Returns how many were queued."""
    from chambers.tasks import send_overdue_reminder

    today = today or timezone.localdate()
    queued = 0
    for request in overdue_requests(today):
        recipients = {user.email for user in chamber_managers(request.chamber)}
        if request.assignee is not None:
            recipients.add(request.assignee.email)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    request=request, day=today, recipients=sorted(recipients)
                )
                send_overdue_reminder.delay_on_commit(log.pk)
        except IntegrityError:
            continue  # already reminded today
        queued += 1
    return queued


@transaction.atomic
def anonymise_requests_of_deleted_account(entrepreneur):
    """The entrepreneur deleted their account (accounts.services.delete_account).

    Open requests are closed (no e-mail: there is nobody to write to). Every request keeps
    what the chamber's statistics need (topic, region, chamber, dates, outcome, rating) and
    loses what the entrepreneur or the advisor wrote: message, linked dossier, messages,
    internal notes, appointments, comments. Returns how many requests were touched."""
    requests = list(
        SupportRequest.objects.select_for_update().filter(entrepreneur=entrepreneur).order_by("pk")
    )
    now = timezone.now()
    for request in requests:
        if request.is_open:
            from_status = request.status
            request.status = RequestStatus.CLOSED
            request.outcome = Outcome.NO_ANSWER
            request.closed_at = now
            request.save(update_fields=["status", "outcome", "closed_at"])
            SupportRequestEvent.objects.create(
                request=request,
                kind=EventKind.CLOSED,
                actor=None,
                from_status=from_status,
                to_status=request.status,
                notified_at=now,  # deliberately not sent
            )
    ids = [request.pk for request in requests]
    SupportRequest.objects.filter(pk__in=ids).update(message="", dossier_reference="")
    SupportMessage.objects.filter(request_id__in=ids).delete()
    InternalNote.objects.filter(request_id__in=ids).delete()
    Appointment.objects.filter(request_id__in=ids).delete()
    SupportRequestEvent.objects.filter(request_id__in=ids).update(comment="")
    Feedback.objects.filter(request_id__in=ids).update(comment="")
    return len(ids)


def purge_closed_requests(closed_before):
    """Retention: requests closed before `closed_before` are deleted with their timeline,
    messages, notes, appointments, rating and reminders. Returns how many."""
    with transaction.atomic():
        _count, by_model = SupportRequest.objects.filter(
            status=RequestStatus.CLOSED, closed_at__lt=closed_before
        ).delete()
    return by_model.get("chambers.SupportRequest", 0)
