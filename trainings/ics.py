"""iCalendar (RFC 5545) text for sessions, written by hand with carres.ics: no dependency."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from carres.ics import calendar as vcalendar
from carres.ics import escape as _escape
from carres.ics import stamp as _stamp
from carres.ics import uid


def _where(session):
    if session.venue_id is None:
        return session.online_url
    bits = [session.venue.name]
    if getattr(session.venue, "address", ""):
        bits.append(session.venue.address)
    if session.city_id:
        bits.append(session.city.name)
    return ", ".join(str(bit) for bit in bits if bit)


def _event(session, now):
    url = settings.SITE_URL + session.get_absolute_url()
    description = f"{session.training.description}\n\n{url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid('training-session', session.pk)}",
        f"DTSTAMP:{_stamp(now)}",
        f"SEQUENCE:{session.calendar_sequence}",
        f"DTSTART:{_stamp(session.starts_at)}",
        f"DTEND:{_stamp(session.ends_at)}",
        f"SUMMARY:{_escape(session.training.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"LOCATION:{_escape(_where(session))}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if session.is_cancelled else "CONFIRMED"),
        "END:VEVENT",
    ]
    return lines


def calendar(sessions, *, name):
    """A VCALENDAR holding one VEVENT per session; sessions need training, venue, city loaded."""
    now = timezone.now()
    return vcalendar(
        [_event(session, now) for session in sessions], product="Formations", name=name
    )


def session_calendar(session):
    return calendar([session], name=session.training.title)


def region_calendar(region, sessions):
    return calendar(sessions, name=_("Formations — %(region)s") % {"region": region.name})
