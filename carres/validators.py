r"""What any text people type must not hold, checked once for every field.

Model fields take `LINE` (a name, a title, a number: one line) or `paragraphs(max_length)` (a
message, an address, a description: several lines, a maximum length); ModelForms get them
from the model (`full_clean`), other forms put them on their own fields. A meta-test
(tests/carres/test_validators.py) walks every model and form field of the project and
fails when a text field has neither.

- Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069)
  reorder what is displayed: "\u202enimda" shows as "admin". The marks U+200E and U+200F
  (LRM, RLM) only nudge neutral characters and are ordinary in Arabic text: they stay.
- Control characters (C0, DEL, C1) are no text; PostgreSQL refuses NUL outright. Several
  lines may hold line feeds, carriage returns and tabs.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
CONTROLS_BUT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not \t \n \r


def reject_bidi_controls(value):
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        raise ValidationError(
            _(
                "Ce texte contient un caractère invisible qui inverse le sens de lecture "
                "(U+202A à U+202E, U+2066 à U+2069) : retirez-le."
            ),
            code="bidi_control",
        )


def _control_error(found):
    return ValidationError(
        _("Ce texte contient un caractère de contrôle invisible (U+%(code)s) : retirez-le."),
        code="control_character",
        params={"code": f"{ord(found.group()):04X}"},
    )


def reject_control_characters(value):
    """One line: no control character at all."""
    if isinstance(value, str) and (found := CONTROLS.search(value)):
        raise _control_error(found)


def reject_control_characters_in_text(value):
    """Several lines: line feeds, carriage returns and tabs are allowed."""
    if isinstance(value, str) and (found := CONTROLS_BUT_LINE_BREAKS.search(value)):
        raise _control_error(found)


# One line (CharField): a name, a title, a reference someone types.
LINE = [reject_control_characters, reject_bidi_controls]
# Several lines (TextField): with `paragraphs(max_length)`.
TEXT = [reject_control_characters_in_text, reject_bidi_controls]


def paragraphs(max_length):
    """The validators of a text of several lines, at most `max_length` characters. Give the
    TextField the same `max_length` (the form's textarea gets it as `maxlength`) and its
    model a `char_length` CheckConstraint (`length_constraint`)."""
    return [*TEXT, MaxLengthValidator(max_length)]


def length_constraint(name, field, max_length):
    """The database's own limit on a TextField: char_length(field) <= max_length."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), max_length), name=name)


def validate_field(model, name, value):
    """Run the validators of `model`'s field `name` on `value`: for services that take text
    from a request without a form (the back office's buttons). ValidationError if refused."""
    model._meta.get_field(name).run_validators(value)
