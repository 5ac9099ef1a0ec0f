"""iCalendar (RFC 5545) text for sessions, written by hand: a few lines, no dependency."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    limit = 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def _stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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
        f"UID:training-session-{session.pk}@{settings.SITE_URL.split('://')[-1]}",
        f"DTSTAMP:{_stamp(now)}",
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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Carres des innovateurs//Formations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for session in sessions:
        lines.extend(_event(session, now))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def session_calendar(session):
    return calendar([session], name=session.training.title)


def region_calendar(region, sessions):
    return calendar(sessions, name=_("Formations — %(region)s") % {"region": region.name})
