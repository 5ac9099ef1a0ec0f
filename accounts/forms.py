from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import ConsentSource
from accounts.models import User
from carres.formatting import DigitsNormalizingFormMixin


class ProfileForm(DigitsNormalizingFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "preferred_language", "notification_digest"]
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
            raise forms.ValidationError(
                gettext("Saisissez un numéro de téléphone valide, par exemple +212 6 12 34 56 78.")
            )
        return phone


OPTIONAL_EMAILS_LABEL = _(
    "J'accepte de recevoir par e-mail les annonces de nouvelles formations, des étapes de la "
    "caravane et les actualités du programme (facultatif, retirable à tout moment depuis mon profil)."
)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, plus the notice's acceptance (required) and the optional consent
    (separate, unticked): law 09-08 asks for informed, specific consent."""

    accept_notice = forms.BooleanField(
        label=_("J'ai lu la notice d'information sur la protection des données personnelles."),
        required=True,
        error_messages={
            "required": _("Pour créer un compte, lisez et acceptez la notice d'information.")
        },
    )
    optional_emails = forms.BooleanField(label=OPTIONAL_EMAILS_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("accept_notice", "optional_emails"):  # after the password fields
            self.fields[name] = self.fields.pop(name)
        self.fields["accept_notice"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("privacy_notice"),
            gettext("Lire la notice d'information (protection des données personnelles)"),
        )

    def save(self, request):
        from accounts.services import accept_privacy_notice, set_optional_emails

        user = super().save(request)
        accept_privacy_notice(user, source=ConsentSource.SIGNUP)
        if self.cleaned_data.get("optional_emails"):
            set_optional_emails(user, granted=True, source=ConsentSource.SIGNUP)
        return user


class ConsentForm(forms.Form):
    optional_emails = forms.BooleanField(label=OPTIONAL_EMAILS_LABEL, required=False)


class DeleteAccountForm(forms.Form):
    """The user confirms with their password, and ticks that they understood."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte sera fermé et que cette action est définitive."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("Ce mot de passe n'est pas le bon."))
        return password
