"""The IP self-diagnostic's questionnaire: one field per question, built from reference data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE


class DiagnosticForm(forms.Form):
    """One field per question (checkboxes or radio buttons), plus two free-text answers."""

    project = forms.CharField(
        label=_("Votre création en une phrase"),
        required=False,
        max_length=250,
        help_text=_("Par exemple : un capteur d'humidité pour l'irrigation goutte-à-goutte."),
        validators=LINE,
    )
    field = forms.CharField(label=_("Son domaine"), required=False, max_length=250, validators=LINE)
    brand = forms.CharField(
        label=_("Le nom sous lequel vous vendez, s'il y en a un"),
        required=False,
        max_length=160,
        help_text=_("Il préremplit le dossier de marque ou de création d'entreprise proposé."),
        validators=LINE,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].widget.attrs["dir"] = "auto"
        self.fields["field"].widget.attrs["dir"] = "auto"
        self.fields["brand"].widget.attrs["dir"] = "auto"
        for question in questions:
            options = [(choice.code, choice.label) for choice in question.choices.all()]
            if question.multiple:
                field = forms.MultipleChoiceField(
                    choices=options, widget=forms.CheckboxSelectMultiple, required=False
                )
            else:
                field = forms.ChoiceField(choices=options, widget=forms.RadioSelect, required=False)
            field.label = question.text
            field.help_text = question.help_text
            self.fields[question.code] = field
        self.questions = questions

    def selected(self):
        """{(question code, choice code)} answered."""
        picked = set()
        for question in self.questions:
            value = self.cleaned_data.get(question.code) or []
            for code in [value] if isinstance(value, str) else value:
                if code:
                    picked.add((question.code, code))
        return picked
