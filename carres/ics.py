"""iCalendar (RFC 5545) text, written by hand: escaping, line folding, UTC stamps and the
VCALENDAR around the events a feature builds (trainings' sessions, chambers' appointments)."""

from datetime import UTC

from django.conf import settings


def escape(text):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def param(text):
    """A parameter value (RFC 5545 3.2), e.g. CN: quoted, without the quotes it cannot hold."""
    cleaned = " ".join(str(text).replace('"', "").split())
    return f'"{cleaned}"'


def fold(line):
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


def stamp(moment):
    """A date-time in UTC, the form every calendar reads without a VTIMEZONE."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(kind, pk):
    """A UID stable for the object: the same invitation updates, never duplicates."""
    return f"{kind}-{pk}@{settings.SITE_URL.split('://')[-1]}"


def calendar(events, *, product, method="PUBLISH", name=None):
    """A VCALENDAR holding the given VEVENTs (each a list of unfolded lines), CRLF-ended."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Carres des innovateurs//{product}//FR",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
