"""The calendar invitation (RFC 5545) of an accepted meeting, written with carres.ics.

Its UID is stable per appointment, so a calendar that imports it twice (the e-mail's
attachment, then the request page's download) keeps one event."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from carres.ics import calendar, escape, param, stamp, uid


def _person(user, role):
    name = user.get_full_name() or user.email
    return f"{role};CN={param(name)}:mailto:{user.email}"


def _attendee(user):
    name = user.get_full_name() or user.email
    return (
        f"ATTENDEE;CN={param(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CUTYPE=INDIVIDUAL"
        f":mailto:{user.email}"
    )


def appointment_summary(appointment):
    request = appointment.request
    return _("Rendez-vous · %(chamber)s · demande n° %(number)s") % {
        "chamber": request.chamber.name,
        "number": request.pk,
    }


def appointment_calendar(appointment, *, now=None):
    """A VCALENDAR (METHOD:REQUEST) with the accepted meeting: times in UTC, the chamber's
    advisor as organiser and both parties as attendees. The appointment needs its request,
    the request's entrepreneur, assignee and chamber loaded."""
    request = appointment.request
    advisor = request.assignee or appointment.proposed_by
    location = appointment.place or appointment.online_url
    description = "\n".join(
        bit
        for bit in (
            request.title,
            appointment.online_url,
            settings.SITE_URL + request.get_absolute_url(),
        )
        if bit
    )
    event = [
        "BEGIN:VEVENT",
        f"UID:{uid('chambers-appointment', appointment.pk)}",
        f"DTSTAMP:{stamp(now or timezone.now())}",
        f"DTSTART:{stamp(appointment.starts_at)}",
        f"DTEND:{stamp(appointment.ends_at)}",
        f"SUMMARY:{escape(appointment_summary(appointment))}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description)}",
        _person(advisor, "ORGANIZER"),
        _attendee(request.entrepreneur),
        _attendee(advisor),
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    if appointment.online_url:
        event.insert(-1, f"URL:{appointment.online_url}")
    return calendar([event], product="Chambres", method="REQUEST")


def appointment_filename(appointment):
    return f"rendez-vous-{appointment.pk}.ics"
