import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ip_filings.enums import ApplicantKind
from ip_filings.models import parse_class_number

# Spaces, commas and semicolons, Arabic ones (، ؛) included.
SEPARATORS = re.compile(r"[\s,;،؛]+")


class NiceClassesField(forms.CharField):
    """Class numbers typed as "25, 30 35" (or "٢٥، ٣٠"): a sorted list of distinct numbers
    from 1 to 45."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        parts = [part for part in SEPARATORS.split(value) if part]
        wrong = [part for part in parts if parse_class_number(part) is None]
        if wrong:
            raise forms.ValidationError(
                ngettext(
                    "La classe %(classes)s n'existe pas : les classes vont de 1 à 45.",
                    "Les classes %(classes)s n'existent pas : les classes vont de 1 à 45.",
                    len(wrong),
                )
                % {"classes": ", ".join(wrong)},
                code="invalid_class",
            )
        return sorted({parse_class_number(part) for part in parts})


class PriorMarkSearchForm(forms.Form):
    mark = forms.CharField(
        label=_("Votre marque"),
        max_length=200,
        help_text=_("En lettres latines ou en arabe, comme vous voulez la déposer."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off", "type": "search"}),
        error_messages={
            "required": _("Indiquez la marque à rechercher."),
            "max_length": _("Une marque tient en 200 caractères au plus."),
        },
    )
    classes = NiceClassesField(
        label=_("Classes de Nice"),
        required=False,
        help_text=_(
            "Numéros séparés par des virgules, par exemple 25, 30. Vide : toutes les classes."
        ),
    )


class ClassPickerForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher un produit ou un service"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "type": "search"}),
        error_messages={"max_length": _("200 caractères au plus.")},
    )
    description = forms.CharField(
        label=_("Décrivez votre activité"),
        required=False,
        max_length=2000,
        help_text=_("Nous proposons les classes qui correspondent à ce que vous vendez."),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
        error_messages={"max_length": _("2 000 caractères au plus.")},
    )


class FeeEstimateForm(forms.Form):
    classes = NiceClassesField(
        label=_("Classes de Nice"),
        help_text=_("Numéros séparés par des virgules, par exemple 25, 30."),
        error_messages={"required": _("Choisissez au moins une classe.")},
    )
    applicant_kind = forms.ChoiceField(
        label=_("Vous déposez en tant que"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.SME,
    )
