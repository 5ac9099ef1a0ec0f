"""Who may do what with a support request. Plain functions over the objects given."""

from chambers.enums import AppointmentStatus, RequestStatus


def membership(user):
    """The user's active advisor membership, or None."""
    if not user.is_authenticated or not user.is_advisor:
        return None
    advisor = getattr(user, "advisor", None)
    return advisor if advisor is not None and advisor.is_active else None


def is_chamber_manager(user, chamber):
    member = membership(user)
    return member is not None and member.is_manager and member.chamber_id == chamber.pk


def can_see_request(user, request):
    """Administrators see all; a manager the chamber's queue; an advisor the chamber's
    unassigned requests and their own."""
    if user.is_administrator:
        return True
    member = membership(user)
    if member is None or member.chamber_id != request.chamber_id:
        return False
    return member.is_manager or request.assignee_id in (None, user.pk)


def can_take_request(user, request):
    member = membership(user)
    return (
        member is not None
        and member.chamber_id == request.chamber_id
        and request.status == RequestStatus.NEW
    )


def can_assign_request(user, request):
    return request.is_open and (user.is_administrator or is_chamber_manager(user, request.chamber))


def can_work_on_request(user, request):
    """Propose an appointment, write to the entrepreneur, keep notes, close."""
    if not request.is_open or request.status == RequestStatus.NEW:
        return False
    return request.assignee_id == user.pk or can_assign_request(user, request)


def can_rate_request(user, request):
    return request.entrepreneur_id == user.pk and request.status == RequestStatus.CLOSED


def can_propose_slots(user, request):
    """The entrepreneur proposes meeting slots while the request is open."""
    return request.entrepreneur_id == user.pk and request.is_open


def can_answer_appointment(user, appointment):
    """Accept or decline a proposed slot: the party who did not propose it. The entrepreneur
    answers the chamber's slots; an advisor who may work on the request answers the
    entrepreneur's. A past slot cannot be accepted any more."""
    request = appointment.request
    if appointment.status != AppointmentStatus.PROPOSED or not request.is_open:
        return False
    if appointment.proposed_by_id == request.entrepreneur_id:
        return user.pk != request.entrepreneur_id and can_work_on_request(user, request)
    return user.pk == request.entrepreneur_id


def is_party_to(user, request):
    """The two parties of a request's meetings: its entrepreneur and its advisor."""
    return user.is_authenticated and user.pk in (request.entrepreneur_id, request.assignee_id)
