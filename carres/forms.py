from django import forms
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE


class VerificationForm(forms.Form):
    """What a document's reader types on the public verification page."""

    reference = forms.CharField(
        label=_("Référence du dossier"),
        help_text=_(
            "Imprimée en haut du document, par exemple TM-2026-000123. "
            "Laissez vide pour une attestation de formation."
        ),
        required=False,
        max_length=40,
        validators=LINE,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Code de vérification"),
        help_text=_("Imprimé sous le code QR du document."),
        max_length=64,
        validators=LINE,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
