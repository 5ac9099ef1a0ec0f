from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Language
from carres.formatting import DigitsNormalizingFormMixin
from carres.validators import TEXT
from carres.widgets import QuickSelect
from trainings.enums import Audience, SessionStatus, Theme


def _with_blank(choices):
    return [("", _("Tous")), *list(choices)]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters: a GET form, every field optional."""

    region = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Région"),
        empty_label=_("Toutes"),
        widget=QuickSelect,
    )
    city = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Ville"), empty_label=_("Toutes"), widget=QuickSelect
    )
    theme = forms.ChoiceField(
        choices=_with_blank(Theme.choices), required=False, label=_("Thème"), widget=QuickSelect
    )
    audience = forms.ChoiceField(
        choices=_with_blank(Audience.choices),
        required=False,
        label=pgettext_lazy("audience", "Public"),
        widget=QuickSelect,
    )
    language = forms.ChoiceField(
        choices=_with_blank(Language.choices),
        required=False,
        label=_("Langue"),
        widget=QuickSelect,
    )
    date_from = forms.DateField(
        required=False, label=_("À partir du"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("Jusqu'au"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from chambers.models import City, Region
        from trainings.models import TrainingSession

        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        # Only towns with sessions to come: the full list of communes is far too long, and a
        # town whose sessions are all past would only lead to an empty list. (EXISTS probes
        # the city index once a town; a join with DISTINCT read all 10,000 sessions.)
        upcoming = TrainingSession.objects.filter(
            city=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
        )
        self.fields["city"].queryset = City.objects.filter(Exists(upcoming)).order_by("name")
        # The options from one plain query each: a ModelChoiceField reads its queryset with
        # iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round
        # trips and a held cursor) on every rendering. Validation still asks the queryset.
        for name in ("region", "city"):
            field = self.fields[name]
            field.choices = [
                ("", field.empty_label),
                *((place.pk, place.name) for place in field.queryset),
            ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La date de fin doit suivre la date de début."))
        return data

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class FeedbackForm(DigitsNormalizingFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Votre note"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 = excellent, 1 = très insuffisant"),
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 5}),
        validators=TEXT,
    )


class AttendanceByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail du participant"), widget=forms.EmailInput(attrs={"dir": "ltr"})
    )
