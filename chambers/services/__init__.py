"""Every write on chambers' support requests, one function per use case, in a transaction:
the requests' life (requests.py) and their meetings (appointments.py)."""

from chambers.services.appointments import (
    MAX_SLOTS,
    accept_appointment,
    decline_appointment,
    propose_appointment,
    propose_slots,
)
from chambers.services.requests import (
    TRANSITIONS,
    add_internal_note,
    add_working_days,
    anonymise_requests_of_deleted_account,
    assign_request,
    close_request,
    create_support_request,
    post_message,
    purge_closed_requests,
    rate_request,
    remind_overdue_requests,
    start_request,
    take_request,
)

__all__ = [
    "MAX_SLOTS",
    "TRANSITIONS",
    "accept_appointment",
    "add_internal_note",
    "add_working_days",
    "anonymise_requests_of_deleted_account",
    "assign_request",
    "close_request",
    "create_support_request",
    "decline_appointment",
    "post_message",
    "propose_appointment",
    "propose_slots",
    "purge_closed_requests",
    "rate_request",
    "remind_overdue_requests",
    "start_request",
    "take_request",
]
