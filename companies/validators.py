"""Official identifiers: ICE (15 digits, ISO 7064 mod 97-10) and IF."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.ma import ice as stdnum_ice


def validate_ice(value):
    try:
        stdnum_ice.validate(value or "")
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("L'ICE compte exactement 15 chiffres."), code="ice_length"
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _(
                "Cet ICE n'est pas valide : ses deux derniers chiffres de contrôle ne correspondent pas."
            ),
            code="ice_checksum",
        ) from None


def validate_if(value):
    value = (value or "").strip()
    if not (value.isdigit() and value.isascii() and 7 <= len(value) <= 10):
        raise ValidationError(
            _("L'identifiant fiscal (IF) compte de 7 à 10 chiffres."), code="if_format"
        )
