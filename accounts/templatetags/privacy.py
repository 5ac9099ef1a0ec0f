import datetime
import json
import re

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carres.formatting import format_amount, format_date, format_datetime

register = template.Library()

# The export's JSON holds ISO dates (a stable code for machines); its PDF shows them as people
# read them (carres.formatting).
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?")


@register.filter
def export_value(value):
    """A value of the personal-data export as text for the PDF."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict) and {"total", "currency"} <= value.keys():
        # an amount with its workings (a fee estimate): the JSON keeps the detail for
        # machines, the PDF shows the total as people read it
        return format_amount(value["total"], value["currency"])
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    if isinstance(value, str) and ISO_MOMENT.fullmatch(value):
        if "T" in value:
            return format_datetime(datetime.datetime.fromisoformat(value))
        return format_date(datetime.date.fromisoformat(value))
    return value


@register.filter
def duration_days(days):
    """A retention period for the notice: 1095 → "3 ans", 30 → "30 jours"."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d an", "%(count)d ans", years) % {"count": years}
    return ngettext("%(count)d jour", "%(count)d jours", days) % {"count": days}


@register.filter
def duration_hours(hours):
    return ngettext("%(count)d heure", "%(count)d heures", hours) % {"count": hours}
