"""The actions that bring a new dossier to each state, read from `carres.workflow`.

The data set loads every kind of dossier in every state with the timeline the workflow
would have written: the shortest path of transitions from a draft to each state, found in
`carres.workflow.TRANSITIONS` (not a copy of it), so that a new transition or a new state
reaches the data set with no change here.
"""

from collections import deque
from typing import NamedTuple


class Step(NamedTuple):
    action: str
    source: str
    target: str
    by: str  # carres.workflow.OWNER or EXAMINER
    needs_reason: bool


def paths_to_every_state():
    """{state: [Step, ...]}, from a new (draft) dossier to each state of DossierStatus, the
    shortest way through the workflow's transitions (taken in their declared order).
    Needs Django set up: carres.workflow imports the models."""
    from carres.enums import DossierStatus
    from carres.workflow import TRANSITIONS

    start = str(DossierStatus.DRAFT)
    paths, queue = {start: []}, deque([start])
    while queue:
        state = queue.popleft()
        for spec in TRANSITIONS.values():
            target = str(spec.target)
            if state in spec.sources and target not in paths:
                step = Step(str(spec.action), state, target, spec.by, spec.needs_reason)
                paths[target] = [*paths[state], step]
                queue.append(target)
    unreachable = set(DossierStatus.values) - set(paths)
    if unreachable:
        raise RuntimeError(f"no transition leads a draft to {sorted(unreachable)}")
    return {state: paths[state] for state in DossierStatus.values}
