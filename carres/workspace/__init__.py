"""The examiners' workspace (/backoffice/): a queue of every reviewable dossier, one screen per dossier.

Examiners see the dossiers routed to their office once submitted; administrators see all;
anyone else gets 404. Status changes go through `carres.workflow.transition`; claiming,
releasing and asking a colleague are the services below.
"""

from carres.workspace.selectors import *  # noqa: F403
from carres.workspace.services import *  # noqa: F403
from carres.workspace.views import *  # noqa: F403
