from django import forms

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "preferred_language"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name", "dir": "auto"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name", "dir": "auto"}),
            "phone": forms.TextInput(
                attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}
            ),
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("+0123456789 .-()")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 8):
            from django.utils.translation import gettext as _

            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone valide, par exemple +212 6 12 34 56 78.")
            )
        return phone
