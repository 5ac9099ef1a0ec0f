"""The documents a trademark or patent filing asks for (carres.kinds.Requirement): each upload
answers one, and a newer file for the same one replaces it."""

from django.utils.translation import gettext as _

from carres.kinds import Requirement

POWER_OF_ATTORNEY = "pouvoir"
PRIORITY_DOCUMENT = "priorite"
DRAWINGS = "dessins"


def trademark_requirements(filing):
    """A representative files with the applicant's power of attorney; a priority claim with
    a copy of the earlier application. Both may be sent at any time, needed or not."""
    return [
        Requirement(
            POWER_OF_ATTORNEY,
            _("Pouvoir du mandataire"),
            required=bool(filing.representative_name.strip()),
        ),
        Requirement(
            PRIORITY_DOCUMENT,
            _("Copie de la demande antérieure (priorité)"),
            required=bool(filing.priority_number.strip() or filing.priority_date),
        ),
    ]


def patent_requirements(filing):
    """Drawings, as many as needed (added in their step), none required."""
    return [Requirement(DRAWINGS, _("Dessins"), required=False, many=True)]
