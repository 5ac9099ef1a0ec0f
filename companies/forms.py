from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import CompanyDossier
from companies.services import CONTENT_FIELDS


class CompanyDossierForm(forms.ModelForm):
    """The draft: every field optional here; completeness is checked at submission."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CompanyDossier
        fields = CONTENT_FIELDS
        widgets = {
            "name_1": forms.TextInput(attrs={"dir": "auto"}),
            "name_2": forms.TextInput(attrs={"dir": "auto"}),
            "name_3": forms.TextInput(attrs={"dir": "auto"}),
            "activity": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "capital": forms.NumberInput(attrs={"dir": "ltr", "step": "0.01", "min": "0"}),
            "head_office_city": forms.TextInput(attrs={"dir": "auto"}),
            "head_office_address": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }
        help_texts = {
            "capital": _("En dirhams, par exemple 100000."),
            "name_1": _(
                "La dénomination que vous préférez ; les deux suivantes sont des variantes."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version if self.instance.pk else 0
        self.fields["legal_form"].choices = [("", "—"), *self.fields["legal_form"].choices[1:]]

    def add_submission_errors(self, errors):
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
