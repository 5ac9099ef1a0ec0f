"""The IP self-diagnostic: a questionnaire built from reference data, and the action plan it yields."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carres.validators import LINE
from ip_filings.models import DiagnosticQuestion, Recommendation
from ip_filings.patent_enums import ApplicantProfile, RightKind


def questions():
    return list(DiagnosticQuestion.objects.prefetch_related("choices"))


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

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].widget.attrs["dir"] = "auto"
        self.fields["field"].widget.attrs["dir"] = "auto"
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


def _start_url(recommendation, data, profile):
    if recommendation.right == RightKind.PATENT:
        query = {"title": data.get("project", ""), "field": data.get("field", "")}
        if profile:
            query["profile"] = profile
        return reverse("patents:patent_create") + "?" + urlencode(query)
    if recommendation.right == RightKind.TRADEMARK:
        return reverse("ip_filings:trademark_create")
    if recommendation.right == RightKind.TRADE_NAME:
        return reverse("companies:create")
    return ""


def action_plan(form):
    """The recommendations whose conditions the answers meet, first things first, with links."""
    picked = form.selected()
    profile_codes = {code for question, code in picked if question == "profile"}
    profile = next((code for code in profile_codes if code in ApplicantProfile.values), "")
    plan = []
    recommendations = Recommendation.objects.prefetch_related(
        "choices__question", "excluded_by__question"
    )
    for recommendation in recommendations:
        conditions = {(c.question.code, c.code) for c in recommendation.choices.all()}
        excluded = {(c.question.code, c.code) for c in recommendation.excluded_by.all()}
        if conditions and not (conditions & picked):
            continue
        if excluded & picked:
            continue
        plan.append(
            {
                "recommendation": recommendation,
                "start_url": _start_url(recommendation, form.cleaned_data, profile),
                "training_url": (
                    reverse("trainings:catalogue")
                    + "?"
                    + urlencode({"theme": recommendation.training_theme})
                    if recommendation.training_theme
                    else ""
                ),
                "chamber_url": (
                    reverse("chambers:request_create")
                    + "?"
                    + urlencode({"topic": recommendation.chamber_topic})
                    if recommendation.chamber_topic
                    else ""
                ),
            }
        )
    return plan
