"""`get_<field>_display()` that translates one label, not every choice of the field.

Django's own builds, on each call, a dict of all the field's (value, label) pairs and
hashes every label on the way: each lazy label is translated to be hashed. A timeline
event's action (twenty choices) cost ~170 µs a line, a dossier's status ~60 µs; the
dashboard and dossier pages call them dozens of times. Here each field's labels are read
from a dict built once (keys are the stored values, labels stay lazy), and only the label
shown is translated, in the active language: the same text, a twentieth of the work.

Models whose displays are on busy pages put `ChoiceDisplay` first in their bases (it must
be there when the class is created: Django binds `get_<field>_display` then).
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = "_carres_choice_labels"


def _labels(field):
    """{stored value: lazy label} of `field`, or None when its choices may change (callable)."""
    try:
        return field.__dict__[_LABELS]
    except KeyError:
        pass
    labels = None
    if isinstance(field.choices, (list, tuple)):
        labels = {make_hashable(value): label for value, label in field.flatchoices}
    field.__dict__[_LABELS] = labels
    return labels


class ChoiceDisplay:
    def _get_FIELD_display(self, field):
        labels = _labels(field)
        if labels is None:
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
